import { realpathSync, rmSync } from 'node:fs';
import semver from 'semver';

import { run } from '../util/exec';
import { ownEnv } from '../util/own-env';
import { UserError } from '../errors';
import type { SourcePos } from './source-pos';

/** A release tag of a recipe repository, e.g. `1.7.1+1.27.2`. */
export interface ReleaseTag {
  tag: string;
  commit: string;
  annotated: boolean;
}

export interface RecipeGit {
  /** False when the recipe directory is not a git checkout. */
  isRepo: boolean;
  shallow: boolean;
  head: string;
  /** Every tag that parses as a version, highest first. */
  releases: ReleaseTag[];
  /** Tags reachable from HEAD. */
  merged: Set<string>;
  /** Tags that are not versions (ignored for ordering, reported by lint). */
  others: string[];
}

/**
 * git never takes configuration from the checkout: a bare repository planted in a subdirectory
 * recipe would otherwise be discovered and its config (filters, fsmonitor, hooks) obeyed. Every
 * git cc-ci runs (here, and on abra's staged recipe) takes these flags and safeGitEnv(), which
 * leaves out the system configuration.
 */
export const SAFE_GIT: readonly string[] = [
  '-c',
  'safe.bareRepository=explicit',
  '-c',
  'core.fsmonitor=false',
  '-c',
  'core.hooksPath=/dev/null',
];
export const safeGitEnv = (): NodeJS.ProcessEnv => ({ ...ownEnv(), GIT_CONFIG_NOSYSTEM: '1' });
const git = (dir: string, ...args: string[]) => run('git', [...SAFE_GIT, '-C', dir, ...args], { env: safeGitEnv() });

/** Recipe tags are semver with upstream build metadata (`1.7.1+1.27.2`); build breaks ties. */
export function compareReleases(a: string, b: string): number {
  return semver.compareBuild(a, b);
}

export async function readRecipeGit(dir: string): Promise<RecipeGit> {
  // Only a repository whose top is the recipe: a recipe inside some other repository (a
  // monorepo, a fixture) does not own that repository's tags.
  const top = await git(dir, 'rev-parse', '--show-toplevel');
  if (top.code !== 0 || realpathSync(top.stdout.trim()) !== realpathSync(dir)) {
    return { isRepo: false, shallow: false, head: 'working tree', releases: [], merged: new Set(), others: [] };
  }
  const [head, shallow, refs, merged] = await Promise.all([
    git(dir, 'rev-parse', 'HEAD'),
    git(dir, 'rev-parse', '--is-shallow-repository'),
    git(dir, 'for-each-ref', 'refs/tags', '--format=%(refname:short)\t%(objecttype)\t%(*objectname)\t%(objectname)'),
    git(dir, 'tag', '--merged', 'HEAD'),
  ]);
  const releases: ReleaseTag[] = [];
  const others: string[] = [];
  for (const line of refs.stdout.split('\n').filter(Boolean)) {
    const [tag, type, peeled, object] = line.split('\t') as [string, string, string, string];
    if (!semver.valid(tag)) others.push(tag);
    else releases.push({ tag, commit: type === 'tag' ? peeled : object, annotated: type === 'tag' });
  }
  releases.sort((a, b) => compareReleases(b.tag, a.tag));
  return {
    isRepo: true,
    shallow: shallow.stdout.trim() === 'true',
    head: head.stdout.trim(),
    releases,
    merged: new Set(merged.stdout.split('\n').filter(Boolean)),
    others,
  };
}

/** A tag names where it was given (`--upgrade-from`, `input upgrade-from`, config.yml's line), for errors. */
export type UpgradeFrom = 'previous' | 'none' | { tag: string; source: string; at?: SourcePos };

export function parseUpgradeFrom(value: string, source: string, at?: SourcePos): UpgradeFrom {
  if (value === 'previous' || value === 'none') return value;
  if (!value.trim()) throw new UserError(`${source} is empty; use previous, none or a release tag`, at?.file, at?.line);
  return { tag: value.trim(), source, ...(at ? { at } : {}) };
}

/** What recipe release tags look like (coopcloud.md: `<recipe-semver>+<upstream-version>`). */
const TAG_SHAPE = 'recipe releases are tagged like 1.7.1+1.27.2 (annotated: git tag -a)';

/** `tag v1.0 is not a version`, `tags v1.0, latest are not versions` (at most three named). */
const notVersions = (tags: string[]) =>
  `${tags.length > 1 ? 'tags' : 'tag'} ${tags.slice(0, 3).join(', ')}${tags.length > 3 ? ', …' : ''} ${tags.length > 1 ? 'are not versions' : 'is not a version'}`;

/** Why `tag` is no release of this repository, and what to do instead. */
function missingTag(g: RecipeGit, tag: string): string {
  if (!g.isRepo)
    return 'the recipe directory is not the top of a git repository, so it has no release tags; run on a clone of the recipe, or use none';
  if (g.others.includes(tag)) return `that tag is not a version (${TAG_SHAPE}); use a release tag, previous or none`;
  if (!g.releases.length) {
    const others = g.others.length ? ` (${notVersions(g.others)})` : '';
    return `the recipe has no release tags${others}${g.shallow ? ', and this is a shallow clone: fetch tags with fetch-depth: 0' : ''}; ${TAG_SHAPE}, or use none`;
  }
  return `no release has that tag${g.shallow ? ' (shallow clone: fetch tags with fetch-depth: 0)' : ''}; use one of ${g.releases
    .slice(0, 5)
    .map((r) => r.tag)
    .join(', ')}, previous or none`;
}

export type BaseResolution = { base: ReleaseTag } | { base: null; reason: string };

/**
 * The release the upgrade starts from. `previous`: the highest version tag reachable from HEAD,
 * other than a tag on HEAD itself (a tagged head is that release; the base is the one before).
 */
export function resolveBase(g: RecipeGit, from: UpgradeFrom): BaseResolution {
  if (from === 'none') return { base: null, reason: 'disabled by upgrade-from: none' };
  if (typeof from === 'object') {
    const base = g.releases.find((r) => r.tag === from.tag);
    if (!base) throw new UserError(`${from.source} is "${from.tag}", but ${missingTag(g, from.tag)}`, from.at?.file, from.at?.line);
    return { base };
  }
  if (!g.isRepo) return { base: null, reason: 'no previous release (the recipe directory is not the top of a git repository)' };
  const base = g.releases.find((r) => g.merged.has(r.tag) && r.commit !== g.head);
  if (base) return { base };
  if (g.shallow && g.releases.length === 0)
    return { base: null, reason: 'no previous release: shallow clone without tags (check out with fetch-depth: 0)' };
  if (g.releases.length === 0 && g.others.length)
    return { base: null, reason: `no previous release (${notVersions(g.others)}: ${TAG_SHAPE})` };
  return { base: null, reason: 'no previous release' };
}

/** Extracts the tree of a tag into `dest`, leaving the recipe repository untouched. */
export async function exportTree(dir: string, tag: string, dest: string): Promise<void> {
  const tar = `${dest}.tar`;
  const archived = await git(dir, 'archive', '--format=tar', '-o', tar, `refs/tags/${tag}`);
  if (archived.code !== 0) throw new Error(`git archive ${tag} failed: ${archived.stderr.trim()}`);
  const extracted = await run('tar', ['-xf', tar, '-C', dest]);
  rmSync(tar, { force: true });
  if (extracted.code !== 0) throw new Error(`extracting ${tag} failed: ${extracted.stderr.trim()}`);
}
