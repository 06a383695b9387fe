import { run, firstErrorLine } from '../../util/exec';
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

  constructor(private readonly stack: string) {}

  get containerName(): string {
    return `${this.stack}_cc-ci-probe`;
  }

  private ensure(): Promise<string> {
    this.started ??= (async () => {
      const r = await run('docker', [
        'run', '-d', '--name', this.containerName, '--network', PROXY_NETWORK,
        '--label', `${CCCI_LABEL}=${this.stack}`, HELPER_IMAGE, 'sleep', '86400',
      ]);
      // Already there: started by the engine, or by an earlier `cc-ci http` of the same run.
      if (r.code !== 0 && !/already in use/.test(r.stderr)) {
        this.started = undefined;
        throw new Error(`could not start the probe container: ${firstErrorLine(r)}`);
      }
      return this.containerName;
    })();
    return this.started;
  }

  /** One exchange with the service's tasks (`tasks.<service>`: task IPs, as traefik dials them). */
  async http({ service, port, exchange }: HttpTarget, signal?: AbortSignal): Promise<HttpResponse | { error: string }> {
    const name = await this.ensure();
    try {
      return await exchangeThrough(name, `tasks.${service}`, port, exchange, signal);
    } catch (e) {
      const why = (e as Error).message;
      return { error: /bad address/.test(why) ? `tasks.${service} does not resolve on the ${PROXY_NETWORK} network (is the service attached to it?)` : why };
    }
  }
}
