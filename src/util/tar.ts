import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface TarEntry {
  path: string;
  type: 'file' | 'dir' | 'link' | 'other';
  size: number;
  /** sha256 of the content, for regular files. */
  sha256?: string;
}

/**
 * Lists a tar archive (ustar, with GNU long names and pax path records, as busybox and GNU tar
 * write them) and checksums each file. Small by design: snapshots are read back, never edited.
 */
export function listTar(file: string): TarEntry[] {
  const buf = readFileSync(file);
  const entries: TarEntry[] = [];
  let longName: string | undefined;
  for (let off = 0; off + 512 <= buf.length; ) {
    const header = buf.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const str = (start: number, len: number) => header.subarray(start, start + len).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(str(124, 12).trim() || '0', 8);
    const flag = String.fromCharCode(header[156]!);
    const body = buf.subarray(off + 512, off + 512 + size);
    off += 512 + Math.ceil(size / 512) * 512;
    if (flag === 'L') {
      longName = body.toString('utf8').replace(/\0.*$/s, '');
      continue;
    }
    if (flag === 'x') {
      longName = /\d+ path=([^\n]*)\n/.exec(body.toString('utf8'))?.[1] ?? longName;
      continue;
    }
    if (flag === 'g') continue;
    const prefix = str(345, 155);
    const name = longName ?? (prefix ? `${prefix}/${str(0, 100)}` : str(0, 100));
    longName = undefined;
    const path = name.replace(/^(\.\/)+/, '').replace(/\/$/, '') || '.';
    const type = flag === '0' || flag === '\0' || flag === '7' ? 'file' : flag === '5' ? 'dir' : flag === '1' || flag === '2' ? 'link' : 'other';
    entries.push({ path, type, size: type === 'file' ? size : 0, ...(type === 'file' ? { sha256: createHash('sha256').update(body).digest('hex') } : {}) });
  }
  return entries;
}
