import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Masker } from '../../src/engine/masker';
import type { FoundFile } from '../../src/overlays/discover';
import { runExecutable } from '../../src/overlays/executables';
import { lineBuffer } from '../../src/util/line-buffer';
import { sleep } from '../../src/util/time';
import { tempDir } from '../support/cli';

const SECRET = 'Tr9xKqPz41mW';

function hook(script: string): FoundFile {
  const path = join(tempDir(), 'pre-backup.sh');
  writeFileSync(path, script);
  chmodSync(path, 0o755);
  return { source: 'repo-local', rel: 'hooks/pre-backup.sh', path, shown: '.cc-ci/hooks/pre-backup.sh', executable: true };
}

describe("a hook's log is redacted as it is written", () => {
  it('holds no secret while the hook still runs: split across two writes, and on a line that is not UTF-8', async () => {
    const masker = new Masker();
    masker.add(SECRET);
    // Half the secret, a pause, the rest; then the secret amid bytes that are not UTF-8; then it hangs.
    const file = hook(
      `#!/bin/sh\nprintf 'token=${SECRET.slice(0, 5)}'\nsleep 0.3\nprintf '${SECRET.slice(5)} done\\n'\nprintf '\\377\\376 ${SECRET} \\377\\n'\necho last\nsleep 30\n`,
    );
    const logDir = tempDir();
    const ctrl = new AbortController();
    const run = runExecutable(file, { PATH: process.env.PATH }, tempDir(), logDir, ctrl.signal, (line) => masker.redactBytes(line));
    const log = join(logDir, 'repo-local-hooks_pre-backup.sh.log');
    for (const end = Date.now() + 10_000; !(existsSync(log) && readFileSync(log, 'latin1').includes('last\n')); await sleep(50))
      if (Date.now() > end) throw new Error('the hook wrote nothing');
    const bytes = readFileSync(log);
    expect(bytes.includes(Buffer.from(SECRET.slice(0, 5)))).toBe(false);
    expect(bytes.includes(Buffer.from(SECRET.slice(5)))).toBe(false);
    expect(bytes.toString('latin1')).toBe('token=*** done\n\xff\xfe *** \xff\nlast\n');
    ctrl.abort();
    expect((await run).killed).toBe(true);
  });

  it('cuts lines at newlines and overlong lines in pieces, byte for byte', () => {
    const got: string[] = [];
    const lb = lineBuffer((l) => got.push(l.toString('latin1')), 4);
    lb.write(Buffer.from('ab'));
    lb.write(Buffer.from('c\nde'));
    lb.write(Buffer.from('fghij'));
    lb.write(Buffer.from('\n\xff', 'latin1'));
    lb.flush();
    expect(got).toEqual(['abc\n', 'defg', 'hij\n', '\xff']);
  });
});
