import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SwarmBackend } from '../backends/swarm/swarm-backend';
import { DockerApi } from '../backends/swarm/docker-api';
import { setupSwarm } from '../backends/swarm/setup';
import { OPERATIONS } from '../operations';
import { checkDomain, defaultDomain, stackName, writeAppEnvFile, type App } from '../recipe/app';
import { headRef } from '../recipe/git';
import { loadRecipe } from '../recipe/recipe';
import { generateSecret } from '../recipe/secrets';
import { writeResults } from '../report/results-file';
import { SCHEMA_ID, type OpName, type Results, type Teardown, type TeardownStrategy } from '../report/schema';
import { DeployGuard } from './deploy-guard';
import { errorMessage } from './errors';
import type { RunEvents } from './events';
import { writeManifest, type Manifest } from './manifest';
import type { OpContext } from './operation';
import { runOps } from './orchestrator';
import { planDeploy, type DeployPlan } from './plan';

export const DEFAULT_TIMEOUT_SECONDS = 300;

export interface SuiteOptions {
  recipeDir: string;
  recipe?: string;
  ops: readonly OpName[];
  domain?: string;
  teardown: TeardownStrategy;
  timeouts?: Partial<Record<OpName, number>>;
  /** Where per-run state (env file, manifest, results) lives; one subdirectory per stack. */
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
 * One cc-ci run: load and check the recipe (nothing created yet), deploy once, run the selected
 * ops on that deployment, tear down per strategy, and return results valid against the schema.
 */
export async function runSuite(opts: SuiteOptions, events: RunEvents): Promise<Results> {
  const startedAt = new Date();
  const recipe = loadRecipe(opts.recipeDir, opts.recipe);
  const domain = opts.domain ?? defaultDomain(recipe.name);
  checkDomain(domain);
  const stack = stackName(domain);
  const stateDir = join(opts.stateRoot, stack);
  mkdirSync(stateDir, { recursive: true });
  const app: App = { recipe, domain, stack, envFile: join(stateDir, `${domain}.env`) };
  let plan: DeployPlan;
  try {
    writeAppEnvFile(recipe, domain, app.envFile);
    plan = planDeploy(app, recipe.dir);
    const api = new DockerApi();
    await setupSwarm(api, { initSwarm: opts.initSwarm, log: events.info });
  } catch (e) {
    rmSync(stateDir, { recursive: true, force: true });
    throw e;
  }

  const manifestPath = join(stateDir, 'manifest.json');
  const resultsFile = opts.resultsFile ?? join(stateDir, 'results.json');
  const manifest: Manifest = { stack, domain, backend: 'swarm', stateDir, teardown: opts.teardown, finished: false, failed: false, resultsFile };
  writeManifest(manifestPath, manifest);
  opts.onManifest?.(manifestPath);
  events.info(`recipe ${recipe.name} → app ${domain} (stack ${stack}); state in ${stateDir}`);

  const backend = new SwarmBackend(stack);
  const guard = new DeployGuard();
  const deployApp = async () => {
    guard.beforeDeploy();
    for (const s of plan.secrets) {
      const value = generateSecret(s.length, s.charset);
      events.mask(value);
      await backend.createSecret(s.name, value);
    }
    const since = new Date();
    await backend.deploy({ dir: plan.dir, composeFiles: plan.compose.files.map((f) => f.path), env: plan.env.values }, opts.signal);
    return since;
  };
  const context = (op: OpName, signal: AbortSignal): OpContext => ({
    app,
    backend,
    events,
    signal,
    progress: (d) => events.opProgress(op, d),
    deployApp,
  });

  const ops = await runOps(OPERATIONS, {
    selected: opts.ops,
    timeoutSeconds: (op) => opts.timeouts?.[op] ?? DEFAULT_TIMEOUT_SECONDS,
    runSignal: opts.signal,
    events,
    context,
  });
  const failed = ops.some((o) => o.status === 'fail' || o.status === 'blocked');
  writeManifest(manifestPath, { ...manifest, failed });

  const teardown = await tearDown(backend, opts.teardown, failed, events);
  const results: Results = {
    schema: SCHEMA_ID,
    recipe: recipe.name,
    backend: 'swarm',
    domain,
    stack,
    base: null,
    head: { version: null, ref: await headRef(recipe.dir) },
    deployCount: guard.count,
    status: failed ? 'fail' : 'pass',
    ops,
    customization: [],
    teardown,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
  };
  writeResults(resultsFile, results);
  writeManifest(manifestPath, { ...manifest, failed, finished: true });
  return results;
}

/** Tears down per strategy. Problems become warnings: cleanup never changes the test verdict. */
export async function tearDown(backend: SwarmBackend, strategy: TeardownStrategy, failed: boolean, events: RunEvents): Promise<Teardown> {
  if (strategy === 'never' || (strategy === 'on-success' && failed)) {
    events.warn(`kept stack ${backend.stack} (teardown: ${strategy}); remove it with: node dist/cli.js teardown ${backend.stack}`);
    return { strategy, status: 'kept', leftovers: [], detail: `remove with: node dist/cli.js teardown ${backend.stack}` };
  }
  try {
    const report = await backend.teardown();
    for (const p of report.problems) events.warn(`teardown: ${p}`);
    if (report.leftovers.length) events.warn(`teardown left ${report.leftovers.length} resource(s): ${report.leftovers.join(', ')}`);
    return { strategy, status: report.leftovers.length ? 'failed' : 'done', leftovers: report.leftovers };
  } catch (e) {
    events.warn(`teardown failed: ${errorMessage(e)}`);
    return { strategy, status: 'failed', leftovers: [], detail: errorMessage(e) };
  }
}
