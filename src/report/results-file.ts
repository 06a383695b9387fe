import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Results } from './schema';

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
