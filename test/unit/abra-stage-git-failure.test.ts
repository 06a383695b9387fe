import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { RunResult } from '../../src/util/exec';

/** git's answers, in order, for the stand-in `run` (stageRecipe only runs git). */
const answers: RunResult[] = [];
vi.mock('../../src/util/exec', () => ({
  run: vi.fn(async () => answers.shift() ?? { code: 0, stdout: '', stderr: '', killed: false }),
}));

const { stageRecipe } = await import('../../src/backends/abra/stage');

describe('stageRecipe when git fails', () => {
  let dir: string;
  let tree: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cc-ci-stage-fail-'));
    tree = join(dir, 'tree');
    mkdirSync(tree);
    writeFileSync(join(tree, 'compose.yml'), 'services: {}\n');
    answers.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const stage = () => stageRecipe(tree, [join(tree, 'compose.yml')], join(dir, 'dest'), 'note');

  it("names the git step and git's first stderr line", async () => {
    answers.push({ code: 128, stdout: 'ignored\n', stderr: 'fatal: cannot init\nhint: more\n', killed: false });
    await expect(stage()).rejects.toThrow(`git init in ${join(dir, 'dest')} failed: fatal: cannot init`);
  });

  it('falls back to stdout when git said nothing on stderr', async () => {
    answers.push({ code: 0, stdout: '', stderr: '', killed: false }); // init
    answers.push({ code: 0, stdout: '', stderr: '', killed: false }); // add
    answers.push({ code: 1, stdout: 'nothing added to commit\n', stderr: '', killed: false });
    await expect(stage()).rejects.toThrow(`git commit in ${join(dir, 'dest')} failed: nothing added to commit`);
  });

  it('names the exit code when git printed nothing at all', async () => {
    answers.push({ code: 0, stdout: '', stderr: '', killed: false });
    answers.push({ code: 129, stdout: '', stderr: '', killed: false });
    await expect(stage()).rejects.toThrow(`git add in ${join(dir, 'dest')} failed: exit code 129`);
  });
});
