import { join } from 'node:path';
import { describe, it } from 'vitest';
import { readResults } from '../../src/report/results-file';
import { dockerLeftovers, fixture, runCli, stackOf, tempDir, uniqueDomain } from '../support/cli';
import { recipeRepo } from '../support/recipe-repo';

/**
 * Upgrade paths on the real swarm, on a recipe whose releases are committed and tagged at test
 * time (test/fixtures/recipes/chain-breaks): 1.1.0+2 migrates the data to a schema 1.2.0+3
 * cannot read, so the chain through every release breaks at the hop after 1.1.0+2, while the
 * path that skips it reaches head.
 */
/** `cc-ci test` of a fresh repo of the fixture, install and upgrade along `from`. */
async function runPath(prefix: string, from: string) {
  const domain = uniqueDomain(prefix);
  const out = join(tempDir(), 'results.json');
  const args = ['--domain', domain, '--results', out, '--ops', 'install,upgrade', '--upgrade-from', from];
  const run = await runCli(['test', recipeRepo(fixture('chain-breaks')), ...args]);
  return { run, stack: stackOf(domain), results: () => readResults(out) };
}

describe('upgrade along a chain of releases', () => {
  it.concurrent(
    'chain: one deploy, then hop by hop; the hop after 1.1.0+2 fails naming both versions, the rest is not run',
    async ({ expect }) => {
      const { run, stack, results } = await runPath('chain', 'chain');
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toContain('recipe chain-breaks: 1.0.0+1 → 1.1.0+2 → 1.2.0+3 → head as');
      const r = results();
      expect(r.deployCount).toBe(1);
      expect(r.base?.version).toBe('1.0.0+1');
      const up = r.ops.find((o) => o.op === 'upgrade')!;
      expect(up.status).toBe('fail');
      expect(up.hops?.map((h) => [h.from, h.to, h.status])).toEqual([
        ['1.0.0+1', '1.1.0+2', 'pass'],
        ['1.1.0+2', '1.2.0+3', 'fail'],
        ['1.2.0+3', 'head', 'skip'],
      ]);
      expect(up.hops![0]!.detail).toBe('1.0.0+1 → 1.1.0+2 in place; serving');
      expect(up.hops![0]!.durationMs).toBeGreaterThan(0);
      expect(up.assertions.find((a) => a.name === '1.0.0+1 → 1.1.0+2: data kept')?.status).toBe('pass');
      expect(up.reason).toMatch(/^hop 1\.1\.0\+2 → 1\.2\.0\+3: app: /);
      expect(up.autopsy).toMatchObject({
        op: 'upgrade',
        service: 'app',
        exit_code: 3,
        event: expect.stringMatching(/^hop 1\.1\.0\+2 → 1\.2\.0\+3: /),
      });
      expect(
        up.autopsy!.last_lines.some((l) => l.includes('cannot read data schema 2 (written by 1.1.0)')),
        up.autopsy!.last_lines.join('\n'),
      ).toBe(true);
      // The table shows each hop.
      expect(run.stdout).toMatch(/↳ 1\.1\.0\+2 → 1\.2\.0\+3 +✘ fail/);
      expect(run.stdout).toMatch(/↳ 1\.2\.0\+3 → head +○ skip +not run: 1\.1\.0\+2 → 1\.2\.0\+3 failed/);
      expect(r.teardown.status).toBe('done');
      expect(dockerLeftovers(stack)).toEqual([]);
    },
  );

  it.concurrent('a list that skips the breaking release reaches head, each hop serving and keeping the data', async ({ expect }) => {
    const { run, stack, results } = await runPath('skip', '1.0.0+1,1.2.0+3');
    expect(run.code, run.stderr).toBe(0);
    const r = results();
    expect(r.deployCount).toBe(1);
    const up = r.ops.find((o) => o.op === 'upgrade')!;
    expect(up.reason).toBe('1.0.0+1 → 1.2.0+3 → 2.0.0+4 in place, 2 hops; serving');
    expect(up.hops?.map((h) => [h.from, h.to, h.status, h.detail])).toEqual([
      ['1.0.0+1', '1.2.0+3', 'pass', '1.0.0+1 → 1.2.0+3 in place; serving'],
      ['1.2.0+3', 'head', 'pass', '1.2.0+3 → 2.0.0+4 in place; serving'],
    ]);
    expect(up.assertions.filter((a) => a.name.endsWith('data kept')).map((a) => a.status)).toEqual(['pass', 'pass']);
    expect(up.assertions.find((a) => a.name === '1.2.0+3 → head: version label')?.detail).toMatch(/version=2\.0\.0\+4$/);
    expect(dockerLeftovers(stack)).toEqual([]);
  });
});
