import { join } from 'node:path';
import { rmSync } from 'node:fs';
import type { BackendKind, RunLease } from '../backends/backend';
import type { HostPolicy } from './host-policy';
import { OPERATIONS } from '../operations';
import type { OpContext } from '../operations/operation';
import { announceCustomization } from './announce';
import { withOverlays } from './with-overlays';
import { genericEnabled } from '../overlays/overlays';
import type { UpgradeFrom } from '../recipe/releases';
import { writeResults } from '../report/results-file';
import type { OpName, OpResult, Results, Teardown, TeardownStrategy } from '../report/schema';
import { bundledOverlaysDir } from '../util/install-dir';
import { waitedMs } from '../util/waits';
import { Deployment } from './deployment';
import { errorMessage } from '../errors';
import { autopsyOf } from './diagnose';
import type { RunEvents } from './events';
import { writeManifest, type Manifest } from './manifest';
import { Masker } from './masker';
import { DEFAULT_TIMEOUT_SECONDS, normalizeOps } from './options';
import { runOps } from './orchestrator';
import { prepare } from './prepare';
import { buildResults, failing } from './results';
import { settleLease, tearDown } from './teardown';
import { currentOwner } from './owner';
import { reapLines, reapRuns, type ReapSettings } from './reap';

export interface SuiteOptions {
  recipeDir: string;
  recipe?: string;
  ops: readonly OpName[];
  /** How the app is deployed (backends/registry.ts chooses it). */
  backend: BackendKind;
  domain?: string;
  /** Undefined: config.yml's upgrade.from, else previous. */
  upgradeFrom?: UpgradeFrom;
  teardown: TeardownStrategy;
  /** Seconds for every op (flag or input); wins over config.yml timeouts. */
  timeout?: number;
  /** Whether repo-local executables may run (false for an untrusted fork PR). */
  repoLocalTrusted: boolean;
  /** Whether the recipe may reach into the host; default allow (host-policy.ts). */
  hostPolicy?: HostPolicy;
  /** Where per-run state (env file, manifest, snapshots, results) lives; one subdirectory per stack. */
  stateRoot: string;
  resultsFile?: string;
  /** Create a swarm when the Docker host has none. */
  initSwarm: boolean;
  /** Aborted, with an Interrupted reason, when the run is cancelled. */
  signal: AbortSignal;
  /** Called once the teardown manifest is on disk and the run is recorded on the host. */
  onManifest?: (path: string) => void;
  /** Reap what dead runs left on the host before this one starts (the CLI's `test`). */
  reap?: ReapSettings;
}

/**
 * One cc-ci run: read and check the recipe (nothing created yet), deploy once, run the selected
 * ops on that deployment, tear down per strategy (also when cc-ci itself crashed), and return
 * results valid against the schema.
 */
