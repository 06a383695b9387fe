import type { Backend } from '../backends/backend';
import { addNewSampleKeys, appendEnv } from '../recipe/app';
import { hostReach } from '../recipe/host-reach';
import { enforceHostPolicy } from './host-policy';
import { DeployGuard } from './deploy-guard';
import type { Masker } from './masker';
import { planDeploy, type DeployPlan } from '../recipe/deploy-plan';
import type { Prepared } from './prepare';
import type { Deploys, Hop } from '../operations/operation';
import { DeployRejected } from '../errors';
import { locateRefusal } from '../recipe/refused-key';
import { shownIn } from '../recipe/recipe';

/**
 * The run's one app on the Docker host: the single counted deploy (of base when an upgrade
 * follows, else of head) and the in-place upgrades along the path: each later release, then head.
 */
export class Deployment implements Deploys {
  readonly guard: DeployGuard;
  /** The plan currently deployed (null until the deploy). */
  current: DeployPlan | null = null;
  /** Hops made so far. */
  private hops = 0;

  constructor(
    private readonly prepared: Prepared,
    private readonly backend: Backend,
    private readonly masker: Masker,
  ) {
    this.guard = new DeployGuard(prepared.path.length);
  }

  /**
   * Resolves with the time the deploy was issued (task history before it is not this deploy's).
   * Re-plans first: install_steps.sh may have changed the app env file.
   */
  async deploy(signal: AbortSignal): Promise<Date> {
    this.guard.beforeDeploy();
    const { app, path, head, extraCompose } = this.prepared;
    return this.apply(planDeploy(app, path[0]?.tree ?? head, extraCompose), signal);
  }

  async upgrade(signal: AbortSignal): Promise<Hop> {
    this.guard.beforeUpgrade();
    const { app, head, extraCompose, overlays, path } = this.prepared;
    const to = path[++this.hops]?.tree ?? head;
    const addedKeys = addNewSampleKeys(to, app.envFile);
    // upgrade.env is what the upgrade needs (a variable a new release requires): set on the first
    // hop, the app env file keeps it for the rest.
    if (this.hops === 1) appendEnv(app.envFile, overlays.config.upgrade?.env ?? {}, 'added by cc-ci from config.yml upgrade.env');
    const plan = planDeploy(app, to, extraCompose);
    return { since: await this.apply(plan, signal), plan, addedKeys };
  }

  private async apply(plan: DeployPlan, signal: AbortSignal): Promise<Date> {
    // Checked again on what is deployed now: install_steps.sh, upgrade.env and the base's own env
    // can change what the files reach.
    enforceHostPolicy(hostReach(plan.compose, plan.env.values), this.prepared.hostPolicy);
    const secrets = plan.secrets.map(({ name, key, version, length, charset, manual }) => ({
      name,
      key,
      version,
      length,
      charset,
      manual,
    }));
    await this.backend.provideSecrets(secrets, (value) => this.masker.add(value));
    const since = new Date();
    const { app } = this.prepared;
    await this.backend
      .deploy(
        {
          recipe: app.recipe.name,
          dir: plan.tree.dir,
          composeFiles: plan.compose.files.map((f) => f.path),
          env: plan.env.values,
          exposedEnv: plan.exposedEnv,
          envFile: app.envFile,
        },
        signal,
      )
      .catch((e: unknown) => {
        throw e instanceof DeployRejected ? locateRefusal(e, plan.compose, (file) => shownIn(plan.tree, file)) : e;
      });
    this.current = plan;
    return since;
  }
}
