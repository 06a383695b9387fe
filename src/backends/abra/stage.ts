import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { basename, isAbsolute, join, relative, sep } from 'node:path';

import { SAFE_GIT, safeGitEnv } from '../../recipe/releases';
import { run } from '../../util/exec';

/**
 * git as cc-ci runs it on the staged copy: the hardened flags (SAFE_GIT), no user configuration
 * either (a signing or hooks setting of the runner must not change the commit), a fixed identity.
 */
const GIT_FLAGS = [
  ...SAFE_GIT,
  '-c',
  'commit.gpgsign=false',
  '-c',
  'user.name=cc-ci',
  '-c',
  'user.email=cc-ci@localhost',
  '-c',
  'init.defaultBranch=main',
];

async function git(dir: string, ...args: string[]): Promise<void> {
  const r = await run('git', [...GIT_FLAGS, '-C', dir, ...args], {
    env: { ...safeGitEnv(), GIT_CONFIG_GLOBAL: '/dev/null' },
    timeoutMs: 120_000,
  });
  if (r.code !== 0)
    throw new Error(`git ${args[0]} in ${dir} failed: ${(r.stderr || r.stdout).trim().split('\n')[0] || `exit code ${r.code}`}`);
}

export interface StagedRecipe {
  /** COMPOSE_FILE for abra: the deploy's compose files, relative to the staged directory, in order. */
  composeFile: string;
}

/**
 * Makes `tree` the recipe abra deploys: `dest` ($ABRA_DIR/recipes/<recipe>) becomes a git
 * repository (abra reads a chaos deploy's version label from its HEAD) whose only commit on
 * `main` is `tree`'s files, its own .git left out. A later call (the upgrade) replaces the files
 * and commits on top, as an operator's `git pull` of an unreleased commit would. Every file is
 * committed, ignored ones too, so abra finds a clean tree.
 *
 * Compose files outside the tree (an overlay's compose.ci.yml) are copied in as
 * `cc-ci.<name>` and listed in the returned COMPOSE_FILE, where an operator would put them.
 */
export async function stageRecipe(tree: string, composeFiles: readonly string[], dest: string, note: string): Promise<StagedRecipe> {
  mkdirSync(dest, { recursive: true });
  if (!existsSync(join(dest, '.git'))) await git(dest, 'init', '-q');
  for (const entry of readdirSync(dest)) if (entry !== '.git') rmSync(join(dest, entry), { recursive: true, force: true });
  // Symlinks are copied as links, as the tree has them: the swarm backend deploys the same tree.
  for (const entry of readdirSync(tree))
    if (entry !== '.git') cpSync(join(tree, entry), join(dest, entry), { recursive: true, verbatimSymlinks: true });
  const names: string[] = [];
  for (const file of composeFiles) {
    const rel = relative(tree, file);
    if (rel && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel)) {
      names.push(rel.split(sep).join('/'));
      continue;
    }
    let name = `cc-ci.${basename(file)}`;
    for (let i = 2; names.includes(name) || existsSync(join(dest, name)); i++) name = `cc-ci-${i}.${basename(file)}`;
    cpSync(file, join(dest, name));
    names.push(name);
  }
  await git(dest, 'add', '--all', '--force', '.');
  await git(dest, 'commit', '-q', '--allow-empty', '--no-verify', '-m', note);
  return { composeFile: names.join(':') };
}
