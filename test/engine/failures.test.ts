import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Interrupted } from '../../src/errors';
import { readResults } from '../../src/report/results-file';
import { APP, fixture, harness, INSTALLED, opOf, run, SECRET, verdicts } from './helpers';

const manifestOf = (stateDir: string) => JSON.parse(readFileSync(join(stateDir, 'manifest.json'), 'utf8'));

describe('a backend that throws mid-op', () => {
  it('fails that op with the error, blocks what needs it, and still tears down', async () => {
    const { results, log } = await run(fixture('real-shaped'), ['install', 'backup'], {
      throwIn: { method: 'services', error: new Error('docker said no') },
    });
    expect(verdicts(results)).toEqual({ install: ['fail', 'docker said no'], backup: ['blocked', 'install failed'] });
    expect(opOf(results, 'install').autopsy).toMatchObject({ reason: 'unknown', event: 'docker said no' });
    expect(log).toEqual(['setupHost', SECRET, 'deploy 0', 'waitConverged', 'teardown']);
    expect(results.teardown.status).toBe('done');
  });
});

describe("cc-ci's own crash", () => {
  it('tears down, marks the manifest finished, then rethrows: a front end that throws', async () => {
    const h = harness(
      fixture('real-shaped'),
      ['install', 'backup'],
      {},
      {
        events: {
          opFinished: (r) => {
            if (r.op === 'install') throw new Error('front end bug');
          },
        },
      },
    );
    await expect(h.start()).rejects.toThrow('front end bug');
    expect(h.log).toEqual([...INSTALLED, 'teardown']);
    expect(manifestOf(h.stateDir).finished).toBe(true);
    // The partial results saved before the crash survive it, for the post step.
    const partial = readResults(join(h.stateDir, 'results.json'));
    expect([partial.ops.map((o) => [o.op, o.status]), partial.teardown.status]).toEqual([[['install', 'pass']], 'pending']);
  });

  it('tears down, then rethrows: results the schema refuses (a non-integer exit code from the backend)', async () => {
    const h = harness(fixture('real-shaped'), ['install'], {
      converge: () => ({ ok: false, failure: { kind: 'task-failed', service: APP, message: 'task failed', exitCode: 1.5 } }),
    });
    await expect(h.start()).rejects.toThrow(/exit_code/);
    expect(h.log.at(-1)).toBe('teardown');
    expect(h.fake().tornDown).toBe(true);
    expect(manifestOf(h.stateDir).finished).toBe(true);
  });
});

describe('interruption', () => {
  it('fails the running op, skips the rest as not run, and tears down', async () => {
    const ctrl = new AbortController();
    const interrupt = (_op: string, detail: string) => detail.startsWith('converging') && ctrl.abort(new Interrupted('SIGTERM'));
    const { results, log } = await run(
      fixture('real-shaped'),
      ['install', 'upgrade', 'backup', 'custom'],
      { slowMs: 5000 },
      { signal: ctrl.signal, events: { opProgress: interrupt } },
    );
    expect(verdicts(results)).toEqual({
      install: ['fail', 'interrupted by SIGTERM'],
      upgrade: ['skip', 'not run: the run was interrupted'],
      backup: ['skip', 'not run: the run was interrupted'],
      custom: ['skip', 'not run: the run was interrupted'],
    });
    expect(opOf(results, 'install').autopsy).toMatchObject({ reason: 'interrupted', event: 'interrupted by SIGTERM' });
    expect(opOf(results, 'install').durationMs).toBeLessThan(1000);
    expect(results.status).toBe('fail');
    expect(results.teardown.status).toBe('done');
    expect(log).toEqual(['setupHost', SECRET, 'deploy 0', 'waitConverged', 'teardown']);
  });
});

describe('per-op timeout', () => {
  // The one slow test: a 1 s timeout against a convergence that would take 5 s.
  it('fails an op that outlives its timeout with reason timeout, and tears down', async () => {
    const { results, log } = await run(fixture('real-shaped'), ['install', 'backup'], { slowMs: 5000 }, { timeout: 1 });
    const install = opOf(results, 'install');
    expect([install.status, install.reason]).toEqual(['fail', 'timed out after 1s waiting for convergence: fake']);
    expect(install.autopsy).toMatchObject({ reason: 'timeout' });
    expect(install.durationMs).toBeGreaterThanOrEqual(950);
    expect(install.durationMs).toBeLessThan(4000);
    expect(opOf(results, 'backup')).toMatchObject({ status: 'blocked', reason: 'install failed' });
    expect(log).toEqual(['setupHost', SECRET, 'deploy 0', 'waitConverged', 'teardown']);
  });
});
