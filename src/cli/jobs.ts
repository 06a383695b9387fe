import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backendKind } from '../backends/registry';
import { abortOnSignals, signalExitCode } from '../engine/interrupt';
import { reapLines, reapRuns, type ReapSettings } from '../engine/reap';
import { textMatrix, type Leg } from '../report/matrix';
import { textAutopsies } from '../report/table';
import type { TerminalEvents } from '../report/terminal-events';
import { distDir } from '../util/install-dir';
import type { Command } from './args';
import { planJobs } from './jobs-plan';
import { runJobs } from './jobs-run';

/**
 * `cc-ci test DIR... --jobs N`: each recipe a `cc-ci test` of its own, N at once on one Docker
 * host, their lines live and prefixed on stderr; then on stdout the recipe × op grid (the matrix
 * report's) and each failing recipe's autopsies. Exit 0 when every recipe passed, 1 when any did
 * not, 130/143 when interrupted (every running recipe tore down first).
 */
export async function testJobs(cmd: Extract<Command, { kind: 'jobs' }>, events: TerminalEvents, reap: ReapSettings): Promise<number> {
  const resultsDir = cmd.resultsDir ?? mkdtempSync(join(tmpdir(), 'cc-ci-results-'));
  const planned = planJobs(cmd.recipeDirs, resultsDir);
  const interrupt = abortOnSignals((sig, first) =>
    events.warn(first ? `${sig}: stopping every recipe's current op and tearing down` : `${sig}: still tearing down, please wait`),
  );
  try {
    // Once for all recipes: a host that is not ready is one line (exit 2), and the runs do not
    // race one another to reap the same dead run.
    const kind = backendKind(cmd.backend, '--backend');
    await kind.setupHost({ initSwarm: true, log: (m) => events.info(m) });
    for (const line of reapLines(await reapRuns(kind.runs(), reap))) events.info(line);
    events.info(`${planned.length} recipe(s), at most ${cmd.jobs} at once; results in ${resultsDir}`);
    const cli = join(distDir(), 'cli.js');
    const legs = await runJobs(planned, {
      jobs: cmd.jobs,
      // `--` before the directory: one named like a flag stays a directory.
      command: (job) => ({
        file: process.execPath,
        args: [...process.execArgv, cli, 'test', '--results', job.results, ...cmd.runArgs, '--', job.dir],
      }),
      signal: interrupt.signal,
      out: process.stderr,
    });
    process.stdout.write(`\n${report(legs)}\n`);
    if (interrupt.signal.aborted) return signalExitCode(interrupt.signal.reason);
    return legs.every((l) => l.results?.status === 'pass' && !l.error) ? 0 : 1;
  } finally {
    interrupt.dispose();
  }
}

/** The grid, then each failing recipe's autopsies under its name. */
export function report(legs: Leg[]): string {
  const autopsies = legs.flatMap((l) => {
    const text = l.results ? textAutopsies(l.results) : '';
    return text ? [`${l.recipe}:\n${text}`] : [];
  });
  return [textMatrix(legs), ...autopsies].join('\n\n') + '\n';
}
