import { describe, expect, it } from 'vitest';
import { normalizeOps, parseRunOptions } from '../../src/engine/options';

const cli = (k: string) => `--${k}`;

describe('run options shared by the CLI and the action', () => {
  it('defaults to every op and teardown always; leaves timeout and upgrade base to config.yml', () => {
    expect(parseRunOptions({}, cli)).toEqual({
      backend: 'swarm',
      ops: ['lint', 'install', 'upgrade', 'backup', 'restore', 'custom'],
      teardown: 'always',
      timeout: undefined,
      upgradeFrom: undefined,
      hostAccess: 'auto',
    });
    expect(parseRunOptions({ backend: 'abra' }, cli).backend).toBe('abra');
    expect(parseRunOptions({ 'upgrade-from': 'none', timeout: '60' }, cli)).toMatchObject({ upgradeFrom: 'none', timeout: 60 });
  });

  it('names the flag or input that is wrong', () => {
    expect(() => parseRunOptions({ ops: 'install,deploy' }, cli)).toThrow(
      '--ops: unknown op "deploy"; use lint, install, upgrade, backup, restore, custom',
    );
    expect(() => parseRunOptions({ teardown: 'sometimes' }, (k) => `input ${k}`)).toThrow(
      'input teardown must be always, on-success or never, not "sometimes"',
    );
    expect(() => parseRunOptions({ 'host-access': 'yes' }, (k) => `input ${k}`)).toThrow(
      'input host-access must be auto, allow or refuse, not "yes"',
    );
    expect(() => parseRunOptions({ timeout: '1.5' }, cli)).toThrow('--timeout is "1.5"; give a whole number of seconds');
    expect(() => parseRunOptions({ backend: 'docker' }, cli)).toThrow('--backend must be swarm or abra, not "docker"');
  });

  it('orders ops canonically and adds install when an op needs the deployment', () => {
    expect(normalizeOps(['restore'])).toEqual(['install', 'backup', 'restore']);
    expect(normalizeOps(['lint'])).toEqual(['lint']);
    expect(normalizeOps(['custom', 'lint', 'custom'])).toEqual(['lint', 'install', 'custom']);
  });
});
