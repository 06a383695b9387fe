import { request as httpRequest, type ClientRequest, type IncomingMessage, type RequestOptions as HttpOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Duplex, Readable } from 'node:stream';
import { waitingOn } from '../../util/waits';
import { DockerApiError } from '../../errors';
import { connection, dockerEndpoint, type Connection, type Endpoint } from './endpoint';

/**
 * Minimal Docker Engine API client: 2-3 ms per call, raw states, no CLI parsing. It reaches the
 * daemon the docker CLI calls reach (endpoint.ts): a unix socket, or tcp with or without TLS.
 */
export type Query = Record<string, string | number | boolean | readonly string[] | undefined>;
export type Filters = Record<string, string[]>;

const API_VERSION = 'v1.41'; // docker 20.10, the oldest engine cc-ci supports
const IDLE_MS = 30_000;

/**
 * Errors of the connection itself (no daemon there, no permission, a TLS handshake refused): one
 * line naming the endpoint. Aborts, timeouts and anything after the answer began pass as they are.
 */
const UNREACHABLE = /^(ENOENT|ECONNREFUSED|EACCES|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|EPROTO)$|CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO/;

export interface RequestOptions {
  query?: Query;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is instead of `body` (e.g. a tar for an image import), with `contentType`. */
  input?: Readable;
  contentType?: string;
  /** Headers the request needs besides its content type (e.g. X-Registry-Auth). */
  headers?: Record<string, string>;
  /** Ends the request, or the stream it returns, with the signal's reason. */
  signal?: AbortSignal;
  /** Longest silence on the socket before it is given up; 0: none. Default 30 s. */
  idleMs?: number;
}

/** Where an answer ends up: a buffered body, an open response stream, or a hijacked connection. */
type Opened = { kind: 'response'; res: IncomingMessage } | { kind: 'upgrade'; res: IncomingMessage; socket: Duplex };

export class DockerApi {
  private reach?: Connection;

  /** Default: cc-ci's endpoint, resolved at the first call (so a refusal surfaces at setup). */
  constructor(private endpoint?: Endpoint) {}

  /** Where requests go, resolved once (TLS files read once). */
  private target(): { endpoint: Endpoint; reach: Connection } {
    this.endpoint ??= dockerEndpoint();
    this.reach ??= connection(this.endpoint);
    return { endpoint: this.endpoint, reach: this.reach };
  }

  async call<T>(method: string, path: string, opts: RequestOptions & { ok404?: boolean } = {}): Promise<T | undefined> {
    const { status, text } = await waitingOn(
      this.open(method, path, opts, false).then(async (o) => ({
        status: o.res.statusCode ?? 0,
        text: (await readAll(o.res)).toString('utf8'),
      })),
    );
    if (status === 404 && opts.ok404) return undefined;
    if (status >= 400) throw apiError(status, text);
    return text ? (JSON.parse(text) as T) : undefined;
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.call<T>('GET', path, { query }) as Promise<T>;
  }

  list<T>(
    kind: 'services' | 'tasks' | 'containers/json' | 'networks' | 'secrets' | 'configs',
    filters: Filters,
    query: Query = {},
  ): Promise<T[]> {
    return this.get<T[]>(`/${kind}`, { ...query, filters: JSON.stringify(filters) });
  }

  /**
   * The response body as a stream, for answers read as they come (logs, image progress). An
   * error status is read whole and thrown as a DockerApiError. The signal, and `idleMs` of
   * silence, end the stream with an error.
   */
  async stream(method: string, path: string, opts: RequestOptions = {}): Promise<IncomingMessage> {
    const o = await this.open(method, path, opts, false);
    const status = o.res.statusCode ?? 0;
    if (status >= 400) throw apiError(status, (await readAll(o.res)).toString('utf8'));
    return o.res;
  }

  /**
   * A hijacked connection (`Connection: Upgrade`, `Upgrade: tcp`), as the docker CLI opens one
   * for `exec -i` and `attach` (moby client/hijack.go setupHijackConn): after the daemon's
   * `101 UPGRADED` the socket carries the process's stdin one way and its output the other.
   * Ending the socket's writable side half-closes it, which the daemon reads as the end of stdin.
   * No idle limit once upgraded (a process may be silent for long); the signal destroys it.
   */
  async hijack(method: string, path: string, opts: RequestOptions = {}): Promise<Duplex> {
    const o = await this.open(method, path, { ...opts, headers: { ...opts.headers, connection: 'Upgrade', upgrade: 'tcp' } }, true);
    if (o.kind === 'upgrade') return o.socket;
    const status = o.res.statusCode ?? 0;
    const text = (await readAll(o.res)).toString('utf8');
    throw status >= 400
      ? apiError(status, text)
      : new DockerApiError(status, `docker API ${method} ${path}: expected a connection upgrade, got status ${status}`);
  }

