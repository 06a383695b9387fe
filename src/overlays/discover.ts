import { lstatSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

import { boundedFile, containedPath, MAX_DATA_BYTES, MAX_TEXT_BYTES } from '../recipe/paths';
import { OP_NAMES, type CustomizationItem, type OpName } from '../report/schema';
import { UserError } from '../errors';
import { nearest } from '../util/nearest';

export type Source = 'repo-local' | 'bundled';

/** A file found under an overlay root. */
export interface FoundFile {
  source: Source;
  /** Path below the root, with forward slashes (`tests/install/check-db`). */
  rel: string;
  /** Absolute path. */
  path: string;
  /** As shown to users: `.cc-ci/...` for repo-local, `overlays/<recipe>/...` for bundled. */
  shown: string;
  executable: boolean;
}

/** What the overlays add to a run, after precedence and the trust gate. */
export interface Resolution {
  /** config.yml files in merge order: bundled first, repo-local last (it wins). */
  configs: FoundFile[];
  installSteps?: FoundFile;
  composeCi?: FoundFile;
  preHooks: Partial<Record<OpName, FoundFile>>;
  /** tests/<op>/*: additive, bundled before repo-local, by name within each. */
  tests: Partial<Record<OpName, FoundFile[]>>;
  manifest: CustomizationItem[];
  /** Files in the way: not executable (fatal: fix before the run), or not an overlay item (a warning). */
  problems: { file: FoundFile; message: string; fatal: boolean }[];
}

export interface ResolveOptions {
  /** Whether repo-local executables may run (false for a fork PR unless allowed). */
  repoLocalTrusted: boolean;
  skipGeneric: readonly OpName[];
}

const ORDER: Source[] = ['bundled', 'repo-local'];
const PRECEDENCE: Source[] = ['repo-local', 'bundled'];
/** Documentation, not items: anything under a dot-directory, dotfiles, READMEs, *.md. */
const IGNORED = /(^|\/)\.|(^|\/)README[^/]*$|\.md$/i;

/**
 * The one place overlay precedence is decided. Single-valued items (config keys, install_steps.sh,
 * compose.ci.yml, hooks/pre-<op>.sh): repo-local > bundled > built-in. Tests: additive from every
 * location. Generic assertions: always, unless skip-generic names the op. Repo-local executables
 * from an untrusted source are not run (a trusted bundled one then still applies).
 */
export function resolveOverlays(found: FoundFile[], opts: ResolveOptions): Resolution {
  const res: Resolution = { configs: [], preHooks: {}, tests: {}, manifest: [], problems: [] };
  const gated = (f: FoundFile) => f.source === 'repo-local' && !opts.repoLocalTrusted;
  const gateNote = 'not run: repo-local executable from an untrusted pull request (set allow-repo-local to run it)';
  const item = (f: FoundFile, used: boolean, note?: string) =>
    res.manifest.push({ item: f.rel, source: f.source, path: f.shown, used, ...(note ? { note } : {}) });

  /** Picks the winner of a single-valued item and records every candidate in the manifest. */
  const single = (rel: string, executable: boolean): FoundFile | undefined => {
    const candidates = PRECEDENCE.map((s) => found.find((f) => f.source === s && f.rel === rel)).filter((f): f is FoundFile => !!f);
    let winner: FoundFile | undefined;
    for (const f of candidates) {
      if (executable && gated(f)) item(f, false, gateNote);
      else if (executable && !f.executable) res.problems.push(notExecutable(f));
      else if (winner) item(f, false, `overridden by ${winner.source} ${winner.shown}`);
      else {
        winner = f;
        item(f, true);
      }
    }
    return winner;
  };

  for (const f of found.filter((f) => f.rel === 'config.yml').sort((a, b) => ORDER.indexOf(a.source) - ORDER.indexOf(b.source))) {
    res.configs.push(f);
    item(f, true, found.some((o) => o.rel === 'config.yml' && o !== f) ? (f.source === 'repo-local' ? 'merged; its keys win' : 'merged; repo-local keys win') : undefined);
  }
  res.installSteps = single('install_steps.sh', true);
  res.composeCi = single('compose.ci.yml', false);
  for (const op of OP_NAMES) {
    const hook = single(`hooks/pre-${op}.sh`, true);
    if (hook) res.preHooks[op] = hook;
    const tests = found
      .filter((f) => f.rel.startsWith(`tests/${op}/`) && !f.rel.slice(`tests/${op}/`.length).includes('/'))
      .sort((a, b) => ORDER.indexOf(a.source) - ORDER.indexOf(b.source) || a.rel.localeCompare(b.rel));
    const runnable: FoundFile[] = [];
    for (const t of tests) {
      if (gated(t)) item(t, false, gateNote);
      else if (!t.executable) res.problems.push(notExecutable(t));
      else {
        runnable.push(t);
        item(t, true);
      }
    }
    if (runnable.length) res.tests[op] = runnable;
    const skipped = opts.skipGeneric.includes(op);
    res.manifest.push({ item: `generic ${op} assertions`, source: 'built-in', path: null, used: !skipped, ...(skipped ? { note: 'skipped by config skip-generic' } : {}) });
  }
  const known = (rel: string) => FILE_ITEMS.includes(rel) || OP_NAMES.some((op) => rel.startsWith(`tests/${op}/`) && !rel.slice(`tests/${op}/`.length).includes('/'));
  for (const f of found.filter((f) => !known(f.rel))) {
    const misnamed = misnamedItem(f.rel);
    if (misnamed) res.problems.push({ file: f, fatal: true, message: `is not an overlay item, so cc-ci would ignore it; ${misnamed}` });
    else res.problems.push({ file: f, fatal: false, message: `${f.shown} is not an overlay item (config.yml, install_steps.sh, compose.ci.yml, hooks/pre-<op>.sh, tests/<op>/<file>); it is ignored` });
  }
  return res;
}

/** The overlay items that are single files, by their path below the root. */
const FILE_ITEMS: readonly string[] = ['config.yml', 'install_steps.sh', 'compose.ci.yml', ...OP_NAMES.map((op) => `hooks/pre-${op}.sh`)];

/**
 * What to rename a file to that was clearly meant as an item (a near miss of a hook's, an op's or
 * config.yml's name, a post-op hook); undefined for other files (helpers, notes), which are only
 * warned about. A misspelt hook that silently never runs would turn into a wrong verdict.
 */
function misnamedItem(rel: string): string | undefined {
  const ops = OP_NAMES.join(', ');
  if (/^hooks\/post[-_]/.test(rel)) return `there are no post-op hooks: hooks are hooks/pre-<op>.sh, and checks after an op go in tests/<op>/; move it`;
  if (rel.startsWith('hooks/')) {
    const meant = nearest(rel.slice('hooks/'.length), OP_NAMES.map((op) => `pre-${op}.sh`));
    if (meant || /^hooks\/pre[-_]/.test(rel)) return `${meant ? `did you mean hooks/${meant}? ` : ''}hooks are hooks/pre-<op>.sh, op one of ${ops}; rename it`;
    return undefined;
  }
  const dir = /^tests\/([^/]+)\//.exec(rel)?.[1];
  // tests/install/lib/helper.sh: a helper beside the tests, in an op's own folder.
  const op = dir === undefined || (OP_NAMES as readonly string[]).includes(dir) ? undefined : nearest(dir, OP_NAMES);
  if (op) return `did you mean tests/${op}/? tests go in tests/<op>/, op one of ${ops}; move it`;
  const meant = rel.includes('/') ? undefined : nearest(rel, FILE_ITEMS.filter((i) => !i.includes('/')));
  return meant ? `did you mean ${meant}? rename it` : undefined;
}

const notExecutable = (file: FoundFile) => ({ file, fatal: true, message: 'is not executable; run chmod +x on it (and git add --chmod=+x)' });

/** Overlay items are at most three directories deep (`tests/<op>/<file>`); deeper is not looked at. */
const MAX_DEPTH = 3;

/**
 * Lists an overlay root's files (dotfiles, READMEs and *.md are documentation, not items, and are
 * never read). Every file, and every directory on the way, must resolve inside `root`: the recipe
 * dir for `.cc-ci/` (a link to a file elsewhere in the recipe is fine), the bundled overlays dir
 * for bundled ones; files must be regular and of bounded size. Nothing is opened while listing.
 */
export function listOverlayRoot(source: Source, dir: string, shownPrefix: string, root = dirname(dir)): FoundFile[] {
  const rootName = source === 'repo-local' ? 'recipe' : 'overlay';
  if (!lstatSync(dir, { throwIfNoEntry: false })) return [];
  const top = containedPath(root, relative(root, dir), { at: { file: shownPrefix }, rootName })!;
  if (!statSync(top).isDirectory()) throw new UserError(`is not a directory; overlay files go in a ${shownPrefix}/ directory`, shownPrefix);
  const found: FoundFile[] = [];
  const walk = (at: string, depth: number) => {
    for (const name of readdirSync(at).sort()) {
      const path = join(at, name);
      const rel = relative(dir, path).split('\\').join('/');
      if (IGNORED.test(rel)) continue;
      const shown = `${shownPrefix}/${rel}`;
      const opts = { at: { file: shown }, rootName };
      const real = containedPath(root, relative(root, path), opts)!;
      if (statSync(real).isDirectory()) {
        if (FILE_ITEMS.includes(rel)) throw new UserError(`is a directory; ${rel} must be a file`, shown);
        if (depth > 0) walk(path, depth - 1);
        continue;
      }
      boundedFile(real, { ...opts, maxBytes: /\.ya?ml$/.test(rel) ? MAX_TEXT_BYTES : MAX_DATA_BYTES });
      found.push({ source, rel, path, shown, executable: (statSync(path).mode & 0o111) !== 0 });
    }
  };
  walk(dir, MAX_DEPTH);
  return found;
}
