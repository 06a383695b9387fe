import { existsSync, mkdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appEnvText, checkDomain, defaultDomain, deployEnvOf, envBlock, stackName, type App } from '../recipe/app';
import { hostReach, mergeReach, type HostReach } from '../recipe/host-reach';
import { ALLOW_HOST, enforceHostPolicy, type HostPolicy } from './host-policy';
import { loadRecipe, shownIn, type Recipe } from '../recipe/recipe';
import { exportTree, parseUpgradeFrom, readRecipeGit, resolvePath, type RecipeGit, type UpgradeFrom } from '../recipe/releases';
import type { PathRelease } from '../operations/operation';
import type { OpName } from '../report/schema';
import { loadOverlays, type Overlays } from '../overlays/overlays';
import { convergeSeconds, planDeploy, planFromEnv, type DeployPlan } from '../recipe/deploy-plan';
import { lint, type Finding } from '../lint';
import { labelledServices } from '../recipe/compose-view';
import { planProbes, routingOptions } from '../traefik';
import { DEFAULT_TIMEOUT_SECONDS } from './options';
import { UserError } from '../errors';

export interface PrepareOptions {
  recipeDir: string;
  recipe?: string;
  domain?: string;
  ops: readonly OpName[];
  /** From the flag or input; undefined lets config.yml (upgrade.from) decide, else `previous`. */
  upgradeFrom?: UpgradeFrom;
  stateRoot: string;
  bundledOverlaysDir: string;
  /** Whether repo-local executables (install_steps.sh, hooks, tests) may run. */
  repoLocalTrusted: boolean;
  /** Seconds the install op may take (flag or input); config.yml's timeouts.install otherwise. */
  timeout?: number;
  /** Whether the recipe may reach into the host (bind mounts, capabilities, ...); default allow. */
  hostPolicy?: HostPolicy;
}

/** The file in the run's state dir that holds the merged config.yml, as JSON. */
export const RUN_CONFIG = 'config.json';

/** Everything known before the run creates anything on the Docker host. */
export interface Prepared {
  head: Recipe;
  git: RecipeGit;
  overlays: Overlays;
  /** Every release the upgrade passes through, oldest first: the single deploy is of path[0]; empty without an upgrade. */
  path: PathRelease[];
  /** Why there is no base (for the upgrade op's skip reason). */
  noBaseReason: string;
  app: App;
  stateDir: string;
  /** CI-only compose files appended to every deploy (the winning compose.ci.yml). */
  extraCompose: { path: string; shown: string }[];
  /** The plan of the single deploy: base's when there is a base, else head's. */
  firstPlan: DeployPlan;
  /** What head intends: its compose files with its own .env.sample and the config's env. */
  headPlan: DeployPlan;
  /** Lint findings on head's files (computed here: install is blocked by those the swarm would refuse). */
  findings: Finding[];
  /** What the deployed trees reach in the host, listed in every report. */
  hostReach: HostReach[];
  /** Whether they may: checked here and again on every deploy. */
  hostPolicy: HostPolicy;
}

/**
 * Reads and checks the recipe (head, and the base release's own tree), its overlays, env and
 * compose files, and every name Docker will create. Bad input fails here, before anything exists
 * to clean up.
 */
