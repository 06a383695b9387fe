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
    expect(() => g.beforeUpgrade()).toThrow('deploy-count guard: upgrade 2 was attempted, but the upgrade path has 1 hop(s)');
    expect(g.count).toBe(1);
  });

  it('allows one in-place upgrade per hop of the upgrade path, and no more', () => {
    const g = new DeployGuard(3);
    g.beforeDeploy();
    for (let i = 0; i < 3; i++) g.beforeUpgrade();
    expect(() => g.beforeUpgrade()).toThrow(/upgrade 4 was attempted, but the upgrade path has 3 hop/);
    expect(g.count).toBe(1);
  });
});
