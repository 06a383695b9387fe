import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listTar, type TarEntry } from '../util/tar';
import type { VolumeSelection } from '../recipe/backupbot';
import { checkVolumeName } from '../recipe/paths';

/** One volume's part of a snapshot: a tar archive and what is in it. */
export interface SnapshotVolume extends VolumeSelection {
  service: string;
  archive: string;
  files: { path: string; size: number; sha256: string }[];
  bytes: number;
}

/** A backup as cc-ci stores it under the run's state dir: archives plus manifest.json. */
export interface Snapshot {
  id: string;
  dir: string;
  createdAt: string;
  volumes: SnapshotVolume[];
}

/** The generic backup/restore proof: something in a backed-up path cc-ci can check after restore. */
export interface Witness {
  volume: string;
  path: string;
  /** marker: a file cc-ci wrote before backup; file: a backed-up file of the app's own. */
  kind: 'marker' | 'file';
  /** Content (marker) or sha256 (file) the snapshot holds. */
  expected: string;
}

/** The archive of a volume in the snapshot dir: a volume name has no `/` and never is `..`. */
export function archiveName(volume: string): string {
  checkVolumeName(volume, 'volume');
  return `${volume}.tar`;
}

export function newSnapshot(stateDir: string): Snapshot {
  const id = `snap-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}-${randomBytes(3).toString('hex')}`;
  const dir = join(stateDir, 'snapshots', id);
  mkdirSync(dir, { recursive: true });
  return { id, dir, createdAt: new Date().toISOString(), volumes: [] };
}

/**
 * Reads an archive back into the snapshot's record of it: files with sizes and checksums, and
 * which declared paths it does not contain. The archive is read a chunk at a time (util/tar.ts):
 * memory does not grow with the volume.
 */
export async function recordArchive(
  snapshot: Snapshot,
  service: string,
  sel: VolumeSelection,
  archive: string,
): Promise<{ volume: SnapshotVolume; missing: string[] }> {
  const entries: TarEntry[] = await listTar(join(snapshot.dir, archive));
  const files = entries.filter((e) => e.type === 'file').map((e) => ({ path: e.path, size: e.size, sha256: e.sha256! }));
  const volume: SnapshotVolume = { ...sel, service, archive, files, bytes: files.reduce((n, f) => n + f.size, 0) };
  snapshot.volumes.push(volume);
  const missing = (sel.paths ?? []).filter((p) => !entries.some((e) => e.path === p || e.path.startsWith(`${p}/`)));
  return { volume, missing };
}

export function writeSnapshotManifest(s: Snapshot): void {
  writeFileSync(join(s.dir, 'manifest.json'), `${JSON.stringify({ id: s.id, createdAt: s.createdAt, volumes: s.volumes }, null, 2)}\n`);
}
