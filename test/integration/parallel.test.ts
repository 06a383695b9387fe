import { join } from 'node:path';
import { describe, it } from 'vitest';
import { readResults } from '../../src/report/results-file';
import { dockerLeftovers, fixture, runCli, runRecords, stackOf, tempDir } from '../support/cli';

describe('parallel runs on one swarm', () => {
  it('notes, notes2 and notes-x, whose names and stacks share prefixes, run at once: all pass, each removes only its own', async ({
    expect,
  }) => {
    const tag = Math.random().toString(16).slice(2, 6);
    // Stacks n<tag>_ci, n<tag>2_ci and n<tag>_ci_x: each a prefix of another's names
    // (n<tag>_ci_api_key_v1 and n<tag>_ci_x_api_key_v1, n<tag>_ci_data and n<tag>_ci_x_data).
    const legs = [
      { recipe: 'notes', domain: `n${tag}.ci` },
      { recipe: 'notes2', domain: `n${tag}2.ci` },
      { recipe: 'notes-x', domain: `n${tag}.ci.x` },
    ];
    const dir = tempDir();
    const runs = await Promise.all(
      legs.map((l) => {
        const out = join(dir, `${l.recipe}.json`);
        return runCli([
          'test',
          fixture('real-shaped'),
          '--recipe',
          l.recipe,
          '--domain',
          l.domain,
          '--results',
          out,
          '--ops',
          'install,backup,restore',
        ]).then((run) => ({ ...l, run, out }));
      }),
    );
    for (const { recipe, domain, run, out } of runs) {
      expect(run.code, `${recipe}: ${run.stderr}`).toBe(0);
      const r = readResults(out);
      expect(r.recipe).toBe(recipe);
      expect(r.ops.map((o) => [o.op, o.status])).toEqual([
        ['install', 'pass'],
        ['backup', 'pass'],
        ['restore', 'pass'],
      ]);
      expect(r.teardown).toMatchObject({ status: 'done', leftovers: [] });
      expect(dockerLeftovers(stackOf(domain))).toEqual([]);
      expect(runRecords(stackOf(domain))).toEqual([]);
    }
  });
});
