import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Duplex, PassThrough } from 'node:stream';
import { connect as tlsConnect } from 'node:tls';
import { waitingOn } from '../../util/waits';
import type { HttpExchange, HttpResponse } from '../backend';
import { DockerApi } from './docker-api';
import { STDOUT } from './docker-stream';
import { createExec, demuxQuietly, startExec } from './processes';

const MAX_BODY = 1 << 20;
const EXCHANGE_MS = 20_000;

/**
 * One HTTP exchange with `host:port` as seen from inside `container`: a TCP stream through
 * `nc host port` exec'd in the container on a hijacked Engine API connection (its stdin one way,
 * its multiplexed stdout and stderr the other), over which Node speaks HTTP/1.1 (and TLS for an
 * https backend, unverified, as a proxy to a self-signed backend is usually set up). Node's own
 * HTTP client, so any method, headers, chunked bodies and redirects are read as a proxy would.
 */
export function exchangeThrough(
  container: string,
  host: string,
  port: number,
  x: HttpExchange,
  signal?: AbortSignal,
  api = new DockerApi(),
): Promise<HttpResponse> {
  return waitingOn(
    new Promise<HttpResponse>((resolve, reject) => {
      let stderr = '';
      let conn: Duplex | undefined;
      let settled = false;
      const finish = (e: Error | null, r?: HttpResponse) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        // Closing the connection closes nc's stdin; nc then ends (as when the docker CLI was killed).
        conn?.destroy();
        if (e) reject(e);
        else resolve(r!);
      };
      // nc prints why it could not connect (bad address, refused) and exits: that is the error.
      const why = (fallback: string) => new Error(stderr.trim().split('\n').pop() || fallback);
      const onAbort = () => finish(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
      const timer = setTimeout(() => finish(why(`no complete answer within ${EXCHANGE_MS / 1000}s`)), EXCHANGE_MS);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (signal?.aborted) return onAbort();

      const talk = (socket: Duplex) => {
        conn = socket;
        if (settled) return socket.destroy();
        const stdout = new PassThrough();
        // The end of nc's output ends the HTTP stream (a response without a length ends there).
        void demuxQuietly(socket, (type, payload) => (type === STDOUT ? stdout.write(payload) : (stderr += payload.toString('utf8'))))
          .catch((e: Error) => (stderr ||= e.message))
          .finally(() => {
            stdout.end();
            setTimeout(() => finish(why('connection closed without a response')), 50);
          });
        const raw = Duplex.from({ readable: stdout, writable: socket });
        const tunnel = x.scheme === 'https' ? tlsConnect({ socket: raw, servername: sni(x.headers.host), rejectUnauthorized: false }) : raw;
        const req = httpRequest({
          createConnection: () => tunnel,
          method: x.method,
          path: x.path,
          headers: { connection: 'close', ...x.headers },
          setHost: false,
        });
        req.on('error', (e) => finish(why(e.message)));
        req.on('response', (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            if (size < MAX_BODY) chunks.push(c);
            size += c.length;
          });
          const done = () =>
            finish(null, {
              status: res.statusCode ?? 0,
              headers: flatten(res.headers),
              body: Buffer.concat(chunks).toString('utf8').slice(0, MAX_BODY),
            });
          res.on('end', done);
          res.on('aborted', done);
          res.on('error', (e) => finish(why(e.message)));
        });
        req.end();
      };
      createExec(api, container, ['nc', host, String(port)], true)
        .then((id) => startExec(api, id))
        .then(talk, (e: Error) => finish(e));
    }),
  );
}

function flatten(h: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v ?? '')]));
}

/** SNI is a DNS name without a port, never an IP address. */
function sni(host: string | undefined): string | undefined {
  const name = host?.replace(/:\d+$/, '');
  return name && !/^[\d.]+$|:/.test(name) ? name : undefined;
}
