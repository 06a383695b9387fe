import { chmodSync, closeSync, createWriteStream, mkdirSync, openSync, readSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { spawn } from 'node:child_process';
import type { OpName } from '../report/schema';
import { distDir } from '../util/install-dir';
import { isExecutable, onOwnPath, ownEnv } from '../util/own-env';
import { UserError } from '../errors';
import { lineBuffer } from '../util/line-buffer';
import { waitingOn } from '../util/waits';
import type { FoundFile } from './discover';

/** What every hook and test gets: where the app is, and `cc-ci` on PATH for the helpers. */
export interface Contract {
  recipe: string;
  recipeDir: string;
  domain: string;
  stack: string;
  backend: string;
  stateDir: string;
  envFile: string;
  baseVersion: string;
  headVersion: string;
  snapshot?: string;
}

/**
 * Built for the hook, not inherited: cc-ci's own allowlisted environment (own-env.ts) and the
 * contract. The action's inputs, runtime tokens and the runner's secrets never reach recipe code.
 */
export function contractEnv(c: Contract, op: OpName): NodeJS.ProcessEnv {
  const own = ownEnv();
  return {
    ...own,
    CCCI_RECIPE: c.recipe,
    CCCI_RECIPE_DIR: c.recipeDir,
    CCCI_DOMAIN: c.domain,
    CCCI_STACK: c.stack,
    CCCI_OP: op,
    CCCI_BACKEND: c.backend,
    CCCI_STATE_DIR: c.stateDir,
    CCCI_ENV_FILE: c.envFile,
    CCCI_BASE_VERSION: c.baseVersion,
    CCCI_HEAD_VERSION: c.headVersion,
    CCCI_SNAPSHOT: c.snapshot ?? '',
    PATH: `${helperBin(c.stateDir)}:${own.PATH ?? '/usr/local/bin:/usr/bin:/bin'}`,
  };
}

const launchers = new Set<string>();

/** A `cc-ci` launcher for the bundled CLI, in the run's state dir (written once per run). */
function helperBin(stateDir: string): string {
  const bin = join(stateDir, 'bin');
  if (launchers.has(bin)) return bin;
  launchers.add(bin);
  mkdirSync(bin, { recursive: true });
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  writeFileSync(join(bin, 'cc-ci'), `#!/bin/sh\nexec ${quote(process.execPath)} ${quote(join(distDir(), 'cli.js'))} "$@"\n`);
  chmodSync(join(bin, 'cc-ci'), 0o755);
  return bin;
}

export interface ExecutableRun {
  code: number;
  /** The last lines it printed (stdout and stderr interleaved), oldest first. */
  lines: string[];
  log: string;
  killed: boolean;
}

const KEEP_LINES = 200;
/** How long a hook has to end after SIGTERM before its process group is killed. */
const KILL_GRACE_MS = 5_000;
/** How long output may still arrive after the hook itself exited. */
const PIPE_GRACE_MS = 2_000;
/** A hook may print without end: the log keeps its first 16 MiB, a kept line its first 8 KiB. */
export const LOG_LIMIT = 16 * 1024 * 1024;
const LINE_LIMIT = 8 * 1024;

/**
 * Runs a hook or test (any executable) with the contract env, in the recipe checkout; its whole
 * output goes to a log file under the state dir, the last lines are kept for the report. The log
 * is written a line at a time through `redact`, so a secret the hook prints never lands in the
 * file, not even when cc-ci is killed mid-hook and the post step uploads what is there.
 */
export function runExecutable(file: FoundFile, env: NodeJS.ProcessEnv, cwd: string, logDir: string, signal: AbortSignal, redact: (line: Buffer) => Buffer = (b) => b): Promise<ExecutableRun> {
  mkdirSync(logDir, { recursive: true });
  const log = join(logDir, `${file.source}-${file.rel.replace(/\//g, '_')}.log`);
  const out = createWriteStream(log);
  const logLines = lineBuffer((line) => out.write(redact(line)));
  return waitingOn(
    new Promise((resolve, reject) => {
      // stderr joins stdout in one pipe, so the kept lines are in the order they were written.
      const child = spawn('/bin/sh', ['-c', 'exec "$0" 2>&1', file.path], { cwd, env, stdio: ['ignore', 'pipe', 'ignore'], detached: true });
      const tail: string[] = [];
      let partial = '';
      let killed = false;
      let logged = 0;
      const onData = (chunk: Buffer) => {
        if (logged < LOG_LIMIT) {
          logLines.write(chunk.subarray(0, LOG_LIMIT - logged));
          if ((logged += chunk.length) >= LOG_LIMIT) {
            logLines.discard(); // the cut line could end inside a secret, which the mask would then miss
            out.write(`\n[cc-ci: output after ${LOG_LIMIT} bytes not kept]\n`);
          }
        }
        const lines = (partial + chunk.toString('utf8')).split('\n');
        partial = lines.pop()!.slice(0, LINE_LIMIT);
        tail.push(...lines.slice(-KEEP_LINES).map((l) => l.slice(0, LINE_LIMIT)));
        if (tail.length > KEEP_LINES) tail.splice(0, tail.length - KEEP_LINES);
      };
      child.stdout.on('data', onData);
      // The whole process group: scripts start children. Signal 0 only asks whether any is left.
      const group = (sig: NodeJS.Signals | 0) => {
        try {
          process.kill(-child.pid!, sig);
          return true;
        } catch {
          return false;
        }
      };
      let killTimer: NodeJS.Timeout | undefined;
      const kill = () => {
        killed = true;
        group('SIGTERM');
        // A hook may trap or ignore SIGTERM (`trap '' TERM` is inherited by what it starts).
        killTimer = setTimeout(() => group('SIGKILL'), KILL_GRACE_MS);
        killTimer.unref();
      };
      if (signal.aborted) kill();
      else signal.addEventListener('abort', kill, { once: true });
      // Something the hook started in the background (a daemon of its own session) may hold the
      // output pipe open after the hook exited: its output then ends with the hook.
      child.on('exit', () => setTimeout(() => child.stdout.destroy(), PIPE_GRACE_MS).unref());
      child.on('error', (e) => reject(new Error(`cannot run ${basename(file.path)}: ${e.message}`)));
      child.on('close', (code, sig) => {
        signal.removeEventListener('abort', kill);
        // The group gone, its id may be reused: no late SIGKILL then.
        if (killTimer && !group(0)) clearTimeout(killTimer);
        if (partial) tail.push(partial);
        logLines.flush();
        // Resolved once the log is on disk: a caller (or the post step) may read it right away.
        out.end(() => resolve({ code: code ?? (sig ? 128 + 15 : 1), lines: tail.slice(-KEEP_LINES), log, killed }));
      });
    }),
  );
}

/**
 * A hook or test whose `#!` line names an interpreter this machine lacks would fail with exit 127
 * and a message about a file "not found", which reads as if the hook itself were missing: refused
 * before the run instead, at line 1, naming the interpreter. `/usr/bin/env NAME` is looked up on
 * the PATH hooks get.
 */
export function checkInterpreter(file: FoundFile): void {
  const head = Buffer.alloc(256);
  const fd = openSync(file.path, 'r');
  let n: number;
  try {
    n = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  const first = head.subarray(0, n).toString('utf8').split('\n')[0]!;
  if (!first.startsWith('#!')) return;
  // The kernel would look for "/bin/sh\r": the hook would fail as "not found".
  if (first.endsWith('\r')) throw new UserError('its #! line ends in a carriage return (Windows line endings); save it with LF line endings (a .gitattributes line `*.sh text eol=lf` keeps them)', file.shown, 1);
  const [interpreter, ...args] = first.slice(2).trim().split(/[ \t]+/);
  if (!interpreter) return;
  const refuse = (name: string) => new UserError(`its #! line names ${name}, which is not installed where hooks run; use /bin/sh, or a program the runner has`, file.shown, 1);
  if (!isExecutable(interpreter)) throw refuse(interpreter);
  const program = /(^|\/)env$/.test(interpreter) ? args.find((a) => !a.startsWith('-') && !a.includes('=')) : undefined;
  if (program && !program.includes('/') && onOwnPath(program) === program) throw refuse(`${program} (through ${interpreter})`);
}
