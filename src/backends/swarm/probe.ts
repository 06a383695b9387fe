import { DockerApi, isConflict } from './docker-api';
import { exchangeThrough } from './tunnel';
import { HELPER_IMAGE } from './helper-image';
import { CCCI_LABEL } from './labels';
import { PROXY_NETWORK } from '../../traefik';
import type { HttpResponse, HttpTarget } from '../backend';

/**
 * A long-lived helper container on the `proxy` network, as traefik sits there: requests go to
 * `tasks.<service>` (task IPs; service VIPs need IPVS, which not every kernel has).
 */
export class Prober {
  private started?: Promise<string>;

  constructor(
    private readonly stack: string,
    private readonly api = new DockerApi(),
  ) {}

  get containerName(): string {
    return `${this.stack}_cc-ci-probe`;
  }

  /** `docker run -d --name <stack>_cc-ci-probe --network proxy <helper> sleep 86400`, over the API. */
  private ensure(): Promise<string> {
    this.started ??= (async () => {
      try {
        try {
          await this.api.call('POST', '/containers/create', {
            query: { name: this.containerName },
            body: {
              Image: HELPER_IMAGE,
              Cmd: ['sleep', '86400'],
              Labels: { [CCCI_LABEL]: this.stack },
              HostConfig: { NetworkMode: PROXY_NETWORK },
              NetworkingConfig: { EndpointsConfig: { [PROXY_NETWORK]: {} } },
            },
          });
        } catch (e) {
          // Already there (409: the name is in use): started by the engine, or by an earlier
          // `cc-ci http` of the same run. Starting it again is a no-op when it runs (304).
          if (!isConflict(e)) throw e;
        }
        await this.api.call('POST', `/containers/${encodeURIComponent(this.containerName)}/start`);
      } catch (e) {
        this.started = undefined;
        throw new Error(`could not start the probe container: ${(e as Error).message}`, { cause: e });
      }
      return this.containerName;
    })();
    return this.started;
  }

  /** One exchange with the service's tasks (`tasks.<service>`: task IPs, as traefik dials them). */
  async http({ service, port, exchange }: HttpTarget, signal?: AbortSignal): Promise<HttpResponse | { error: string }> {
    const name = await this.ensure();
    try {
      return await exchangeThrough(name, `tasks.${service}`, port, exchange, signal, this.api);
    } catch (e) {
      const why = (e as Error).message;
      return {
        error: /bad address/.test(why)
          ? `tasks.${service} does not resolve on the ${PROXY_NETWORK} network (is the service attached to it?)`
          : why,
      };
    }
  }
}
