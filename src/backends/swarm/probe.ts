import { run, firstErrorLine } from '../../util/exec';
import { HELPER_IMAGE } from './helper-image';
import { CCCI_LABEL } from './labels';
import { PROXY_NETWORK } from './setup';
import { parseHttpResponse, type HttpResponse } from './routers';
import type { HttpTarget } from '../backend';

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

  /** One HTTP/1.0 GET, so the server closes the connection and no chunking is involved. */
  async get({ service, port, path, host }: HttpTarget, signal?: AbortSignal): Promise<HttpResponse | { error: string }> {
    const name = await this.ensure();
    const request = `GET ${path} HTTP/1.0\r\nHost: ${host}\r\nUser-Agent: cc-ci\r\nAccept: */*\r\nConnection: close\r\n\r\n`;
    const r = await run('docker', ['exec', '-i', name, 'nc', '-w', '10', `tasks.${service}`, String(port)], { input: request, signal, timeoutMs: 20_000 });
    const parsed = parseHttpResponse(r.stdout);
    if (parsed) return parsed;
    const why = r.stderr.trim() || (r.stdout ? `not an HTTP response: ${r.stdout.slice(0, 80)}` : 'connection closed without a response');
    return { error: why.includes('bad address') ? `tasks.${service} does not resolve on the ${PROXY_NETWORK} network (is the service attached to it?)` : why };
  }
}
