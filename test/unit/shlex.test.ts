import { describe, expect, it } from 'vitest';
import { shlexSplit } from '../../src/util/shlex';

describe('shlexSplit (how backupbot splits hook labels)', () => {
  it.each([
    ['/pg_backup.sh backup', ['/pg_backup.sh', 'backup']],
    ["sh -c 'cat /data/marker.txt > /data/dump.sql'", ['sh', '-c', 'cat /data/marker.txt > /data/dump.sql']],
    ['sh -c "echo \\"quoted\\" $HOME"', ['sh', '-c', 'echo "quoted" $HOME']],
    ['a\\ b  c', ['a b', 'c']],
    ["''", ['']],
    ['', []],
  ])('%s', (input, argv) => {
    expect(shlexSplit(input)).toEqual(argv);
  });

  it('rejects an unclosed quote', () => {
    expect(() => shlexSplit("sh -c 'oops")).toThrow(/unclosed ' quote/);
  });
});
