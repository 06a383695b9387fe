import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALLOW_HOST, refuseHost } from '../engine/host-policy';
import { parseCommand, USAGE } from './args';
import { helperExec, helperHttp, helperLogs } from './helpers';
import { TerminalEvents } from '../report/terminal-events';
import { backendKind } from '../backends/registry';
import { DockerApiError, UserError, errorMessage } from '../errors';
import { readManifest } from '../engine/manifest';
import { runSuite } from '../engine/run';
import { DEFAULT_STALE_SECONDS, describeOutcome, reapRuns, type ReapSettings } from '../engine/reap';
import { abortOnSignals, signalExitCode } from '../engine/interrupt';
import { textAutopsies, textTable } from '../report/table';
import { checkResultsPath } from '../report/results-file';
import { shrinkStateDir } from '../engine/state-dir';
import { testJobs } from './jobs';

/** Where CLI runs keep their state: one directory per stack. */
const STATE_ROOT = join(tmpdir(), 'cc-ci');

/** The CLI: same engine as the action. Returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const events = new TerminalEvents();
  try {
    const cmd = parseCommand(argv);
    switch (cmd.kind) {
      case 'help':
        process.stdout.write(`${USAGE}\n`);
        return 0;
      case 'setup':
        await backendKind(cmd.backend).setupHost({ initSwarm: true, log: (m) => events.info(m) });
        return 0;
      case 'teardown':
        return await teardown(cmd.stack, events);
      case 'reap':
        return await reap(cmd.dryRun, cmd.staleSeconds, events);
      case 'exec':
        return await helperExec(cmd.service, cmd.argv);
      case 'http':
        return await helperHttp(cmd.path, cmd);
      case 'logs':
        return await helperLogs(cmd.service, cmd.tail);
      case 'jobs':
        return await testJobs(cmd, events, reapSettings(DEFAULT_STALE_SECONDS));
      case 'test': {
        if (cmd.results) checkResultsPath(cmd.results, '--results');
        const interrupt = abortOnSignals((sig, first) =>
          events.warn(first ? `${sig}: stopping the current op and tearing down` : `${sig}: still tearing down, please wait`),
        );
        try {
          const results = await runSuite(
            {
              ...cmd,
              backend: backendKind(cmd.backend, '--backend'),
              resultsFile: cmd.results,
              stateRoot: STATE_ROOT,
              initSwarm: true,
              repoLocalTrusted: true,
              // The operator runs their own recipe on their own host: listed, refused only when asked.
              hostPolicy: cmd.hostAccess === 'refuse' ? refuseHost('--host-access refuse') : ALLOW_HOST,
              signal: interrupt.signal,
              reap: reapSettings(DEFAULT_STALE_SECONDS),
            },
            events,
          );
          // The app is gone: its env file, staged trees and snapshot archives go too (docs/cli.md).
          if (results.teardown.status === 'done') shrinkStateDir(join(STATE_ROOT, results.stack));
          const autopsies = textAutopsies(results);
          process.stdout.write(`\n${events.redact(textTable(results))}\n\n${autopsies ? `${events.redact(autopsies)}\n\n` : ''}`);
          events.info(
            `deploys: ${results.deployCount}; teardown: ${results.teardown.status}${results.teardown.leftovers.length ? ` (${results.teardown.leftovers.length} left)` : ''}; results: ${cmd.results ?? join(STATE_ROOT, results.stack, 'results.json')}`,
          );
          if (interrupt.signal.aborted) return signalExitCode(interrupt.signal.reason);
          return results.status === 'pass' ? 0 : 1;
        } finally {
          interrupt.dispose();
        }
      }
    }
  } catch (e) {
    if (e instanceof UserError) {
      events.info(`cc-ci: ${e.oneLine}`);
      return 2;
    }
    events.info(`cc-ci: internal error: ${errorMessage(e)}`);
    if (process.env.CCCI_DEBUG) console.error(e);
    return 1;
  }
}

/** `cc-ci teardown STACK`: with the backend and domain the run's manifest names, else the swarm's labels. */
async function teardown(stack: string, events: TerminalEvents): Promise<number> {
  const path = join(STATE_ROOT, stack, 'manifest.json');
  const m = readManifest(path);
  const kind = backendKind(m?.backend ?? 'swarm');
  const backend = kind.forApp({ stack, domain: m?.domain ?? '', stateDir: m?.stateDir ?? join(STATE_ROOT, stack) });
  const report = await backend.teardown();
  for (const p of report.problems) events.warn(p);
  events.info(report.leftovers.length ? `left behind: ${report.leftovers.join(', ')}` : `stack ${stack}: nothing left`);
  if (report.leftovers.length) return 1;
  await kind.runs().forget(stack);
  if (existsSync(join(STATE_ROOT, stack))) shrinkStateDir(join(STATE_ROOT, stack));
  return 0;
}

const reapSettings = (staleSeconds: number): ReapSettings => ({
  staleSeconds,
  kindOf: (name) => backendKind(name, 'a run record'),
  stateRoot: STATE_ROOT,
});

/** `cc-ci reap`: every run recorded on this Docker host, and what became of it. */
async function reap(dryRun: boolean, staleSeconds: number, events: TerminalEvents): Promise<number> {
  const outcomes = await reapRuns(backendKind('swarm').runs(), reapSettings(staleSeconds), dryRun).catch((e: unknown) => {
    throw e instanceof DockerApiError ? new UserError(`reap: ${e.message}`) : e;
  });
  for (const o of outcomes) events.info(describeOutcome(o));
  if (!outcomes.length) events.info('no cc-ci runs recorded on this Docker host');
  return outcomes.some((o) => o.action === 'left') ? 1 : 0;
}
