import { readDeployEnv, type App, type DeployEnv } from './app';
import { loadComposeSet, locate, type ComposeSet } from './compose';
import { interpolateAt } from './interpolate';
import type { Recipe } from './recipe';
import { checkNameLengths, planSecrets, type SecretPlan } from './secrets';

import { locateLabel } from './compose-view';
import { UserError } from '../errors';

/** How long abra waits for a deploy to converge when the app sets no timeout label (GetTimeoutFromLabel). */
export const ABRA_DEFAULT_WAIT_SECONDS = 50;

/** Everything a deploy of one recipe tree needs, checked before anything is created. */
export interface DeployPlan {
  /** The recipe tree deployed (head's checkout, or a base release's tree). */
  tree: Recipe;
  env: DeployEnv;
  compose: ComposeSet;
  secrets: SecretPlan[];
  /** Image per recipe service, interpolated: what a converged deploy of this tree runs. */
  images: Record<string, string>;
  /** The `coop-cloud.${STACK_NAME}.version` label this tree declares, if any. */
  version: string | null;
  /** abra's deploy wait: the `app` service's `coop-cloud.${STACK_NAME}.timeout` label, else abra's default. */
  wait: { seconds: number; from: string };
  /** The app env abra adds to the `app` service's environment (ExposeAllEnv): keys it does not set itself. */
  exposedEnv: Record<string, string>;
}

/** `extraCompose`: CI-only compose files (an overlay's compose.ci.yml) appended to COMPOSE_FILE's. */
export function planDeploy(app: App, tree: Recipe, extraCompose: { path: string; shown: string }[] = []): DeployPlan {
  return planFromEnv(readDeployEnv(app, tree), app, tree, extraCompose);
}

/** planDeploy of an env already read (prepare plans from env text before the state dir exists). */
export function planFromEnv(
  env: DeployEnv,
  app: Pick<App, 'stack'>,
  tree: Recipe,
  extraCompose: { path: string; shown: string }[] = [],
): DeployPlan {
  const compose = loadComposeSet(tree.dir, env.values.COMPOSE_FILE!, env.composeListedAt, extraCompose, env.values);
  const secrets = planSecrets(compose, env);
  checkNameLengths(compose, env, app.stack);
  const images: Record<string, string> = {};
  let version: string | null = null;
  let wait = { seconds: ABRA_DEFAULT_WAIT_SECONDS, from: `abra's default (no coop-cloud.\${STACK_NAME}.timeout label on app)` };
  for (const [name, spec] of compose.services) {
    if (spec.image) images[name] = interpolateAt(spec.image, env.values, locate(compose, ['services', name, 'image']) ?? spec);
    for (const [key, value] of Object.entries(spec.labels)) {
      const label = interpolateAt(key, env.values, locate(compose, ['services', name, 'deploy', 'labels']) ?? spec);
      const at = () => locateLabel(compose, name, label, env.values) ?? spec;
      if (label === `coop-cloud.${app.stack}.version`) version = interpolateAt(value, env.values, at());
      if (label === `coop-cloud.${app.stack}.timeout` && name === 'app') wait = timeoutLabel(interpolateAt(value, env.values, at()), at());
    }
  }
  return { tree, env, compose, secrets, images, version, wait, exposedEnv: exposedEnv(compose, env) };
}

function timeoutLabel(value: string, at: { file: string; line?: number }): DeployPlan['wait'] {
  if (!/^\d+$/.test(value.trim()) || Number(value) === 0) {
    throw new UserError(
      `coop-cloud.\${STACK_NAME}.timeout is "${value}"; abra reads it as a whole number of seconds, e.g. 300`,
      at.file,
      at.line,
    );
  }
  return { seconds: Number(value), from: `the coop-cloud.\${STACK_NAME}.timeout label` };
}

function exposedEnv(compose: ComposeSet, env: DeployEnv): Record<string, string> {
  const app = compose.services.get('app');
  if (!app) return {};
  const own = app.raw.environment;
  const set = new Set(
    Array.isArray(own) ? own.map((e) => String(e).split('=')[0]!) : Object.keys((own as Record<string, unknown> | undefined) ?? {}),
  );
  return Object.fromEntries(Object.entries(env.envFile.values).filter(([k]) => !set.has(k)));
}

/** Seconds a deploy of this plan may take to converge: abra's wait, within the op's own limit. */
export const convergeSeconds = (plan: DeployPlan, opSeconds: number) => Math.min(plan.wait.seconds, opSeconds);
