import { readDeployEnv, type App, type DeployEnv } from '../recipe/app';
import { loadComposeSet, type ComposeSet } from '../recipe/compose';
import { interpolateAt } from '../recipe/interpolate';
import type { Recipe } from '../recipe/recipe';
import { checkNameLengths, planSecrets, type SecretPlan } from '../recipe/secrets';

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
}

/** `extraCompose`: CI-only compose files (an overlay's compose.ci.yml) appended to COMPOSE_FILE's. */
export function planDeploy(app: App, tree: Recipe, extraCompose: { path: string; shown: string }[] = []): DeployPlan {
  const env = readDeployEnv(app, tree);
  const compose = loadComposeSet(tree.dir, env.values.COMPOSE_FILE!, env.composeListedAt, extraCompose);
  const secrets = planSecrets(compose, env);
  checkNameLengths(compose, env, app.stack);
  const images: Record<string, string> = {};
  let version: string | null = null;
  for (const [name, spec] of compose.services) {
    if (spec.image) images[name] = interpolateAt(spec.image, env.values, spec);
    for (const [key, value] of Object.entries(spec.labels)) {
      if (interpolateAt(key, env.values, spec) === `coop-cloud.${app.stack}.version`) version = interpolateAt(value, env.values, spec);
    }
  }
  return { tree, env, compose, secrets, images, version };
}
