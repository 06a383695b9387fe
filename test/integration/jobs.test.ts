import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { readResults } from '../../src/report/results-file';
import { dockerLeftovers, fixture, runCli, runRecords, tempDir } from '../support/cli';
import { recipeCopy } from '../support/copy';

describe('cc-ci test DIR... --jobs N', () => {
  it('runs three recipes at once, one failing, plus one it cannot read: a results file each, the grid, prefixed lines, exit 1, nothing left', async ({
    expect,
  }) => {
    const copy = (name: string) =>
      recipeCopy(fixture('real-shaped'), { edit: { '.env.sample': (t) => t.replace(/^TYPE=.*$/m, `TYPE=${name}`) } }, name);
    const resultsDir = join(tempDir(), 'results');
    const missing = join(tempDir(), 'not-a-recipe');
    const run = await runCli([
      'test',
      copy('notes'),
      copy('notes2'),
      fixture('image-missing'),
      missing,
      '--jobs',
      '3',
      '--ops',
      'install',
      '--results-dir',
      resultsDir,
    ]);
    expect(run.code, run.stderr).toBe(1);

    const results = Object.fromEntries(['notes', 'notes2', 'image-missing'].map((r) => [r, readResults(join(resultsDir, `${r}.json`))]));
    expect(Object.values(results).map((r) => [r.recipe, r.status, r.ops.map((o) => `${o.op} ${o.status}`)])).toEqual([
      ['notes', 'pass', ['install pass']],
      ['notes2', 'pass', ['install pass']],
      ['image-missing', 'fail', ['install fail']],
    ]);
    expect(existsSync(join(resultsDir, 'not-a-recipe.json'))).toBe(false);
    // At once: every run started before any finished.
    const spans = Object.values(results).map((r) => [Date.parse(r.startedAt), Date.parse(r.startedAt) + r.durationMs]);
    expect(Math.max(...spans.map(([start]) => start!))).toBeLessThan(Math.min(...spans.map(([, end]) => end!)));

    // Each run's own lines, live on stderr, prefixed with its recipe name (aligned to the longest).
    for (const r of ['notes', 'notes2', 'image-missing'])
      expect(run.stderr).toMatch(new RegExp(`^${r.padEnd('image-missing'.length)} \\| [✔✘] install (pass|fail)`, 'm'));
    expect(run.stderr).toMatch(/^notes {9}\| recipe notes as notes-[0-9a-f]{6}\.ci\.local/m);
    expect(run.stderr).toMatch(/^image-missing \| ✘ install fail .*No such image/m);

    // The grid on stdout: failing first, then the recipe with no results (and why), then passing; each autopsy after it.
    const grid = run.stdout.trimStart().split('\n\n')[0]!.split('\n');
    expect(grid.map((l) => l.split(/ +/).slice(0, 3).join(' '))).toEqual([
      'recipe result lint',
      'image-missing ✘ fail',
      `${missing} ? missing`,
      'notes ✔ pass',
      'notes2 ✔ pass',
    ]);
    expect(grid[2]).toContain(`recipe directory ${missing} does not exist`);
    expect(run.stdout).toContain('4 recipe(s): 2 passed, 1 failed, 1 missing (no results)');
    expect(run.stdout).toMatch(/^image-missing:\n✘ install: image missing in app/m);

    for (const r of Object.values(results)) {
      expect(r.teardown).toMatchObject({ status: 'done', leftovers: [] });
      expect(dockerLeftovers(r.stack)).toEqual([]);
      expect(runRecords(r.stack)).toEqual([]);
    }
  });

  it('on SIGINT stops every running recipe, each tears down, and exits 130; without --results-dir the results go to a new directory it names', async ({
    expect,
  }) => {
    const copy = (name: string) =>
      recipeCopy(fixture('real-shaped'), { edit: { '.env.sample': (t) => t.replace(/^TYPE=.*$/m, `TYPE=${name}`) } }, name);
    // Both recipes have started converging when the signal comes (each prints its own line).
    const both = /^notes {2}\| .*converging[\s\S]*^notes2 \| .*converging|^notes2 \| .*converging[\s\S]*^notes {2}\| .*converging/m;
    const run = await runCli(['test', copy('notes'), copy('notes2'), '--jobs', '2', '--ops', 'install'], { killWhen: both });
    expect(run.code, run.stderr).toBe(130);
    expect(run.stderr).toContain("SIGINT: stopping every recipe's current op and tearing down");
    const dir = /results in (\S+)$/m.exec(run.stderr)?.[1];
    expect(dir, run.stderr).toMatch(/cc-ci-results-/);
    for (const name of ['notes', 'notes2']) {
      const r = readResults(join(dir!, `${name}.json`));
      expect(r.ops.find((o) => o.op === 'install')).toMatchObject({ status: 'fail', autopsy: { reason: 'interrupted' } });
      expect(r.teardown).toMatchObject({ status: 'done', leftovers: [] });
      expect(dockerLeftovers(r.stack)).toEqual([]);
    }
  });
});
