import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { firstErrorLine, run, type RunResult } from '../../src/util/exec';
import { tempDir } from '../support/cli';

const node = process.execPath;

describe('run: options', () => {
  it('onLine gets each complete line with its stream; a line without end is not passed', async () => {
    const lines: [string, string][] = [];
    const r = await run('sh', ['-c', 'printf "one\\ntwo\\n"; printf "err\\n" >&2; printf "partial"'], {
      onLine: (l, s) => lines.push([l, s]),
    });
    expect(r.code).toBe(0);
    expect(lines.filter(([, s]) => s === 'stdout')).toEqual([
      ['one', 'stdout'],
      ['two', 'stdout'],
    ]);
    expect(lines.filter(([, s]) => s === 'stderr')).toEqual([['err', 'stderr']]);
    expect(r.stdout).toBe('one\ntwo\npartial');
  });

  it('inputFile is streamed to stdin; a missing one gives empty input', async () => {
    const file = join(tempDir(), 'in.bin');
    writeFileSync(file, 'from the file\n');
    expect((await run('cat', [], { inputFile: file })).stdout).toBe('from the file\n');
    const missing = await run('cat', [], { inputFile: join(tempDir(), 'absent') });
    expect(missing).toMatchObject({ code: 0, stdout: '' });
  });

  it('a program that cannot be started rejects with the spawn error', async () => {
    await expect(run(join(tempDir(), 'no-such-program'), [])).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('a stdoutFile that cannot be written still resolves with the exit code', async () => {
    const file = join(tempDir(), 'missing-dir', 'out');
    const r = await run('true', [], { stdoutFile: file });
    expect(r.code).toBe(0);
    expect(existsSync(file)).toBe(false);
  });

  it('a child ended by a signal gets 128 + the signal number: SIGINT 130, SIGKILL 137, timeout (SIGTERM) 143', async () => {
    const selfKill = (sig: string) => run(node, ['-e', `process.kill(process.pid, ${JSON.stringify(sig)})`]);
    expect((await selfKill('SIGINT')).code).toBe(130);
    expect((await selfKill('SIGKILL')).code).toBe(137);
    const slow = await run('sleep', ['30'], { timeoutMs: 100 });
    expect(slow).toMatchObject({ code: 143, killed: true });
  });
});

describe('firstErrorLine', () => {
  const r = (over: Partial<RunResult>): RunResult => ({ code: 3, stdout: '', stderr: '', killed: false, ...over });

  it('the first line that says error, else the first line of stderr, else of stdout', () => {
    expect(firstErrorLine(r({ stderr: 'starting\n  Error: no space  \n' }))).toBe('Error: no space');
    expect(firstErrorLine(r({ stderr: 'just a note\nmore' }))).toBe('just a note');
    expect(firstErrorLine(r({ stdout: '\nonly stdout\n' }))).toBe('only stdout');
  });

  it('a command that printed nothing is named by its exit code', () => {
    expect(firstErrorLine(r({}))).toBe('exit code 3');
    expect(firstErrorLine(r({ stdout: '  \n', stderr: '\n' }))).toBe('exit code 3');
  });
});
