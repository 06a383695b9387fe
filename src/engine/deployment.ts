import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Backend } from '../backends/backend';
import { addNewSampleKeys, appendEnv } from '../recipe/app';
import { hostReach } from '../recipe/host-reach';
import { generateSecret } from '../recipe/secrets';
import { enforceHostPolicy } from './host-policy';
import { DeployGuard } from './deploy-guard';
import type { Masker } from './masker';
import { planDeploy, type DeployPlan } from './plan';
import type { Prepared } from './prepare';

/**
 * The run's one app on the Docker host: the single counted deploy (of base when an upgrade
 * follows, else of head) and the one in-place upgrade to head.
 */
export class Deployment {
  readonly guard = new DeployGuard();
  private readonly secrets = new Set<string>();
  /** The plan currently deployed (null until the deploy). */
  current: DeployPlan | null = null;

  constructor(
    private readonly prepared: Prepared,
    private readonly backend: Backend,
    private readonly masker: Masker,
  ) {}

  /**
   * Resolves with the time the deploy was issued (task history before it is not this deploy's).
   * Re-plans first: install_steps.sh may have changed the app env file.
   */
  async deploy(signal: AbortSignal): Promise<Date> {
    this.guard.beforeDeploy();
    const { app, base, head, extraCompose } = this.prepared;
    return this.apply(planDeploy(app, base?.tree ?? head, extraCompose), signal);
  }

  async upgrade(signal: AbortSignal): Promise<{ since: Date; plan: DeployPlan; addedKeys: string[] }> {
    this.guard.beforeUpgrade();
    const { app, head, extraCompose, overlays } = this.prepared;
    const addedKeys = addNewSampleKeys(head, app.envFile);
    appendEnv(app.envFile, overlays.config.upgrade?.env ?? {}, 'added by cc-ci from config.yml upgrade.env');
    const plan = planDeploy(app, head, extraCompose);
    return { since: await this.apply(plan, signal), plan, addedKeys };
  }

  private async apply(plan: DeployPlan, signal: AbortSignal): Promise<Date> {
    // Checked again on what is deployed now: install_steps.sh, upgrade.env and the base's own env
    // can change what the files reach.
    enforceHostPolicy(hostReach(plan.compose, plan.env.values), this.prepared.hostPolicy);
    for (const s of plan.secrets) {
      if (this.secrets.has(s.name)) continue;
      const value = generateSecret(s);
      this.masker.add(value);
      await this.backend.createSecret(s.name, value);
      this.secrets.add(s.name);
    }
    const since = new Date();
    await this.backend.deploy({ dir: plan.tree.dir, composeFiles: [...plan.compose.files.map((f) => f.path), ...this.exposeEnv(plan)], env: plan.env.values }, signal);
    this.current = plan;
    return since;
  }

  /**
   * abra adds the app env to the `app` service's environment (ExposeAllEnv) for keys the compose
   * files do not set there: an overlay file does the same for `docker stack deploy`.
   */
  private exposeEnv(plan: DeployPlan): string[] {
    const entries = Object.entries(plan.exposedEnv);
    if (!entries.length) return [];
    const path = join(this.prepared.stateDir, 'compose.app-env.yml');
    const environment = Object.fromEntries(entries.map(([k, v]) => [k, v.replaceAll('$', '$$$$')]));
    writeFileSync(path, JSON.stringify({ version: '3.8', services: { app: { environment } } }, null, 2), { mode: 0o600 });
    return [path];
  }
}
