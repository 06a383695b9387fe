import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors';
import type { FoundFile } from '../../src/overlays/discover';
import { checkInterpreter, contractEnv, runExecutable, type Contract } from '../../src/overlays/executables';
import { tempDir } from '../support/cli';

function hook(script: string, name = 'pre-install.sh'): FoundFile {
  const path = join(tempDir(), name);
  writeFileSync(path, script);
  chmodSync(path, 0o755);
  return { source: 'bundled', rel: `hooks/${name}`, path, shown: `overlays/r/hooks/${name}`, executable: true };
}

const env = { PATH: process.env.PATH };

describe('runExecutable: output and ending', () => {
  it('without a redact function the log is the output as printed; a last line without newline is kept', async () => {
    const logDir = tempDir();
    const r = await runExecutable(
      hook('#!/bin/sh\necho first\nprintf "no newline at end"\n'),
      env,
      tempDir(),
      logDir,
      new AbortController().signal,
    );
    expect(r).toMatchObject({ code: 0, killed: false, lines: ['first', 'no newline at end'] });
    expect(readFileSync(r.log, 'utf8')).toBe('first\nno newline at end');
    expect(r.log).toBe(join(logDir, 'bundled-hooks_pre-install.sh.log'));
  });

  it('keeps only the last 200 lines of a long output', async () => {
    const r = await runExecutable(
      hook('#!/bin/sh\ni=1\nwhile [ $i -le 300 ]; do echo "line $i"; i=$((i+1)); done\n'),
      env,
      tempDir(),
      tempDir(),
      new AbortController().signal,
    );
    expect(r.lines).toHaveLength(200);
    expect(r.lines[0]).toBe('line 101');
    expect(r.lines.at(-1)).toBe('line 300');
  });

  it('a signal already aborted stops the hook at once: killed, and the exit code of SIGTERM', async () => {
    const ctrl = new AbortController();
    ctrl.abort();
    const started = Date.now();
    const r = await runExecutable(hook('#!/bin/sh\nsleep 30\n'), env, tempDir(), tempDir(), ctrl.signal);
    expect(r.killed).toBe(true);
    expect(r.code).toBe(143);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('contractEnv', () => {
  const contract: Contract = {
    recipe: 'r',
    recipeDir: '/recipe',
    domain: 'r.ci.local',
    stack: 'r_ci_local',
    backend: 'swarm',
    stateDir: '',
    envFile: '/state/r.ci.local.env',
    baseVersion: '1.0.0',
    headVersion: '1.1.0',
  };

  it('without a PATH of cc-ci its own, hooks get the helper bin before the system default PATH; no snapshot is empty', () => {
    const stateDir = tempDir();
    const saved = process.env.PATH;
    delete process.env.PATH;
    try {
      const e = contractEnv({ ...contract, stateDir }, 'install');
      expect(e.PATH).toBe(`${join(stateDir, 'bin')}:/usr/local/bin:/usr/bin:/bin`);
      expect(e.CCCI_SNAPSHOT).toBe('');
      expect(e.CCCI_OP).toBe('install');
    } finally {
      process.env.PATH = saved;
    }
  });
});

describe('checkInterpreter', () => {
  it('only a #! first line is checked: a missing interpreter further down, or an empty #!, is not refused', () => {
    expect(() => checkInterpreter(hook('echo plain\n#!/opt/nowhere/bash\n'))).not.toThrow();
    expect(() => checkInterpreter(hook('#!   \n#!/opt/nowhere/bash\n'))).not.toThrow();
  });

  it('an interpreter that is not installed is refused at line 1, naming it', () => {
    const f = hook('#!/opt/nowhere/bash\necho hi\n');
    expect(() => checkInterpreter(f)).toThrow(
      expect.objectContaining({
        constructor: UserError,
        file: f.shown,
        line: 1,
        message: 'its #! line names /opt/nowhere/bash, which is not installed where hooks run; use /bin/sh, or a program the runner has',
      }),
    );
  });
});
