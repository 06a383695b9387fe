import { readDeployEnv, type App, type DeployEnv } from '../recipe/app';
import { loadComposeSet, type ComposeSet } from '../recipe/compose';
import { checkNameLengths, planSecrets, type SecretPlan } from '../recipe/secrets';

/** Everything a deploy of one recipe tree needs, checked before anything is created. */
export interface DeployPlan {
  /** The recipe tree deployed (head's checkout, or a base release's worktree). */
  dir: string;
  env: DeployEnv;
  compose: ComposeSet;
  secrets: SecretPlan[];
}

export function planDeploy(app: App, dir: string): DeployPlan {
  const env = readDeployEnv(app);
  const compose = loadComposeSet(dir, env.values.COMPOSE_FILE!, env.composeListedAt);
  const secrets = planSecrets(compose, env);
  checkNameLengths(compose, env, app.stack);
  return { dir, env, compose, secrets };
}
