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

/**
 * Where the upgrade starts and which releases it passes through. `chain` (every release before
 * head, oldest first) or `chain:N` (the last N); a list names tags (one tag is the classic single
 * upgrade). Each keeps where it was given (`--upgrade-from`, `input upgrade-from`, config.yml's
 * line), for errors.
 */
export type UpgradeFrom =
  'previous' | 'none' | { chain: number | 'all'; source: string; at?: SourcePos } | { tags: string[]; source: string; at?: SourcePos };

export function parseUpgradeFrom(value: string, source: string, at?: SourcePos): UpgradeFrom {
  const where = at ? { at } : {};
  const bad = (why: string) => new UserError(`${source} ${why}`, at?.file, at?.line);
  const v = value.trim();
  if (v === 'previous' || v === 'none') return v;
  if (!v) throw bad('is empty; use previous, none, chain, chain:N or release tags');
  if (v === 'chain') return { chain: 'all', source, ...where };
  if (v.startsWith('chain:')) {
    const n = v.slice('chain:'.length);
    if (!/^[1-9]\d{0,2}$/.test(n)) throw bad(`is "${v}": chain:N takes a whole number of releases from 1 to 999, e.g. chain:3`);
    return { chain: Number(n), source, ...where };
  }
  const tags = v.split(',').map((t) => t.trim());
  if (tags.some((t) => !t)) throw bad(`is "${v}": a list of releases is tags separated by single commas, e.g. 1.0.0+1,1.2.0+3`);
  const twice = tags.find((t, i) => tags.indexOf(t) !== i);
  if (twice) throw bad(`names ${twice} twice; list each release once, oldest first`);
  return { tags, source, ...where };
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

/** The releases the deploy passes through before head, oldest first, or why there are none. */
export type PathResolution = { path: ReleaseTag[] } | { path: []; reason: string };

/**
 * The upgrade path. `previous`: the highest version tag reachable from HEAD, other than a tag on
 * HEAD itself (a tagged head is that release; the base is the one before). `chain`: every such
 * release, oldest first (`chain:N` the last N of them). A list: those tags, which must exist and
 * ascend.
 */
export function resolvePath(g: RecipeGit, from: UpgradeFrom): PathResolution {
  if (from === 'none') return { path: [], reason: 'disabled by upgrade-from: none' };
  if (typeof from === 'object' && 'tags' in from) return { path: listedPath(g, from) };
  const before = g.releases.filter((r) => g.merged.has(r.tag) && r.commit !== g.head);
  if (before.length)
    return { path: from === 'previous' ? [before[0]!] : before.slice(0, from.chain === 'all' ? undefined : from.chain).reverse() };
  if (!g.isRepo) return { path: [], reason: 'no previous release (the recipe directory is not the top of a git repository)' };
  if (g.shallow && g.releases.length === 0)
    return { path: [], reason: 'no previous release: shallow clone without tags (check out with fetch-depth: 0)' };
  if (g.releases.length === 0 && g.others.length)
    return { path: [], reason: `no previous release (${notVersions(g.others)}: ${TAG_SHAPE})` };
  return { path: [], reason: 'no previous release' };
}

function listedPath(g: RecipeGit, from: { tags: string[]; source: string; at?: SourcePos }): ReleaseTag[] {
  const bad = (why: string) => new UserError(`${from.source} ${why}`, from.at?.file, from.at?.line);
  const path = from.tags.map((tag) => {
    const release = g.releases.find((r) => r.tag === tag);
    if (!release) throw bad(`${from.tags.length > 1 ? 'names' : 'is'} "${tag}", but ${missingTag(g, tag)}`);
    return release;
  });
  for (let i = 1; i < path.length; i++) {
    if (compareReleases(path[i - 1]!.tag, path[i]!.tag) >= 0)
      throw bad(
        `lists ${path[i - 1]!.tag} before ${path[i]!.tag}; an upgrade path goes from older releases to newer ones, so list them oldest first`,
      );
  }
  return path;
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
