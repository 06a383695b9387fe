import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { UserError } from '../engine/errors';
import { readEnvFile, type EnvFile } from './env-file';

/** A recipe checkout, read the way abra reads it. Nothing here touches Docker. */
export interface Recipe {
  name: string;
  dir: string;
  envSample: EnvFile;
  /** `export KEY=VALUE` lines of abra.sh (config versions), read without running the script. */
  abraExports: Record<string, string>;
}

export function loadRecipe(dirArg: string, nameOverride?: string): Recipe {
  const dir = resolve(dirArg);
  if (!existsSync(dir)) throw new UserError(`recipe directory ${dirArg} does not exist; pass the path of a recipe checkout`);
  const samplePath = join(dir, '.env.sample');
  if (!existsSync(samplePath)) {
    throw new UserError(`${join(dirArg, '.env.sample')} not found; a recipe needs a .env.sample (abra copies it to each app's env file)`);
  }
  const envSample = readEnvFile(samplePath);
  envSample.path = '.env.sample';
  const name = nameOverride || envSample.values.TYPE?.split(':')[0] || basename(dir);
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) {
    throw new UserError(`recipe name "${name}" must be lowercase letters, digits and hyphens; set TYPE= in .env.sample or pass --recipe`);
  }
  const abraSh = join(dir, 'abra.sh');
  return { name, dir, envSample, abraExports: existsSync(abraSh) ? parseAbraExports(readFileSync(abraSh, 'utf8')) : {} };
}

export function parseAbraExports(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/^[ \t]*export[ \t]+([A-Za-z_][A-Za-z0-9_]*)=(?:"([^"]*)"|'([^']*)'|([^\s#;]*))/gm)) {
    out[m[1]!] = m[2] ?? m[3] ?? m[4] ?? '';
  }
  return out;
}