  /** Callers are async: a refused endpoint (thrown here) reaches them as a rejection. */
  private open(method: string, path: string, opts: RequestOptions, upgrade: boolean): Promise<Opened> {
    const { endpoint, reach } = this.target();
    const body = opts.body === undefined ? undefined : Buffer.from(JSON.stringify(opts.body));
    const headers: Record<string, string | number> = { 'user-agent': 'cc-ci', ...opts.headers };
    if (body) Object.assign(headers, { 'content-type': 'application/json', 'content-length': body.length });
    else if (opts.input) headers['content-type'] = opts.contentType ?? 'application/octet-stream';
    const signal = opts.signal;
    const idleMs = opts.idleMs ?? IDLE_MS;
    // `timeout` is the socket's idle limit over the whole exchange, response included.
    return new Promise<Opened>((resolve, reject) => {
      if (signal?.aborted) return reject(abortReason(signal));
      // Until the answer's stream closes, the signal (and silence) end whatever is open.
      let current: { destroy(e?: Error): void } | undefined;
      const onAbort = () => current?.destroy(abortReason(signal!));
      signal?.addEventListener('abort', onAbort, { once: true });
      const release = () => signal?.removeEventListener('abort', onAbort);
      const request = reach.secure ? httpsRequest : httpRequest;
      const req: ClientRequest = request(
        {
          ...(reach.options as HttpOptions),
          method,
          path: `/${API_VERSION}${path}${queryString(opts.query)}`,
          headers,
          // Always set: 0 turns off the 5 s idle timeout Node's global agent gives its sockets
          // (Node 19+), which would end a silent event stream or container wait.
          timeout: idleMs,
        },
        (res) => {
          current = res;
          // The signal may end it before the caller listens: the caller sees the error when it reads.
          res.on('error', () => {});
          res.on('close', release);
          resolve({ kind: 'response', res });
        },
      );
      current = req;
      if (upgrade) {
        req.on('upgrade', (res, socket, head) => {
          socket.setTimeout(0);
          if (head.length) socket.unshift(head);
          current = socket;
          socket.on('error', () => {});
          socket.on('close', release);
          resolve({ kind: 'upgrade', res, socket });
        });
      }
      req.on('timeout', () => req.destroy(new Error(`docker API ${method} ${path} timed out`)));
      req.on('error', (e: NodeJS.ErrnoException) => {
        release();
        // A reset before any answer is the daemon (or a TLS peer refusing our certificate) turning us away.
        const unreachable = UNREACHABLE.test(e.code ?? '') || (e.code === 'ECONNRESET' && current === req);
        reject(
          unreachable
            ? new DockerApiError(
                0,
                `cannot reach the Docker daemon at ${endpoint.host} (from ${endpoint.from}): ${e.message.split('\n')[0]}`,
              )
            : e,
        );
      });
      if (opts.input) {
        opts.input.on('error', (e) => req.destroy(e));
        opts.input.pipe(req);
      } else req.end(body);
    });
  }
}

function queryString(query: Query = {}): string {
  const pairs: string[] = [];
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) pairs.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(one))}`);
  }
  return pairs.length ? `?${pairs.join('&')}` : '';
}

function readAll(res: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks)));
    res.on('error', reject);
    res.on('aborted', () => reject(new Error('the Docker daemon closed the connection mid-answer')));
  });
}

/** True for a 409 Conflict answer: a create whose name is taken, or a removal of something in use. */
export function isConflict(e: unknown): boolean {
  return e instanceof DockerApiError && e.status === 409;
}

function apiError(status: number, text: string): DockerApiError {
  let message = text;
  try {
    message = (JSON.parse(text) as { message?: string }).message ?? text;
  } catch {
    // Not JSON (a proxy's page, an empty body): the text is the message.
  }
  return new DockerApiError(status, message.trim());
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('aborted');
}

/**
 * Reads a JSON-message stream (image pull and import progress) to its end. The daemon answers
 * 200 before the work starts, so a failure arrives as a message with `error` in the stream
 * (moby api/server/router/image/image_routes.go postImagesCreate: streamformatter.FormatError).
 */
export async function drainMessages(res: Readable): Promise<void> {
  let rest = '';
  let error: string | undefined;
  const take = (line: string) => {
    if (!line.trim()) return;
    try {
      const m = JSON.parse(line) as { error?: string; errorDetail?: { message?: string } };
      if (m.error || m.errorDetail?.message) error ??= m.errorDetail?.message || m.error;
    } catch {
      // A progress line that is not JSON carries no error.
    }
  };
  for await (const chunk of res) {
    const lines = (rest + (chunk as Buffer).toString('utf8')).split('\n');
    rest = lines.pop() ?? '';
    lines.forEach(take);
  }
  take(rest);
  if (error) throw new DockerApiError(500, error);
}

// The subset of Engine API objects cc-ci reads.
export interface ServiceInfo {
  ID: string;
  Version?: { Index: number };
  Spec: {
    Name: string;
    Labels?: Record<string, string>;
    TaskTemplate: {
      ContainerSpec: {
        Image: string;
        TTY?: boolean;
        Mounts?: { Type: string; Source?: string; Target: string }[];
        Healthcheck?: { Test?: string[] };
      };
      Networks?: { Target: string; Aliases?: string[] }[];
    };
    Mode: { Replicated?: { Replicas?: number }; Global?: object };
  };
  ServiceStatus?: { RunningTasks: number; DesiredTasks: number };
  UpdateStatus?: { State?: string; Message?: string };
}

export interface TaskInfo {
  ID: string;
  ServiceID: string;
  CreatedAt: string;
  DesiredState: string;
  Status: {
    State: string;
    Err?: string;
    Message?: string;
    Timestamp?: string;
    ContainerStatus?: { ContainerID?: string; ExitCode?: number };
  };
  /** A copy of the service's task template as it was when the task was made. */
  Spec: { ContainerSpec?: Partial<ServiceInfo['Spec']['TaskTemplate']['ContainerSpec']> };
}

export interface ContainerSummary {
  Id: string;
  Names: string[];
  State: string;
  Labels: Record<string, string>;
}

export interface NamedObject {
  ID?: string;
  Id?: string;
  Name?: string;
  Spec?: { Name: string; Labels?: Record<string, string> };
}
