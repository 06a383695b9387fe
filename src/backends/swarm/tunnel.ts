import { spawn } from 'node:child_process';
import { ownEnv } from '../../util/own-env';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Duplex } from 'node:stream';
import { connect as tlsConnect } from 'node:tls';
import { waitingOn } from '../../util/waits';
import type { HttpExchange, HttpResponse } from '../backend';

const MAX_BODY = 1 << 20;
const EXCHANGE_MS = 20_000;

/**
 * One HTTP exchange with `host:port` as seen from inside `container`: a TCP stream through
 * `docker exec -i <container> nc host port`, over which Node speaks HTTP/1.1 (and TLS for an
 * https backend, unverified, as a proxy to a self-signed backend is usually set up). Node's own
 * HTTP client, so any method, headers, chunked bodies and redirects are read as a proxy would.
 */
export function exchangeThrough(container: string, host: string, port: number, x: HttpExchange, signal?: AbortSignal): Promise<HttpResponse> {
  return waitingOn(
    new Promise<HttpResponse>((resolve, reject) => {
      const child = spawn('docker', ['exec', '-i', container, 'nc', host, String(port)], { stdio: ['pipe', 'pipe', 'pipe'], detached: true, env: ownEnv() });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
      child.stdin.on('error', () => {});
      let settled = false;
      const finish = (e: Error | null, r?: HttpResponse) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        child.kill('SIGKILL');
        if (e) reject(e);
        else resolve(r!);
      };
      // nc prints why it could not connect (bad address, refused) and exits: that is the error.
      const why = (fallback: string) => new Error(stderr.trim().split('\n').pop() || fallback);
      const onAbort = () => finish(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
      const timer = setTimeout(() => finish(why(`no complete answer within ${EXCHANGE_MS / 1000}s`)), EXCHANGE_MS);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (signal?.aborted) return onAbort();

      const raw = Duplex.from({ readable: child.stdout, writable: child.stdin });
      const socket = x.scheme === 'https' ? tlsConnect({ socket: raw, servername: sni(x.headers.host), rejectUnauthorized: false }) : raw;
      const req = httpRequest({ createConnection: () => socket as never, method: x.method, path: x.path, headers: { connection: 'close', ...x.headers }, setHost: false });
      req.on('error', (e) => finish(why(e.message)));
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          if (size < MAX_BODY) chunks.push(c);
          size += c.length;
        });
        const done = () => finish(null, { status: res.statusCode ?? 0, headers: flatten(res.headers), body: Buffer.concat(chunks).toString('utf8').slice(0, MAX_BODY) });
        res.on('end', done);
        res.on('aborted', done);
        res.on('error', (e) => finish(why(e.message)));
      });
      req.end();
      child.on('close', () => setTimeout(() => finish(why('connection closed without a response')), 50));
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
