import { existsSync, readdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { TeardownStrategy } from '../report/schema';
import { BACKEND_NAMES } from '../backends/backend';

/**
 * What teardown needs to find everything a run created. Written before the first mutating call,
 * so a run that dies mid-deploy (crash, cancel, SIGKILL) can still be cleaned up from it.
 */
export const Manifest = z.object({
  stack: z.string(),
  domain: z.string(),
  backend: z.enum(BACKEND_NAMES),
  stateDir: z.string(),
  teardown: TeardownStrategy,
  /** Set once the engine itself finished (and tore down per strategy). */
  finished: z.boolean(),
  resultsFile: z.string().nullable(),
});
export type Manifest = z.infer<typeof Manifest>;

export function writeManifest(path: string, m: Manifest): void {
  writeFileSync(`${path}.tmp`, JSON.stringify(m, null, 2));
  renameSync(`${path}.tmp`, path);
}

export function readManifest(path: string): Manifest | undefined {
  if (!existsSync(path)) return undefined;
  return Manifest.parse(JSON.parse(readFileSync(path, 'utf8')));
}

/** A manifest under the state root whose run never finished, if any. */
export function findUnfinishedManifest(stateRoot: string): string | undefined {
  if (!existsSync(stateRoot)) return undefined;
  return readdirSync(stateRoot)
    .map((d) => join(stateRoot, d, 'manifest.json'))
    .find((p) => readManifest(p)?.finished === false);
}
