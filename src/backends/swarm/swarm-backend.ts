import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppTarget, Backend, BackendKind, DeploySource, HostSetupOptions, HttpTarget, SecretRequest } from '../backend';
import { DeployRejected } from '../../errors';
import { generateSecret } from '../../recipe/secrets';
import { DockerApi, isConflict } from './docker-api';
import { CCCI_LABEL } from './labels';
import { deployedServices, diagnose, execAttached, execIn, scale, serviceLogs } from './services';
import { Volumes } from './volumes';
import { Prober } from './probe';
import { setupSwarm } from './setup';
import { refusal, stackDeploy } from './stack';
import { teardownStack } from './teardown';
import { SwarmRuns } from './runs';
import { waitConverged } from './wait';

/** Plain `docker stack deploy` onto the local swarm, doing what abra does around it. */
export const swarmKind: BackendKind = {
  name: 'swarm',
  setupHost: (opts: HostSetupOptions) => setupSwarm(new DockerApi(), opts),
  forApp: (target: AppTarget) => new SwarmBackend(target),
  runs: () => new SwarmRuns(),
};

/** The backend that deploys with plain `docker stack deploy` onto the local swarm. */
export class SwarmBackend implements Backend {
  readonly name = 'swarm' as const;
  private readonly prober: Prober;
  private readonly created = new Set<string>();
  readonly volumes: Volumes;

  constructor(
    readonly target: AppTarget,
    readonly api = new DockerApi(),
  ) {
    this.prober = new Prober(target.stack, api);
    this.volumes = new Volumes(target.stack, api);
  }

  private get stack(): string {
    return this.target.stack;
  }

  /** Generated the way abra generates them (recipe/secrets.ts), and created labelled for teardown. */
  async provideSecrets(secrets: SecretRequest[], mask: (value: string) => void): Promise<void> {
    for (const s of secrets) {
      if (this.created.has(s.name)) continue;
      const value = generateSecret(s);
      mask(value);
      try {
        await this.api.call('POST', '/secrets/create', {
          body: { Name: s.name, Data: Buffer.from(value).toString('base64'), Labels: { [CCCI_LABEL]: this.stack } },
        });
      } catch (e) {
        if (isConflict(e)) throw new DeployRejected(`secret ${s.name} already exists; another app uses this domain, pick another --domain`);
        throw e;
      }
      this.created.add(s.name);
    }
  }

  async deploy(src: DeploySource, signal: AbortSignal): Promise<void> {
    const files = [...src.composeFiles, ...this.exposeEnv(src.exposedEnv)];
    const r = await stackDeploy({ stack: this.stack, dir: src.dir, composeFiles: files, env: src.env, signal });
    if (r.code !== 0) throw new DeployRejected(`docker stack deploy failed: ${refusal(r)}`, `${r.stdout}${r.stderr}`.trimEnd().split('\n'));
  }

  /**
   * abra adds the app env to the `app` service's environment (ExposeAllEnv) for keys the compose
   * files do not set there: an overlay file does the same for `docker stack deploy`.
   */
  private exposeEnv(exposed: Record<string, string>): string[] {
    const entries = Object.entries(exposed);
    if (!entries.length) return [];
    const path = join(this.target.stateDir, 'compose.app-env.yml');
    const environment = Object.fromEntries(entries.map(([k, v]) => [k, v.replaceAll('$', '$$$$')]));
    writeFileSync(path, JSON.stringify({ version: '3.8', services: { app: { environment } } }, null, 2), { mode: 0o600 });
    return [path];
  }

  waitConverged(since: Date, signal: AbortSignal, onProgress?: (detail: string) => void) {
    return waitConverged(this.api, this.stack, { since, signal, onProgress, debug: this.target.debug });
  }

  services() {
    return deployedServices(this.api, this.stack);
  }

  exec(swarmService: string, argv: string[], signal?: AbortSignal) {
    return execIn(this.api, swarmService, argv, signal);
  }

  execAttached(swarmService: string, argv: string[]) {
    return execAttached(this.api, swarmService, argv);
  }

  logs(swarmService: string, tail: number, signal?: AbortSignal) {
    return serviceLogs(this.api, swarmService, tail, signal);
  }

  scale(replicas: Record<string, number>, signal: AbortSignal) {
    return scale(this.api, this.stack, replicas, signal, this.target.debug);
  }

  http(target: HttpTarget, signal: AbortSignal) {
    return this.prober.http(target, signal);
  }

  diagnose(service: string, containerId: string | undefined, logFile: string, signal?: AbortSignal) {
    return diagnose(this.api, `${this.stack}_${service}`, containerId, logFile, signal);
  }

  teardown() {
    return teardownStack(this.api, this.stack, { debug: this.target.debug });
  }
}
