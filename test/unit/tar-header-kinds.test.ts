import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TarLister } from '../../src/util/tar';

/** One 512-byte ustar header: name, octal size (or raw size field bytes), type flag, optional prefix. */
function header(name: string, size: number | Buffer, flag: string, prefix = ''): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100, 'utf8');
  h.write('0000644\0', 100);
  if (Buffer.isBuffer(size)) size.copy(h, 124);
  else if (size >= 0) h.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
  h.write(flag, 156, 1, 'latin1');
  h.write('ustar\0', 257);
  h.write('00', 263);
  h.write(prefix, 345, 155, 'utf8');
  return h;
}
const body = (text: string) => {
  const b = Buffer.from(text);
  return Buffer.concat([b, Buffer.alloc(Math.ceil(b.length / 512) * 512 - b.length)]);
};
const END = Buffer.alloc(1024);
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

function list(...parts: Buffer[]) {
  const l = new TarLister();
  l.push(Buffer.concat(parts));
  return l.end();
}

describe('TarLister: entry kinds and names', () => {
  it('types: NUL and 7 are files, 5 a dir, 1 and 2 links, anything else other; a ustar prefix is joined to the name', () => {
    expect(
      list(
        header('old-style', 2, '\0'),
        body('hi'),
        header('contiguous', 0, '7'),
        header('d/', 0, '5'),
        header('hard', 0, '1'),
        header('soft', 0, '2'),
        header('fifo', 0, '6'),
        header('file.txt', 3, '0', 'deep/prefix'),
        body('abc'),
        END,
      ),
    ).toEqual([
      { path: 'old-style', type: 'file', size: 2, sha256: sha('hi') },
      { path: 'contiguous', type: 'file', size: 0, sha256: sha('') },
      { path: 'd', type: 'dir', size: 0 },
      { path: 'hard', type: 'link', size: 0 },
      { path: 'soft', type: 'link', size: 0 },
      { path: 'fifo', type: 'other', size: 0 },
      { path: 'deep/prefix/file.txt', type: 'file', size: 3, sha256: sha('abc') },
    ]);
  });

  it('an empty size field is size 0', () => {
    expect(list(header('empty', -1, '0'), END)).toEqual([{ path: 'empty', type: 'file', size: 0, sha256: sha('') }]);
  });

  it('a global pax header (g) is skipped, its body too, and lists nothing', () => {
    expect(list(header('pax_global_header', 20, 'g'), body('18 comment=hello\n\n'), header('after', 1, '0'), body('x'), END)).toEqual([
      { path: 'after', type: 'file', size: 1, sha256: sha('x') },
    ]);
  });

  it('a base-256 size (GNU tar and busybox write one from 8 GiB) is read, and the entries after it too', () => {
    const base256 = Buffer.alloc(12);
    base256[0] = 0x80;
    base256[11] = 8;
    expect(list(header('huge', base256, '0'), body('whatever'), header('after', 1, '0'), body('y'), END)).toEqual([
      { path: 'huge', type: 'file', size: 8, sha256: sha('whatever') },
      { path: 'after', type: 'file', size: 1, sha256: sha('y') },
    ]);
    // 9 GiB, as a file past octal's 8 GiB is written: the value spans several bytes.
    const nine = Buffer.alloc(12);
    nine[0] = 0x80;
    nine.writeUIntBE(9 * 1024 ** 3, 6, 6);
    const l = new TarLister();
    l.push(header('big', nine, '0'));
    expect(l.end()).toEqual([{ path: 'big', type: 'file', size: 9 * 1024 ** 3, sha256: sha('') }]);
  });

  it('a negative base-256 size cannot be skipped: the listing ends at that entry', () => {
    const negative = Buffer.alloc(12, 0xff);
    expect(list(header('bad', negative, '0'), body('x'), header('never', 1, '0'), body('y'), END)).toEqual([
      { path: 'bad', type: 'file', size: Number.NaN, sha256: sha('') },
    ]);
  });

  it("a pax record's size (GNU tar --format=pax past 8 GiB) is the next entry's, not the header field's", () => {
    const record = '12 size=11\n';
    expect(
      list(
        header('PaxHeader', record.length, 'x'),
        body(record),
        header('big', 0, '0'),
        body('hello world'),
        header('after', 1, '0'),
        body('z'),
        END,
      ),
    ).toEqual([
      { path: 'big', type: 'file', size: 11, sha256: sha('hello world') },
      { path: 'after', type: 'file', size: 1, sha256: sha('z') },
    ]);
  });

  it('an archive cut inside a long-name record keeps the name read so far, and lists no entry for it', () => {
    const l = new TarLister();
    l.push(Buffer.concat([header('././@LongLink', 600, 'L'), Buffer.from('a'.repeat(100))]));
    expect(l.end()).toEqual([]);
  });
});
