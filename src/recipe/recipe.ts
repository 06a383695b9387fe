import { readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

import { parseEnvFile, type EnvFile } from './env-file';
import { containedFile, MAX_TEXT_BYTES } from './paths';
import { UserError } from '../errors';

/** A recipe checkout, read the way abra reads it. Nothing here touches Docker. */
export interface Recipe {
  name: string;
  dir: string;
  envSample: EnvFile;
  /** `export KEY=VALUE` lines of abra.sh (config versions), read without running the script. */
  abraExports: Record<string, string>;
  /** abra.sh's text (read once, checked like every recipe file), or null when there is none. */
  abraSh: string | null;
  /** The release tag this tree was exported from (the upgrade's starting point); unset for the checkout. */
  release?: string;
}

/**
 * A file of `tree` as the maintainer finds it: a release's as git names it (`1.0.0+1:compose.yml`,
 * for `git show`), never the checkout's file of the same name; overlay files (`.cc-ci/`,
 * `overlays/`) come from the checkout and keep their names.
 */
export function shownIn(tree: Pick<Recipe, 'release'>, file: string): string {
  return tree.release && !/^(\.cc-ci|overlays)\//.test(file) ? `${tree.release}:${file}` : file;
}

/**
 * A recipe's name: lowercase letters, digits and hyphens, at most 63 (a DNS label, as the repository
 * names of the catalogue are), so it is safe in stack, artifact, status and file names as it is.
 */
export const RECIPE_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function loadRecipe(dirArg: string, nameOverride?: string): Recipe {
  const dir = resolve(dirArg);
  const st = statSync(dir, { throwIfNoEntry: false });
  if (!st) throw new UserError(`recipe directory ${dirArg} does not exist; pass the path of a recipe checkout`);
  if (!st.isDirectory())
    throw new UserError(`recipe directory ${dirArg} is not a directory; pass the directory of a recipe checkout, not a file in it`);
  const samplePath = containedFile(dir, '.env.sample', { at: { file: '.env.sample' }, maxBytes: MAX_TEXT_BYTES, optional: true });
  if (!samplePath) {
    throw new UserError(`${join(dirArg, '.env.sample')} not found; a recipe needs a .env.sample (abra copies it to each app's env file)`);
  }
  const envSample = parseEnvFile('.env.sample', readFileSync(samplePath, 'utf8'));
  const name = nameOverride || envSample.values.TYPE?.split(':')[0] || basename(dir);
  if (!RECIPE_NAME.test(name)) {
    const source = nameOverride ? '--recipe' : envSample.values.TYPE ? 'TYPE= in .env.sample' : 'the directory name';
    const shown = name.length > 70 ? `"${name.slice(0, 60)}…" (${name.length} characters)` : `"${name}"`;
    const rule = name.length > 63 ? 'is over 63 characters' : 'is not lowercase letters, digits and hyphens';
    const typeLine = nameOverride ? undefined : [...envSample.entries].reverse().find((e) => e.key === 'TYPE')?.line;
    throw new UserError(
      `recipe name ${shown}, from ${source}, ${rule}; set TYPE= in .env.sample or pass --recipe`,
      typeLine ? '.env.sample' : undefined,
      typeLine,
    );
  }
  const abraShPath = containedFile(dir, 'abra.sh', { at: { file: 'abra.sh' }, maxBytes: MAX_TEXT_BYTES, optional: true });
  const abraSh = abraShPath ? readFileSync(abraShPath, 'utf8') : null;
  return { name, dir, envSample, abraExports: abraSh === null ? {} : parseAbraExports(abraSh), abraSh };
}

/** The lines abra takes from abra.sh: `export NAME=value` at the start of a line, value a word. */
export const ABRA_EXPORT = /^export\s+(\w+)=(\w+)/;

/**
 * abra.sh's exports as abra reads them (ReadAbraShEnvVars): lines matching `^export\s+\w+=\w+`,
 * never by running the script. Indented or quoted exports are not read; the value is taken up to
 * the first blank (lint CC015 flags lines abra may read differently).
 */
export function parseAbraExports(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    if (!ABRA_EXPORT.test(line)) continue;
    const [key, ...value] = line.replace(/^export\s+/, '').split('=');
    out[key!] = value.join('=').split(/\s/)[0]!;
  }
  return out;
}
