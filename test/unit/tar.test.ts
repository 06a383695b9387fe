import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listTar, TarLister } from '../../src/util/tar';
import { tempDir } from '../support/cli';

describe('listTar', () => {
  it('lists files with sizes and checksums, including long names, as tar writes them', async () => {
    const root = tempDir();
    const src = join(root, 'src');
    const long = `${'deep/'.repeat(30)}file.txt`;
    mkdirSync(join(src, long, '..'), { recursive: true });
    writeFileSync(join(src, 'a.txt'), 'hello\n');
    writeFileSync(join(src, long), 'x'.repeat(1000));
    writeFileSync(join(src, 'empty'), '');
    for (const format of ['gnu', 'posix']) {
      const archive = join(root, `${format}.tar`);
      execFileSync('tar', [`--format=${format}`, '-C', src, '-cf', archive, '.']);
      const files = (await listTar(archive)).filter((e) => e.type === 'file').sort((a, b) => a.path.localeCompare(b.path));
      expect(files.map((f) => [f.path, f.size])).toEqual([
        ['a.txt', 6],
        [long, 1000],
        ['empty', 0],
      ]);
      expect(files[0]!.sha256).toBe(createHash('sha256').update('hello\n').digest('hex'));
    }
  });

  it('reads the same entries however the archive is chunked, and lists a file the archive cuts short', () => {
    const root = tempDir();
    const src = join(root, 'src');
    mkdirSync(join(src, 'sub'), { recursive: true });
    writeFileSync(join(src, 'sub', 'block.bin'), Buffer.alloc(512, 7));
    writeFileSync(join(src, 'odd.bin'), Buffer.alloc(1537, 3));
    writeFileSync(join(src, `${'n'.repeat(150)}.txt`), 'long name\n');
    for (const format of ['gnu', 'posix']) {
      const archive = join(root, `${format}.tar`);
      execFileSync('tar', [`--format=${format}`, '-C', src, '-cf', archive, '.']);
      const bytes = readFileSync(archive);
      const read = (size: number, upTo = bytes.length) => {
        const lister = new TarLister();
        for (let at = 0; at < upTo; at += size) lister.push(bytes.subarray(at, Math.min(at + size, upTo)));
        return lister.end();
      };
      const whole = read(bytes.length);
      expect(
        whole
          .filter((e) => e.type === 'file')
          .map((e) => e.path)
          .sort(),
      ).toEqual(['n'.repeat(150) + '.txt', 'odd.bin', 'sub/block.bin']);
      expect(whole.find((e) => e.path === 'odd.bin')!.sha256).toBe(createHash('sha256').update(Buffer.alloc(1537, 3)).digest('hex'));
      for (const size of [1, 7, 511, 512, 513, 4096]) expect(read(size)).toEqual(whole);
      // Cut 100 bytes into odd.bin's body: listed at its declared size, checksummed as far as it goes.
      const start = bytes.indexOf(Buffer.alloc(100, 3));
      const cut = read(bytes.length, start + 100);
      expect(cut.at(-1)).toEqual({
        path: 'odd.bin',
        type: 'file',
        size: 1537,
        sha256: createHash('sha256').update(Buffer.alloc(100, 3)).digest('hex'),
      });
    }
  });
});
