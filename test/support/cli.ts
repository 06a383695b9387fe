import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
/** The build under test: dist/, or the source-mapped build a coverage run measures (scripts/test.sh). */
export const DIST = join(ROOT, process.env.CC_CI_TEST_DIST ?? 'dist');
export const CLI = join(DIST, 'cli.js');

/**
 * The environment for a CLI or action step a test starts: the test's own, plus, in a measured run,
 * NODE_V8_COVERAGE so the process records its coverage. Set here and not on the test workers: node
 * hands NODE_V8_COVERAGE on to every child of a process that has it, and tests that check the exact
 * environment cc-ci gives a child (abra's, a hook's) would see it.
 */
export function spawnEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const coverage = process.env.CC_CI_SUBPROCESS_COVERAGE;
  return { ...process.env, ...(coverage ? { NODE_V8_COVERAGE: resolve(ROOT, coverage) } : {}), ...extra };
}
export const fixture = (name: string) => join(ROOT, 'test/fixtures/recipes', name);

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (what users run), optionally sending it a signal once `killWhen` matches stderr. */
export function runCli(
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; killWhen?: RegExp; killWith?: NodeJS.Signals } = {},
): Promise<CliRun> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: opts.cwd ?? ROOT, env: spawnEnv(opts.env) });
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      if (opts.killWhen && !sent && opts.killWhen.test(stderr)) {
        sent = true;
        child.kill(opts.killWith ?? 'SIGINT');
      }
    });
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr }));
  });
}

/** A unique short domain per test, so parallel tests never share a stack. */
export function uniqueDomain(prefix: string): string {
  return `${prefix}-${Math.random().toString(16).slice(2, 8)}.ci.local`;
}

export const stackOf = (domain: string) => domain.replace(/\./g, '_');

export function tempDir(prefix = 'cc-ci-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The ids of the run's record on the host (a service labelled cc-ci.run=<stack>), listed with the docker CLI. */
export function runRecords(stack: string): string[] {
  return execFileSync('docker', ['service', 'ls', '-q', '--filter', `label=cc-ci.run=${stack}`], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
}

/**
 * Everything on the Docker host that still carries the stack's labels, counted with the docker
 * CLI: independent of the teardown code under test.
 */
export function dockerLeftovers(stack: string): string[] {
  const found: string[] = [];
  for (const label of [`com.docker.stack.namespace=${stack}`, `cc-ci.stack=${stack}`]) {
    const f = `label=${label}`;
    const lists: [string, string[]][] = [
      ['service', ['service', 'ls', '-q', '--filter', f]],
      ['container', ['ps', '-aq', '--filter', f]],
      ['network', ['network', 'ls', '-q', '--filter', f]],
      ['volume', ['volume', 'ls', '-q', '--filter', f]],
      ['secret', ['secret', 'ls', '-q', '--filter', f]],
      ['config', ['config', 'ls', '-q', '--filter', f]],
    ];
    for (const [kind, args] of lists) {
      for (const id of execFileSync('docker', args, { encoding: 'utf8' }).split('\n').filter(Boolean)) found.push(`${kind} ${id}`);
    }
  }
  return found;
}
