import { join } from 'node:path';
import { rmSync } from 'node:fs';
import type { HostPolicy } from './host-policy';
import { DockerApi } from '../backends/swarm/docker-api';
import { setupSwarm } from '../backends/swarm/setup';
import { SwarmBackend } from '../backends/swarm/swarm-backend';
import { OPERATIONS } from '../operations';
import { announceCustomization } from '../overlays/announce';
import { withOverlays } from '../overlays/apply';
import { genericEnabled } from '../overlays/overlays';
import type { UpgradeFrom } from '../recipe/releases';
import { writeResults } from '../report/results-file';
import { SCHEMA_ID, type OpName, type OpResult, type Results, type Teardown, type TeardownStrategy } from '../report/schema';
import { bundledOverlaysDir } from '../util/install-dir';
import { waitedMs } from '../util/waits';
import { Deployment } from './deployment';
import { autopsyOf } from './diagnose';
import type { RunEvents } from './events';
import { writeManifest, type Manifest } from './manifest';
import { Masker } from './masker';
import type { OpContext, RunState } from './operation';
import { DEFAULT_TIMEOUT_SECONDS, normalizeOps } from './options';
import { runOps } from './orchestrator';
import { prepare } from './prepare';
import { tearDown } from './teardown';

export interface SuiteOptions {
  recipeDir: string;
  recipe?: string;
  ops: readonly OpName[];
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
  /** Called once the teardown manifest is on disk, before anything is created. */
  onManifest?: (path: string) => void;
}

/**
 * One cc-ci run: read and check the recipe (nothing created yet), deploy once, run the selected
 * ops on that deployment, tear down per strategy, and return results valid against the schema.
 */
export async function runSuite(opts: SuiteOptions, events: RunEvents): Promise<Results> {
  const startedAt = new Date();
  const waitedBefore = waitedMs();
  const selected = normalizeOps(opts.ops);
  const added = selected.filter((op) => !opts.ops.includes(op));
  if (added.length) events.info(`${added.join(', ')} added: the selected ops need ${added.length > 1 ? 'them' : 'it'}`);
  const prepared = await prepare({ ...opts, ops: selected, bundledOverlaysDir: bundledOverlaysDir() });
  const { app, stateDir, overlays } = prepared;
  try {
    await setupSwarm(new DockerApi(), { initSwarm: opts.initSwarm, log: events.info });
  } catch (e) {
    rmSync(stateDir, { recursive: true, force: true });
    throw e;
  }

  const manifestPath = join(stateDir, 'manifest.json');
  const resultsFile = opts.resultsFile ?? join(stateDir, 'results.json');
  const manifest: Manifest = { stack: app.stack, domain: app.domain, backend: 'swarm', stateDir, teardown: opts.teardown, finished: false, resultsFile };
  writeManifest(manifestPath, manifest);
  opts.onManifest?.(manifestPath);
  const base = prepared.base?.release;
  events.info(`recipe ${app.recipe.name}${base ? `: ${base.tag} → head` : ''} as ${app.domain} (stack ${app.stack}); state in ${stateDir}`);
  announceCustomization(overlays, events);
  for (const h of prepared.hostReach) events.info(`host access: ${h.file}:${h.line ?? 1}: service ${h.service} ${h.what}`);

  const backend = new SwarmBackend(app.stack);
  const masker = new Masker((secret) => events.mask(secret));
  const deployment = new Deployment(prepared, backend, masker);
  const state: RunState = {};
  const context = (op: OpName, signal: AbortSignal): OpContext => ({
    op,
    app,
    prepared,
    backend,
    deployment,
    state,
    generic: genericEnabled(overlays, op),
    signal,
    progress: (d) => events.opProgress(op, d),
  });
  const results = (ops: OpResult[], teardown: Teardown): Results =>
    masker.redactDeep({
      schema: SCHEMA_ID,
      recipe: app.recipe.name,
      backend: 'swarm',
      domain: app.domain,
      stack: app.stack,
      base: base ? { version: base.tag, ref: base.commit } : null,
      head: { version: prepared.headPlan.version, ref: prepared.git.head },
      deployCount: deployment.guard.count,
      status: ops.some((o) => o.status === 'fail' || o.status === 'blocked') ? 'fail' : 'pass',
      ops,
      customization: overlays.manifest,
      hostAccess: prepared.hostReach.map((h) => ({ ...h, line: h.line ?? null })),
      teardown,
      sources: Object.fromEntries([...prepared.headPlan.compose.services].map(([name, s]) => [name, { file: s.file, line: s.line ?? null }])),
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      dockerWaitMs: waitedMs() - waitedBefore,
    });
  const pending: Teardown = { strategy: opts.teardown, status: 'pending', leftovers: [] };
  let ops: OpResult[] = [];
  let crash: unknown;
  try {
    ops = await runOps(OPERATIONS.map(withOverlays), {
      selected,
      timeoutSeconds: (op) => opts.timeout ?? overlays.config.timeouts?.[op] ?? DEFAULT_TIMEOUT_SECONDS,
      runSignal: opts.signal,
      events,
      context,
      autopsy: (op, outcome) => autopsyOf(backend, stateDir, op, outcome),
      // Partial results after each op: if this process dies, the post step still has them.
      onProgress: (sofar) => writeResults(resultsFile, results(sofar, pending)),
    });
  } catch (e) {
    crash = e; // a bug in cc-ci itself: still tear down what the run created, then report it
  }
  const failed = crash !== undefined || ops.some((o) => o.status === 'fail' || o.status === 'blocked');

  const teardown: Teardown =
    deployment.guard.count > 0 ? await tearDown(backend, opts.teardown, failed, events) : { strategy: opts.teardown, status: 'done', leftovers: [], detail: 'nothing was deployed' };
  if (crash !== undefined) {
    writeManifest(manifestPath, { ...manifest, finished: true });
    throw crash;
  }
  const out = results(ops, teardown);
  writeResults(resultsFile, out);
  writeManifest(manifestPath, { ...manifest, finished: true });
  return out;
}