export async function prepare(opts: PrepareOptions): Promise<Prepared> {
  const head = loadRecipe(opts.recipeDir, opts.recipe);
  const overlays = loadOverlays({
    recipeDir: head.dir,
    recipe: head.name,
    bundledDir: opts.bundledOverlaysDir,
    repoLocalTrusted: opts.repoLocalTrusted,
  });
  const git = await readRecipeGit(head.dir);
  const domain = opts.domain ?? defaultDomain(head.name);
  checkDomain(domain);
  const stack = stackName(domain);
  const extraCompose = overlays.composeCi ? [{ path: overlays.composeCi.path, shown: overlays.composeCi.shown }] : [];
  const config = overlays.config;
  // An app env file as prepare writes it: the tree's .env.sample, then config.yml's env (and,
  // for what head intends, upgrade.env).
  const envText = (tree: Recipe, upgrade: boolean) =>
    appEnvText(tree, domain) +
    envBlock(config.env ?? {}, 'added by cc-ci from config.yml env') +
    (upgrade ? envBlock(config.upgrade?.env ?? {}, 'added by cc-ci from config.yml upgrade.env') : '');
  // Head's plans, as its first deploy and as the upgrade deploys it (what head intends, which the
  // upgrade op holds the result to), are made and checked before the state dir exists.
  const plan = (tree: Recipe, upgrade: boolean) =>
    planFromEnv(deployEnvOf(envText(tree, upgrade), { domain, stack }, tree), { stack }, tree, extraCompose);
  const headFirst = plan(head, false);
  const headPlan = plan(head, true);
  let reach = mergeReach(...[headFirst, headPlan].map((p) => hostReach(p.compose, p.env.values)));
  const hostPolicy = opts.hostPolicy ?? ALLOW_HOST;
  enforceHostPolicy(reach, hostPolicy);
  const configuredFrom = overlays.config.upgrade?.from;
  const upgradeFrom =
    opts.upgradeFrom ??
    (configuredFrom ? parseUpgradeFrom(configuredFrom, 'upgrade.from', overlays.configAt(['upgrade', 'from'])) : 'previous');
  const resolution = opts.ops.includes('upgrade') ? resolvePath(git, upgradeFrom) : { path: [], reason: 'upgrade not selected' };
  // Everything above only reads: bad input has left nothing behind. From here the run writes.
  const stateDir = join(opts.stateRoot, stack);
  const rootExisted = existsSync(opts.stateRoot);
  mkdirSync(stateDir, { recursive: true });
  // The merged config, for the helpers hooks and tests call (`cc-ci http` routes as the run does).
  writeFileSync(join(stateDir, RUN_CONFIG), JSON.stringify(overlays.config), { mode: 0o600 });
  try {
    // Each release on the path, exported from its tag and read as it was released; the first is
    // deployed, the rest are the hops' targets, each held to what it intends.
    const path: PathRelease[] = [];
    for (const release of resolution.path) {
      const dir = join(stateDir, `base-${release.tag}`);
      mkdirSync(dir, { recursive: true });
      await exportTree(head.dir, release.tag, dir);
      const first = path.length === 0;
      const tree = { ...inRelease(release.tag, () => loadRecipe(dir, head.name), first), release: release.tag };
      path.push({ release, tree, intended: inRelease(release.tag, () => plan(tree, true), first) });
    }
    const base = path[0];
    const app: App = { recipe: head, domain, stack, envFile: join(stateDir, `${domain}.env`) };
    writeFileSync(app.envFile, envText(base?.tree ?? head, false), { mode: 0o600 });
    const firstPlan = base ? inRelease(base.release.tag, () => planDeploy(app, base.tree, extraCompose)) : headFirst;
    // Every release the run deploys (with head's compose.ci.yml and config env) is held to the same
    // policy: what it reaches is not only the repository's own.
    for (const [i, r] of path.entries()) {
      const deployed = i === 0 ? firstPlan : r.intended;
      const releaseReach = hostReach(deployed.compose, deployed.env.values);
      enforceHostPolicy(releaseReach, hostPolicy);
      reach = mergeReach(reach, releaseReach);
    }
    const findings = lint({
      recipe: head,
      git,
      compose: headPlan.compose,
      env: headPlan.env.values,
      secrets: headPlan.secrets,
      stack,
      convergeSeconds: convergeSeconds(headPlan, opts.timeout ?? overlays.config.timeouts?.install ?? DEFAULT_TIMEOUT_SECONDS),
      routing: planProbes(labelledServices(headPlan.compose, headPlan.env.values, stack), routingOptions(domain, overlays.config.traefik))
        .findings,
    });
    return {
      head,
      git,
      overlays,
      path,
      noBaseReason: 'reason' in resolution ? resolution.reason : '',
      app,
      stateDir,
      extraCompose,
      firstPlan,
      headPlan,
      findings,
      hostReach: reach,
      hostPolicy,
    };
  } catch (e) {
    rmSync(stateDir, { recursive: true, force: true });
    if (!rootExisted) removeIfEmpty(opts.stateRoot);
    throw e;
  }
}

/** Only if empty: another run may have put its own state there meanwhile. */
function removeIfEmpty(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // Not empty, or already gone: either way nothing to remove.
  }
}

/**
 * A problem in the release the upgrade starts from is in that tag's files, not the checkout's:
 * named as git names them (`1.0.0+1:compose.yml`), with what the maintainer can change.
 */
function inRelease<T>(tag: string, read: () => T, first = true): T {
  try {
    return read();
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    throw new UserError(
      `${e.message} (in release ${tag}, ${first ? 'where the upgrade starts' : 'on the upgrade path'}); fix it in a new release, or start from another with upgrade-from (or none)`,
      e.file ? shownIn({ release: tag }, e.file) : undefined,
      e.line,
    );
  }
}
