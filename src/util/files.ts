import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every file below `dir` (recursively, sorted by name), or none when it does not exist. */
export function filesUnder(dir: string, maxDepth = 8): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (!statSync(path).isDirectory()) return [path];
      return maxDepth > 0 ? filesUnder(path, maxDepth - 1) : [];
    });
}
