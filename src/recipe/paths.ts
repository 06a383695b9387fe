import { lstatSync, realpathSync, statSync, type Stats } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

import type { SourcePos } from './source-pos';
import { UserError } from '../errors';

/**
 * A recipe under test is written by whoever opened the pull request, symlinks included. Every
 * path it names (its own files, the files its compose files hand to Docker, its overlay files)
 * must resolve to a regular file inside its checkout, or a symlink to /proc/self/environ or
 * ../../etc/passwd would carry the runner's files into the summary or a container.
 */

/** Files cc-ci reads as text: .env.sample, abra.sh, compose files, env_file, config.yml. */
export const MAX_TEXT_BYTES = 1024 * 1024;
/** Files handed over whole: configs/secrets files (Docker's own cap is 500 KB), overlay executables. */
export const MAX_DATA_BYTES = 16 * 1024 * 1024;

export interface PathCheck {
  /** The key that names the path (`configs.app_conf.file`), or none when `at` is the file itself. */
  what?: string;
  /** Where the path is named: the error is reported there. */
  at: SourcePos;
  /** What `rel` is relative to (default: the root). */
  base?: string;
  /** The value as written, when it was interpolated into `rel`. */
  written?: string;
  /** A missing file returns undefined (someone else reports it) instead of failing. */
  optional?: boolean;
  /** What the root is, for messages: `recipe` (default) or `overlay`. */
  rootName?: string;
}

export interface FileCheck extends PathCheck {
  maxBytes: number;
}

const MiB = 1024 * 1024;

function problem(rel: string, o: PathCheck, what: string, hint: string): UserError {
  const subject = o.what ? `${o.what} "${rel}"${o.written && o.written !== rel ? ` (written "${o.written}")` : ''} ` : '';
  return new UserError(`${subject}${what}; ${hint}`, o.at.file, o.at.line);
}

const within = (root: string, path: string) => {
  const r = relative(root, path);
  return r === '' || (r !== '..' && !r.startsWith(`..${sep}`) && !isAbsolute(r));
};

/**
 * The real path of `rel` (symlinks followed) when it lies inside `root`'s real path; undefined
 * when it does not exist and `optional`. Only lstat, realpath and stat: nothing is opened, so a
 * FIFO cannot block.
 */
export function containedPath(root: string, rel: string, o: PathCheck): string | undefined {
  const name = o.rootName ?? 'recipe';
  const hint = `name a file inside the ${name} directory`;
  const realRoot = realpathSync(root);
  const abs = resolve(o.base ?? root, rel);
  const lexicallyInside = within(resolve(root), abs) || within(realRoot, abs);
  let real: string;
  try {
    real = realpathSync(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw problem(rel, o, 'is a symlink loop', hint);
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw e;
    // Refused even while missing: what is outside is never the recipe's to name.
    if (!lexicallyInside) throw problem(rel, o, `is outside the ${name}`, hint);
    if (isSymlink(abs)) throw problem(rel, o, 'is a symlink to a missing file', hint);
    if (o.optional) return undefined;
    throw problem(rel, o, 'does not exist', `add it or ${hint}`);
  }
  if (!within(realRoot, real))
    throw problem(rel, o, lexicallyInside ? `resolves to ${real}, outside the ${name}` : `is outside the ${name}`, hint);
  return real;
}

/**
 * Whether `path` itself is a symlink; false when it cannot be lstat'ed, as when a component is
 * missing or is a file (ENOTDIR, which `throwIfNoEntry: false` does not cover).
 */
function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** containedPath, and it must be a regular file of at most `maxBytes`. */
export function containedFile(root: string, rel: string, o: FileCheck): string | undefined {
  const real = containedPath(root, rel, o);
  if (real !== undefined) boundedFile(real, o, rel);
  return real;
}

/**
 * `path` (symlinks followed) is a regular file of at most `maxBytes`: for a file whose place was
 * checked already, e.g. by the overlay listing. A device or FIFO would never end a read.
 */
export function boundedFile(path: string, o: FileCheck, rel = path): void {
  const st = statSync(path);
  if (!st.isFile())
    throw problem(rel, o, `is ${kindOf(st)}, not a regular file`, `name a regular file inside the ${o.rootName ?? 'recipe'} directory`);
  if (st.size > o.maxBytes)
    throw problem(rel, o, `is ${(st.size / MiB).toFixed(1)} MiB, over cc-ci's limit of ${o.maxBytes / MiB} MiB for it`, 'make it smaller');
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'of an unknown kind';
}

/** Docker's rule for volume names (RestrictedNamePattern): no `/`, so never a host path. */
const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

export const isVolumeName = (name: string) => VOLUME_NAME.test(name);

/**
 * cc-ci mounts volumes by name into its helper container (`docker run -v <name>:/v`), where a
 * host path would bind-mount the host directory for backup and restore to empty and rewrite.
 */
export function checkVolumeName(name: string, what: string, at?: SourcePos): void {
  if (isVolumeName(name)) return;
  throw new UserError(
    `${what} "${name}" is not a Docker volume name (letters, digits, _ . and -, starting with a letter or digit), and cc-ci would mount it as a host path; rename it`,
    at?.file,
    at?.line,
  );
}
