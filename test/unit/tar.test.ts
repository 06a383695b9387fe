import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listTar } from '../../src/util/tar';
import { tempDir } from '../support/cli';

describe('listTar', () => {
  it('lists files with sizes and checksums, including long names, as tar writes them', () => {
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
      const files = listTar(archive).filter((e) => e.type === 'file').sort((a, b) => a.path.localeCompare(b.path));
      expect(files.map((f) => [f.path, f.size])).toEqual([
        ['a.txt', 6],
        [long, 1000],
        ['empty', 0],
      ]);
      expect(files[0]!.sha256).toBe(createHash('sha256').update('hello\n').digest('hex'));
    }
  });
});
