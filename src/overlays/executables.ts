import { chmodSync, createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { spawn } from 'node:child_process';
import type { OpName } from '../report/schema';
import { distDir } from '../util/install-dir';
import { ownEnv } from '../util/own-env';
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
/** A hook may print without end: the log keeps its first 16 MiB, a kept line its first 8 KiB. */
export const LOG_LIMIT = 16 * 1024 * 1024;
const LINE_LIMIT = 8 * 1024;

/**
 * Runs a hook or test (any executable) with the contract env, in the recipe checkout; its whole
 * output goes to a log file under the state dir, the last lines are kept for the report.
 */
export function runExecutable(file: FoundFile, env: NodeJS.ProcessEnv, cwd: string, logDir: string, signal: AbortSignal): Promise<ExecutableRun> {
  mkdirSync(logDir, { recursive: true });
  const log = join(logDir, `${file.source}-${file.rel.replace(/\//g, '_')}.log`);
  const out = createWriteStream(log);
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
          out.write(chunk.subarray(0, LOG_LIMIT - logged));
          if ((logged += chunk.length) >= LOG_LIMIT) out.write(`\n[cc-ci: output after ${LOG_LIMIT} bytes not kept]\n`);
        }
        const lines = (partial + chunk.toString('utf8')).split('\n');
        partial = lines.pop()!.slice(0, LINE_LIMIT);
        tail.push(...lines.slice(-KEEP_LINES).map((l) => l.slice(0, LINE_LIMIT)));
        if (tail.length > KEEP_LINES) tail.splice(0, tail.length - KEEP_LINES);
      };
      child.stdout.on('data', onData);
      const kill = () => {
        killed = true;
        try {
          process.kill(-child.pid!, 'SIGTERM'); // the whole process group: scripts start children
        } catch {}
      };
      signal.addEventListener('abort', kill, { once: true });
      child.on('error', (e) => reject(new Error(`cannot run ${basename(file.path)}: ${e.message}`)));
      child.on('close', (code, sig) => {
        signal.removeEventListener('abort', kill);
        if (partial) tail.push(partial);
        out.end();
        resolve({ code: code ?? (sig ? 128 + 15 : 1), lines: tail.slice(-KEEP_LINES), log, killed });
      });
    }),
  );
}
