import { describe, expect, it } from 'vitest';
import { DeployGuard } from '../../src/engine/deploy-guard';

describe('DeployGuard', () => {
  it('allows exactly one deploy and one in-place upgrade after it', () => {
    const g = new DeployGuard();
    expect(() => g.beforeUpgrade()).toThrow(/without a live deployment/);
    g.beforeDeploy();
    expect(g.count).toBe(1);
    expect(() => g.beforeDeploy()).toThrow(/second deploy/);
    g.beforeUpgrade();
    expect(() => g.beforeUpgrade()).toThrow(/second upgrade/);
    expect(g.count).toBe(1);
  });
});
