import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** What a run's state dir keeps once its app is gone: its report, and what each snapshot held. */
const KEEP = new Set(['results.json', 'manifest.json', 'logs']);
const SNAPSHOTS = 'snapshots';
const SNAPSHOT_KEEP = 'manifest.json';

/**
 * Shrinks a finished CLI run's state dir to results.json, the run manifest, logs/ and each
 * snapshot's manifest.json. The app's env file, staged release trees, abra's directory, the helper
 * launcher and the snapshot archives (copies of the app's volumes: gigabytes for a real recipe)
 * go, so a run leaves the machine as it found it but for its report. Symlinks are removed, never
 * followed. Only for a run whose app was torn down: a kept app keeps everything.
 */
export function shrinkStateDir(dir: string): void {
  for (const entry of entries(dir)) {
    const path = join(dir, entry.name);
    if (entry.isSymbolicLink()) rmSync(path, { force: true });
    else if (entry.name === SNAPSHOTS && entry.isDirectory())
      for (const snap of entries(path)) keepOnly(join(path, snap.name), snap.isDirectory() && !snap.isSymbolicLink());
    else if (!KEEP.has(entry.name)) rmSync(path, { recursive: true, force: true });
  }
}

/** A snapshot dir keeps its manifest; anything else in snapshots/ goes. */
function keepOnly(path: string, isDir: boolean): void {
  if (!isDir) return rmSync(path, { force: true });
  for (const e of entries(path)) if (e.name !== SNAPSHOT_KEEP || !e.isFile()) rmSync(join(path, e.name), { recursive: true, force: true });
}

const entries = (dir: string) => readdirSync(dir, { withFileTypes: true });