export async function runSuite(opts: SuiteOptions, events: RunEvents): Promise<Results> {
  const startedAt = new Date();
  const waitedBefore = waitedMs();
  const selected = normalizeOps(opts.ops);
  const prepared = await prepare({ ...opts, ops: selected, bundledOverlaysDir: bundledOverlaysDir() });
  // Said once the input is known good: bad input gets its one line and nothing else.
  const added = selected.filter((op) => !opts.ops.includes(op));
  if (added.length) events.info(`${added.join(', ')} added: the selected ops need ${added.length > 1 ? 'them' : 'it'}`);
  const { app, stateDir, overlays } = prepared;
  const manifestPath = join(stateDir, 'manifest.json');
  const resultsFile = opts.resultsFile ?? join(stateDir, 'results.json');
  const manifest: Manifest = {
    stack: app.stack,
    domain: app.domain,
    backend: opts.backend.name,
    stateDir,
    teardown: opts.teardown,
    finished: false,
    resultsFile,
  };
  let lease: RunLease;
  try {
    await opts.backend.setupHost({ initSwarm: opts.initSwarm, log: (m) => events.info(m) });
    const runs = opts.backend.runs();
    if (opts.reap) for (const line of reapLines(await reapRuns(runs, opts.reap))) events.info(line);
    writeManifest(manifestPath, manifest);
    // The run's first write on the host: from here on a dead run is found, and reaped, by it.
    lease = await runs.claim({ stack: app.stack, domain: app.domain, backend: opts.backend.name, stateDir, owner: currentOwner() });
  } catch (e) {
    rmSync(stateDir, { recursive: true, force: true });
    throw e;
  }
  opts.onManifest?.(manifestPath);
  const route = prepared.path.length ? `: ${[...prepared.path.map((r) => r.release.tag), 'head'].join(' → ')}` : '';
  events.info(
    `recipe ${app.recipe.name}${route} as ${app.domain} (stack ${app.stack}, backend ${opts.backend.name}); state in ${stateDir}`,
  );
  events.debug(
    `recipe checkout ${app.recipe.dir}; app env file ${app.envFile}; results file ${resultsFile}; bundled overlays ${bundledOverlaysDir()}`,
  );
  announceCustomization(overlays, events);
  for (const h of prepared.hostReach) events.info(`host access: ${h.file}:${h.line ?? 1}: service ${h.service} ${h.what}`);

  const backend = opts.backend.forApp({ stack: app.stack, domain: app.domain, stateDir, debug: (m) => events.debug(m) });
  const masker = new Masker((secret) => events.mask(secret));
  const logsDir = join(stateDir, 'logs');
  const deployment = new Deployment(prepared, backend, masker);
  const context = (op: OpName, signal: AbortSignal, from: OpContext['from']): OpContext => ({
    op,
    app,
    facts: prepared,
    backend,
    deploys: deployment,
    from,
    generic: genericEnabled(overlays, op),
    signal,
    progress: (d) => events.opProgress(op, d),
    redact: (line) => masker.redactBytes(line),
  });
  const record = {
    prepared,
    backend: backend.name,
    startedAt,
    deployCount: () => deployment.guard.count,
    dockerWaitMs: () => waitedMs() - waitedBefore,
  };
  const results = (ops: OpResult[], teardown: Teardown) => masker.redactDeep(buildResults(record, ops, teardown));
  const pending: Teardown = { strategy: opts.teardown, status: 'pending', leftovers: [] };
  // A results path that stops being writable mid-run (its directory removed, a full disk) costs
  // the file, said once, never the teardown.
  let unsaved = false;
  const save = (r: Results) => {
    try {
      writeResults(resultsFile, r);
    } catch (e) {
      if (typeof (e as NodeJS.ErrnoException).code !== 'string') throw e; // not the file system: results the schema refuses are cc-ci's bug
      if (!unsaved) events.warn(`cannot write the results to ${resultsFile}: ${errorMessage(e)}; the run goes on and tears down`);
      unsaved = true;
    }
  };

  let ops: OpResult[] = [];
  // Boxed: what a bug throws may be anything, undefined included.
  let crash: { thrown: unknown } | undefined;
  try {
    ops = await runOps(OPERATIONS.map(withOverlays), {
      selected,
      // An upgrade path's limit is per hop: a chain of N releases may take N times one upgrade's.
      timeoutSeconds: (op) =>
        (opts.timeout ?? overlays.config.timeouts?.[op] ?? DEFAULT_TIMEOUT_SECONDS) *
        (op === 'upgrade' ? Math.max(1, prepared.path.length) : 1),
      runSignal: opts.signal,
      events,
      context,
      autopsy: (op, outcome) => autopsyOf(backend, stateDir, op, outcome),
      // Partial results after each op: if this process dies, the post step still has them.
      onProgress: (sofar) => {
        masker.redactFiles(logsDir);
        save(results(sofar, pending));
      },
    });
  } catch (e) {
    crash = { thrown: e }; // a bug in cc-ci itself: still tear down what the run created, then report it
  }
  masker.redactFiles(logsDir);
  const failed = crash !== undefined || ops.some(failing);
  const teardown: Teardown =
    deployment.guard.count > 0
      ? await tearDown(backend, opts.teardown, failed, events)
      : { strategy: opts.teardown, status: 'done', leftovers: [], detail: 'nothing was deployed' };
  await settleLease(lease, teardown, events);
  if (crash !== undefined) {
    writeManifest(manifestPath, { ...manifest, finished: true });
    throw crash.thrown;
  }
  const out = results(ops, teardown);
  save(out);
  writeManifest(manifestPath, { ...manifest, finished: true });
  return out;
}
