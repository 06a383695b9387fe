import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/cli';
import { KEEP_OUTPUT_BYTES, run } from '../../src/util/exec';

describe('a child that prints without end', () => {
  it('leaves its last 16 MiB per stream in memory, with a note, and the caller gets a string', async () => {
    // 64 MiB on stdout and on stderr: kept whole, Buffer.concat(...).toString() of 600 MB throws.
    const r = await run(
      'sh',
      ['-c', 'head -c 67108864 /dev/zero | tr "\\000" x; head -c 67108864 /dev/zero | tr "\\000" y >&2; echo; echo the end'],
      { timeoutMs: 60_000 },
    );
    expect(r.code).toBe(0);
    for (const text of [r.stdout, r.stderr]) {
      expect(text.startsWith('[cc-ci: earlier output not kept]\n')).toBe(true);
      expect(text.length).toBeLessThanOrEqual(KEEP_OUTPUT_BYTES + 64);
    }
    expect(r.stdout.endsWith('\nthe end\n')).toBe(true);
  });

  it('streamed to a file (a volume snapshot), is stopped past its limit and says so', async () => {
    const file = join(tempDir(), 'out.tar');
    const r = await run('sh', ['-c', 'exec cat /dev/zero'], { stdoutFile: file, stdoutFileLimit: 1024 * 1024, timeoutMs: 60_000 });
    expect(r.overflowed).toBe(true);
    expect(statSync(file).size).toBeLessThan(8 * 1024 * 1024);
  });
});
