import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export interface TarEntry {
  path: string;
  type: 'file' | 'dir' | 'link' | 'other';
  size: number;
  /** sha256 of the content, for regular files. */
  sha256?: string;
}

const BLOCK = 512;
/** The most of a GNU long-name or pax record kept: names stop at PATH_MAX, records hold little else. */
const META_LIMIT = 2 ** 20;
/** Chunk size for an archive on the runner's disk, read or written: memory stays at a few chunks however large the archive. */
export const ARCHIVE_CHUNK = 2 ** 18;

/** The entry whose body is being read: a file being hashed, a name record being kept, or skipped bytes. */
interface Body {
  left: number;
  padding: number;
  file?: { entry: TarEntry; hash: Hash };
  meta?: { flag: 'L' | 'x'; parts: Buffer[]; kept: number };
}

/**
 * An incremental reader of a tar archive (ustar, with GNU long names and pax path records, as
 * busybox and GNU tar write them): fed chunk by chunk, it hashes each file's body as it goes by,
 * so memory stays at a header and a chunk whatever the archive's size. Small by design: snapshots
 * are read back, never edited.
 */
export class TarLister {
  readonly entries: TarEntry[] = [];
  private readonly header = Buffer.alloc(BLOCK);
  private headerFill = 0;
  private body: Body | undefined;
  private longName: string | undefined;
  private paxSize: number | undefined;
  private done = false;

  push(chunk: Buffer): void {
    for (let at = 0; at < chunk.length && !this.done;) {
      if (this.body) {
        at = this.readBody(chunk, at);
        continue;
      }
      const n = Math.min(BLOCK - this.headerFill, chunk.length - at);
      chunk.copy(this.header, this.headerFill, at, at + n);
      this.headerFill += n;
      at += n;
      if (this.headerFill === BLOCK) {
        this.headerFill = 0;
        this.onHeader();
      }
    }
  }

  /** The entries read; a file cut short by the archive's end is listed with what it had. */
  end(): TarEntry[] {
    if (this.body?.file) this.finishFile(this.body.file);
    else if (this.body?.meta) this.finishMeta(this.body.meta);
    this.body = undefined;
    this.done = true;
    return this.entries;
  }

  private onHeader(): void {
    const header = this.header;
    if (header.every((b) => b === 0)) {
      this.done = true;
      return;
    }
    const str = (start: number, len: number) =>
      header
        .subarray(start, start + len)
        .toString('utf8')
        .replace(/\0.*$/s, '');
    const flag = String.fromCharCode(header[156]!);
    // A pax record's size (GNU tar --format=pax) is the entry's; the header field may hold 0 then.
    const meta = flag === 'x' || flag === 'g' || flag === 'L';
    const size = !meta && this.paxSize !== undefined ? this.paxSize : sizeField(header);
    if (!meta) this.paxSize = undefined;
    const body: Body = { left: size, padding: Math.ceil(size / BLOCK) * BLOCK - size };
    if (flag === 'L' || flag === 'x') body.meta = { flag, parts: [], kept: 0 };
    else if (flag !== 'g') {
      const prefix = str(345, 155);
      const name = this.longName ?? (prefix ? `${prefix}/${str(0, 100)}` : str(0, 100));
      this.longName = undefined;
      const path = name.replace(/^(\.\/)+/, '').replace(/\/$/, '') || '.';
      const type =
        flag === '0' || flag === '\0' || flag === '7' ? 'file' : flag === '5' ? 'dir' : flag === '1' || flag === '2' ? 'link' : 'other';
      const entry: TarEntry = { path, type, size: type === 'file' ? size : 0 };
      this.entries.push(entry);
      if (type === 'file') body.file = { entry, hash: createHash('sha256') };
    }
    this.body = body;
    // A size that cannot be read (a negative base-256 one) cannot be skipped: the listing ends there.
    if (!(size >= 0)) {
      this.end();
      return;
    }
    if (body.left + body.padding === 0) this.closeBody();
  }

  /** Consumes the current body's bytes (then its padding) from `chunk` at `at`; where it stopped. */
  private readBody(chunk: Buffer, at: number): number {
    const body = this.body!;
    if (body.left > 0) {
      const n = Math.min(body.left, chunk.length - at);
      const part = chunk.subarray(at, at + n);
      if (body.file) body.file.hash.update(part);
      else if (body.meta && body.meta.kept < META_LIMIT) {
        const keep = part.subarray(0, META_LIMIT - body.meta.kept);
        body.meta.parts.push(Buffer.from(keep));
        body.meta.kept += keep.length;
      }
      body.left -= n;
      at += n;
    }
    if (body.left === 0) {
      const n = Math.min(body.padding, chunk.length - at);
      body.padding -= n;
      at += n;
      if (body.padding === 0) this.closeBody();
    }
    return at;
  }

  private closeBody(): void {
    const body = this.body!;
    this.body = undefined;
    if (body.file) this.finishFile(body.file);
    if (body.meta) this.finishMeta(body.meta);
  }

  private finishFile(file: NonNullable<Body['file']>): void {
    file.entry.sha256 = file.hash.digest('hex');
  }

  private finishMeta(meta: NonNullable<Body['meta']>): void {
    const text = Buffer.concat(meta.parts).toString('utf8');
    this.longName = meta.flag === 'L' ? text.replace(/\0.*$/s, '') : (/\d+ path=([^\n]*)\n/.exec(text)?.[1] ?? this.longName);
    const paxSize = meta.flag === 'x' ? /\d+ size=(\d+)\n/.exec(text)?.[1] : undefined;
    if (paxSize !== undefined) this.paxSize = Number(paxSize);
  }
}

/**
 * The header's size field: octal, or (GNU, busybox, for 8 GiB and more) base-256 big-endian when
 * its first byte has the high bit set. A negative base-256 value is NaN.
 */
function sizeField(header: Buffer): number {
  const field = header.subarray(124, 136);
  if ((field[0]! & 0x80) === 0) return parseInt(field.toString('latin1').replace(/\0.*$/s, '').trim() || '0', 8);
  if (field[0] === 0xff) return Number.NaN;
  return field.subarray(1).reduce((n, b) => n * 256 + b, field[0]! & 0x7f);
}

/** Lists a tar archive on disk and checksums each file, reading it a chunk at a time. */
export async function listTar(file: string): Promise<TarEntry[]> {
  const lister = new TarLister();
  for await (const chunk of createReadStream(file, { highWaterMark: ARCHIVE_CHUNK })) lister.push(chunk as Buffer);
  return lister.end();
}
