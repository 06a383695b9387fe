import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readResults } from '../../src/report/results-file';
import type { TeardownStrategy } from '../../src/report/schema';
import { tempDir } from '../support/cli';
import { recipeCopy } from '../support/copy';
import type { FakeScript } from '../support/fake-backend';
import { fixture, harness, opOf, REAL_SEED, releaseRepo, run, STACK, verdicts } from './helpers';

const ALL_DEPLOYED = ['install', 'upgrade', 'backup', 'restore', 'custom'] as const;

describe('blocked chains', () => {
  it('blocks every op after a failed install, naming the op that failed first', async () => {
    const { results, log } = await run(fixture('real-shaped'), [...ALL_DEPLOYED], { reject: () => ['refused'] });
    expect(verdicts(results)).toEqual({
      install: ['fail', 'fake deploy refused: refused'],
      upgrade: ['blocked', 'install failed'],
      backup: ['blocked', 'install failed'],
      // restore needs backup: it names its own prerequisite.
      restore: ['blocked', 'backup was blocked'],
      custom: ['blocked', 'install failed'],
    });
    expect(results.ops.filter((o) => o.status === 'blocked').map((o) => o.autopsy)).toEqual([null, null, null, null]);
    expect(results.status).toBe('fail');
    expect(log.filter((l) => l.startsWith('deploy'))).toEqual(['deploy 0']);
  });

  it('blocks install on a spec the swarm would refuse: nothing is deployed or torn down', async () => {
    const recipe = recipeCopy(fixture('no-backup'), {
      edit: { 'compose.yml': (t) => t.replace('networks:\n  proxy:\n', 'networks:\n  internal:\n    driver: bridge\n  proxy:\n') },
    });
    const { results, log } = await run(recipe, ['install', 'backup']);
    const [install, backup] = results.ops;
    expect([install?.status, backup?.status, backup?.reason]).toEqual(['blocked', 'blocked', 'install was blocked']);
    expect(install?.reason).toMatch(/^the swarm would refuse this deploy: CC001 compose\.yml:\d+: network "internal" has driver: bridge/);
    expect(results.deployCount).toBe(0);
    expect(results.teardown).toEqual({ strategy: 'always', status: 'done', leftovers: [], detail: 'nothing was deployed' });
    expect(results.status).toBe('fail');
    expect(log).toEqual(['setupHost']);
  });
});

describe('the deploy-count guard', () => {
  it('counts exactly one deploy for install, upgrade, backup and restore: the upgrade is not a deploy', async () => {
    const { results, log } = await run(releaseRepo('upgrade-unhealthy'), ['install', 'upgrade', 'backup', 'restore']);
    expect(results.ops.slice(0, 3).map((o) => [o.op, o.status])).toEqual([
      ['install', 'pass'],
      ['upgrade', 'pass'],
      ['backup', 'pass'],
    ]);
    expect(results.deployCount).toBe(1);
    // The backend saw the deploy of base and the in-place upgrade to head, nothing more.
    expect(log.filter((l) => l.startsWith('deploy'))).toEqual(['deploy 0', 'deploy 1']);
  });
});

const REFUSED: FakeScript = { reject: () => ['refused'] };
const KEPT = { status: 'kept', leftovers: [], detail: 'remove with: node dist/cli.js teardown engine_ci_local' };

describe('teardown strategies', () => {
  it.each<[TeardownStrategy, 'pass' | 'fail', object, boolean]>([
    ['always', 'pass', { status: 'done', leftovers: [] }, true],
    ['always', 'fail', { status: 'done', leftovers: [] }, true],
    ['on-success', 'pass', { status: 'done', leftovers: [] }, true],
    ['on-success', 'fail', KEPT, false],
    ['never', 'pass', KEPT, false],
    ['never', 'fail', KEPT, false],
  ])('%s after a run that ends %s', async (strategy, outcome, teardown, called) => {
    const { results, log, fake } = await run(fixture('no-backup'), ['install'], outcome === 'fail' ? REFUSED : {}, { teardown: strategy });
    expect(results.status).toBe(outcome);
    expect(results.teardown).toEqual({ strategy, ...teardown });
    expect(log.includes('teardown')).toBe(called);
    expect(fake.tornDown).toBe(called);
  });

  it('reports leftovers as a failed teardown, without changing the verdict', async () => {
    const leftovers = ['volume engine_ci_local_data', 'network engine_ci_local_default'];
    const { results } = await run(fixture('no-backup'), ['install'], { teardown: { problems: ['volume in use'], leftovers } });
    expect(results.teardown).toEqual({ strategy: 'always', status: 'failed', leftovers });
    expect(results.status).toBe('pass');
  });

  it('reports a teardown that throws as failed, with the error, without changing the verdict', async () => {
    const { results } = await run(fixture('no-backup'), ['install'], {
      throwIn: { method: 'teardown', error: new Error('docker daemon went away') },
    });
    expect(results.teardown).toEqual({ strategy: 'always', status: 'failed', leftovers: [], detail: 'docker daemon went away' });
    expect(results.status).toBe('pass');
  });
});

describe('nothing deployed', () => {
  it('a lint-only run tears nothing down', async () => {
    const { results, log } = await run(fixture('real-shaped'), ['lint']);
    expect(results.deployCount).toBe(0);
    expect(results.teardown).toEqual({ strategy: 'always', status: 'done', leftovers: [], detail: 'nothing was deployed' });
    expect(log).toEqual(['setupHost']);
  });
});

describe('results.json', () => {
  it('is written to resultsFile, valid against the schema, and equal to what runSuite returns', async () => {
    const resultsFile = join(tempDir(), 'out', 'results.json');
    const { results } = await run(fixture('real-shaped'), ['install'], {}, { resultsFile });
    expect(readResults(resultsFile)).toEqual(results);
    expect(results).toMatchObject({
      schema: 'cc-ci/results@1',
      recipe: 'real-shaped',
      backend: 'swarm',
      domain: 'engine.ci.local',
      stack: STACK,
      deployCount: 1,
      status: 'pass',
    });
    expect(results.sources).toEqual({ app: { file: 'compose.yml', line: 15 } });
  });

  it("defaults to the run's state dir", async () => {
    const { results, stateDir } = await run(fixture('no-backup'), ['install']);
    expect(readResults(join(stateDir, 'results.json'))).toEqual(results);
  });
});

describe('generated secrets', () => {
  it('never appear in the results, even when a hook prints one', async () => {
    const masked: string[] = [];
    const h = harness(
      fixture('real-shaped'),
      ['backup'],
      {
        seed: REAL_SEED,
        // The pre-hook leaks the generated api_key into its output, which the reason quotes.
        exec: (_service, argv) =>
          argv.join(' ').includes('tee')
            ? { code: 1, output: `api key is ${[...h.fake().secrets.values()].join()}\n` }
            : { code: 0, output: '' },
      },
      { events: { mask: (s) => masked.push(s) } },
    );
    const results = await h.start();
    const secret = 'fake-secret-api_key-0';
    expect(masked).toEqual([secret]);
    expect(opOf(results, 'backup').reason).toBe('pre-hook of app failed (exit 1): api key is ***');
    expect(JSON.stringify(results)).not.toContain(secret);
    expect(readFileSync(join(h.stateDir, 'results.json'), 'utf8')).not.toContain(secret);
  });
});
