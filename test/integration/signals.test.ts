import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { readResults } from '../../src/report/results-file';
import { CLI, ROOT, dockerLeftovers, spawnEnv, stackOf, tempDir, uniqueDomain } from '../support/cli';

/** What the run may take to tear down after the signal: the swarm teardown's own limit, plus slack. */
const TEARDOWN_BOUND_MS = 120_000;

interface Step {
  /** Output (stdout and stderr) that triggers the step. */
  when: RegExp;
  /** Done once, before the signal (e.g. make the results path unwritable). */
  before?: () => void;
  signal: NodeJS.Signals;
}

/**
 * The CLI on the demo recipe, sent each step's signal once its output appears. A run still alive
 * TEARDOWN_BOUND_MS after the first signal is SIGKILLed and reported as hung.
 */
function signalled(args: string[], steps: Step[]): Promise<{ code: number | null; output: string; hung: boolean }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, 'test', join(ROOT, 'examples/demo'), ...args], { env: spawnEnv() });
    let output = '';
    let next = 0;
    let hung = false;
    let bound: NodeJS.Timeout | undefined;
    const seen = (d: Buffer) => {
      output += d.toString();
      while (next < steps.length && steps[next]!.when.test(output)) {
        const step = steps[next++]!;
        step.before?.();
        child.kill(step.signal);
        bound ??= setTimeout(() => {
          hung = true;
          child.kill('SIGKILL');
        }, TEARDOWN_BOUND_MS);
      }
    };
    child.stdout.on('data', seen);
    child.stderr.on('data', seen);
    child.on('close', (code) => {
      clearTimeout(bound);
      done({ code, output, hung });
    });
  });
}

const leftoverCount = (stack: string) => dockerLeftovers(stack).length;
const statuses = (file: string) => Object.fromEntries(readResults(file).ops.map((o) => [o.op, o.status]));

describe.concurrent('SIGTERM at any point: the run tears down and exits 143 within its teardown time', () => {
  it('early: right after the run recorded itself, as lint starts', async ({ expect }) => {
    const domain = uniqueDomain('sigearly');
    const out = join(tempDir(), 'results.json');
    const run = await signalled(['--domain', domain, '--results', out], [{ when: /^recipe demo.* as .*\(stack/m, signal: 'SIGTERM' }]);
    expect(run.hung).toBe(false);
    expect(run.code, run.output).toBe(143);
    expect(readResults(out).teardown.leftovers).toEqual([]);
    expect(
      readResults(out)
        .ops.filter((o) => o.status === 'skip')
        .map((o) => o.reason),
    ).toContain('not run: the run was interrupted');
    expect(leftoverCount(stackOf(domain))).toBe(0);
  });

  it('during backup, after install passed', async ({ expect }) => {
    const domain = uniqueDomain('sigbackup');
    const out = join(tempDir(), 'results.json');
    const run = await signalled(['--domain', domain, '--results', out], [{ when: /▶ backup/, signal: 'SIGTERM' }]);
    expect(run.hung).toBe(false);
    expect(run.code, run.output).toBe(143);
    expect(statuses(out)).toMatchObject({ install: 'pass', backup: 'fail', restore: 'skip', custom: 'skip' });
    expect(readResults(out).ops.find((o) => o.op === 'backup')?.autopsy).toMatchObject({
      reason: 'interrupted',
      event: 'interrupted by SIGTERM',
    });
    expect(readResults(out).teardown).toMatchObject({ status: 'done', leftovers: [] });
    expect(leftoverCount(stackOf(domain))).toBe(0);
  });

  it('twice: the second signal, during teardown, does not cut it short', async ({ expect }) => {
    const domain = uniqueDomain('sigtwice');
    const out = join(tempDir(), 'results.json');
    const run = await signalled(
      ['--domain', domain, '--results', out, '--ops', 'install'],
      [
        { when: /converging/, signal: 'SIGTERM' },
        { when: /SIGTERM: stopping the current op and tearing down/, signal: 'SIGTERM' },
      ],
    );
    expect(run.hung).toBe(false);
    expect(run.code, run.output).toBe(143);
    expect(run.output).toContain('SIGTERM: still tearing down, please wait');
    expect(readResults(out).teardown).toMatchObject({ status: 'done', leftovers: [] });
    expect(leftoverCount(stackOf(domain))).toBe(0);
  });

  it('while the results are written to a path that can no longer be written: one line, then teardown', async ({ expect }) => {
    const domain = uniqueDomain('sigwrite');
    const dir = join(tempDir(), 'out');
    mkdirSync(dir);
    const out = join(dir, 'results.json');
    // Mid-install the results directory becomes a file: every later write fails (ENOTDIR).
    const unwritable = () => {
      rmSync(dir, { recursive: true, force: true });
      writeFileSync(dir, 'not a directory');
    };
    const run = await signalled(
      ['--domain', domain, '--results', out, '--ops', 'install'],
      [{ when: /converging/, before: unwritable, signal: 'SIGTERM' }],
    );
    expect(run.hung).toBe(false);
    expect(run.code, run.output).toBe(143);
    expect(run.output.match(/cannot write the results to .*results\.json: .+; the run goes on and tears down/g)).toHaveLength(1);
    expect(run.output).toMatch(/teardown: done/);
    expect(run.output).not.toMatch(/^\s+at /m);
    expect(existsSync(out)).toBe(false);
    expect(leftoverCount(stackOf(domain))).toBe(0);
  });
});
