import {
  accessSync,
  closeSync,
  constants,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Results } from './schema';
import { UserError } from '../errors';

/**
 * Writes results.json, validating it first (a result that does not match the schema is a bug).
 * Atomic: a process killed mid-write leaves the previous file, never half of one.
 */
export function writeResults(path: string, results: Results): void {
  const valid = Results.parse(results);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, `${JSON.stringify(valid, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}

export function readResults(path: string): Results {
  return Results.parse(JSON.parse(readFileSync(path, 'utf8')));
}

/**
 * Refuses, before the run creates anything, a results path writeResults could not write: an
 * existing directory, FIFO or device (a FIFO would block the write), a parent that is a file, a
 * place this user cannot reach, or a directory that refuses files. A missing parent is fine:
 * writeResults makes it. `fix` is the advice that ends the one-line error.
 */
export function checkResultsPath(path: string, flag: string, fix = 'pass the path of a file cc-ci may write, e.g. ./results.json'): void {
  const abs = resolve(path);
  const refuse = (what: string) => new UserError(`${flag} ${path}: ${what}; ${fix}`);
  const stat = (p: string): Stats | undefined => {
    try {
      return statSync(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined; // nothing there (or a file on the way, found below)
      throw refuse(`cannot be reached (${code ?? (e as Error).message})`);
    }
  };
  const st = stat(abs);
  if (st && !st.isFile()) throw refuse(st.isDirectory() ? 'is a directory' : 'is not a regular file (a FIFO or device)');
  let dir = dirname(abs);
  while (!stat(dir)) dir = dirname(dir);
  if (!stat(dir)!.isDirectory()) throw refuse(`${dir} is a file, so no directory can be made there`);
  try {
    if (dir !== dirname(abs)) accessSync(dir, constants.W_OK);
    else {
      // A file of its own, never one that is there ('wx'): access() alone says yes to root on a read-only file system.
      const probe = `${abs}.cc-ci-probe-${process.pid}`;
      closeSync(openSync(probe, 'wx'));
      unlinkSync(probe);
    }
  } catch (e) {
    throw refuse(`cannot be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}
