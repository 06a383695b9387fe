import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { tempDir } from './cli';

/**
 * Builds a recipe git repository from a fixture holding one tree per release (named by version,
 * e.g. `1.0.0+1/`) and a `head/` tree: each release is committed and tagged (annotated) in
 * version order, then head is committed on top, as a PR branch would be.
 */
export function recipeRepo(fixture: string, name = 'recipe'): string {
  const dest = join(tempDir('cc-ci-repo-'), name);
  const git = (...args: string[]) => execFileSync('git', ['-C', dest, ...args], { stdio: 'pipe' });
  const trees = readdirSync(fixture)
    .filter((d) => semver.valid(d))
    .sort(semver.compareBuild);
  execFileSync('git', ['init', '-q', dest]);
  git('config', 'user.name', 'cc-ci test');
  git('config', 'user.email', 'test@example.invalid');
  for (const tree of [...trees, 'head']) {
    for (const f of readdirSync(dest).filter((f) => f !== '.git')) rmSync(join(dest, f), { recursive: true });
    cpSync(join(fixture, tree), dest, { recursive: true });
    git('add', '-A');
    git('commit', '-qm', tree, '--allow-empty');
    if (tree !== 'head') git('tag', '-a', tree, '-m', `release ${tree}`);
  }
  return dest;
}
