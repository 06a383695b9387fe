import { chmodSync, cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempDir } from './cli';

/** A scratch copy of a recipe directory, with files added (executable when `exec`) or removed. */
export function recipeCopy(src: string, changes: { add?: Record<string, string>; exec?: string[]; remove?: string[] } = {}, name = 'recipe'): string {
  const dest = join(tempDir('cc-ci-copy-'), name);
  cpSync(src, dest, { recursive: true });
  for (const rel of changes.remove ?? []) rmSync(join(dest, rel), { recursive: true, force: true });
  for (const [rel, text] of Object.entries(changes.add ?? {})) {
    mkdirSync(dirname(join(dest, rel)), { recursive: true });
    writeFileSync(join(dest, rel), text);
    if (changes.exec?.includes(rel)) chmodSync(join(dest, rel), 0o755);
  }
  return dest;
}
