import { chmodSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempDir } from './cli';

/** A scratch copy of a recipe directory, with files edited, added (executable when `exec`) or removed. */
export function recipeCopy(
  src: string,
  changes: { add?: Record<string, string>; exec?: string[]; remove?: string[]; edit?: Record<string, (text: string) => string> } = {},
  name = 'recipe',
): string {
  const dest = join(tempDir('cc-ci-copy-'), name);
  cpSync(src, dest, { recursive: true });
  for (const [rel, edit] of Object.entries(changes.edit ?? {})) {
    const before = readFileSync(join(dest, rel), 'utf8');
    const after = edit(before);
    if (after === before) throw new Error(`recipeCopy: the edit of ${rel} changed nothing`);
    writeFileSync(join(dest, rel), after);
  }
  for (const rel of changes.remove ?? []) rmSync(join(dest, rel), { recursive: true, force: true });
  for (const [rel, text] of Object.entries(changes.add ?? {})) {
    mkdirSync(dirname(join(dest, rel)), { recursive: true });
    writeFileSync(join(dest, rel), text);
    if (changes.exec?.includes(rel)) chmodSync(join(dest, rel), 0o755);
  }
  return dest;
}
