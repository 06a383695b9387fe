import { DeployRejected, type Backend, type DeploySource, type HttpTarget } from '../backend';
import { DockerApi, DockerApiError } from './docker-api';
import { CCCI_LABEL } from './labels';
import { deployedServices, diagnose, execIn, scale } from './services';
import { Volumes } from './volumes';
import type { DeployedService } from '../../recipe/backupbot';
import { Prober } from './probe';
import { refusal, stackDeploy } from './stack';
import { teardownStack } from './teardown';
import { waitConverged } from './wait';

/** The backend that deploys with plain `docker stack deploy` onto the local swarm. */
export class SwarmBackend implements Backend {
  readonly name = 'swarm' as const;
  private readonly prober: Prober;
  readonly volumes: Volumes;

  constructor(
    readonly stack: string,
    readonly api = new DockerApi(),
  ) {
    this.prober = new Prober(stack);
    this.volumes = new Volumes(stack);
  }

  async createSecret(name: string, value: string): Promise<void> {
    try {
      await this.api.call('POST', '/secrets/create', {
        body: { Name: name, Data: Buffer.from(value).toString('base64'), Labels: { [CCCI_LABEL]: this.stack } },
      });
    } catch (e) {
      if (e instanceof DockerApiError && e.status === 409) throw new DeployRejected(`secret ${name} already exists; another app uses this domain, pick another --domain`);
      throw e;
    }
  }

  async deploy(src: DeploySource, signal: AbortSignal): Promise<void> {
    const r = await stackDeploy({ stack: this.stack, dir: src.dir, composeFiles: src.composeFiles, env: src.env, signal });
    if (r.code !== 0) throw new DeployRejected(`docker stack deploy failed: ${refusal(r)}`, `${r.stdout}${r.stderr}`.trimEnd().split('\n'));
  }

  waitConverged(since: Date, signal: AbortSignal, onProgress?: (detail: string) => void) {
    return waitConverged(this.api, this.stack, { since, signal, onProgress });
  }

  services(): Promise<DeployedService[]> {
    return deployedServices(this.api, this.stack);
  }

  exec(swarmService: string, argv: string[], signal?: AbortSignal) {
    return execIn(this.api, swarmService, argv, signal);
  }

  scale(replicas: Record<string, number>, signal: AbortSignal) {
    return scale(this.api, this.stack, replicas, signal);
  }

  http(target: HttpTarget, signal: AbortSignal) {
    return this.prober.http(target, signal);
  }

  diagnose(service: string, containerId: string | undefined, logFile: string, signal?: AbortSignal) {
    return diagnose(this.api, `${this.stack}_${service}`, containerId, logFile, signal);
  }

  teardown() {
    return teardownStack(this.api, this.stack);
  }
}
