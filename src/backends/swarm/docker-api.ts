import { request as httpRequest } from 'node:http';
import { waitingOn } from '../../util/waits';

/** Minimal Docker Engine API client over the unix socket: 2-3 ms per call, raw states, no CLI parsing. */
export class DockerApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export type Query = Record<string, string | number | boolean | undefined>;
export type Filters = Record<string, string[]>;

const API_VERSION = 'v1.41'; // docker 20.10, the oldest engine cc-ci supports

export function socketPath(): string {
  const host = process.env.DOCKER_HOST;
  if (host?.startsWith('unix://')) return host.slice('unix://'.length);
  return '/var/run/docker.sock';
}

export class DockerApi {
  constructor(private readonly socket = socketPath()) {}

  async call<T>(method: string, path: string, opts: { query?: Query; body?: unknown; ok404?: boolean } = {}): Promise<T | undefined> {
    const qs = Object.entries(opts.query ?? {})
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
      .join('&');
    const body = opts.body === undefined ? undefined : Buffer.from(JSON.stringify(opts.body));
    const { status, text } = await waitingOn(new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest(
        {
          socketPath: this.socket,
          method,
          path: `/${API_VERSION}${path}${qs ? `?${qs}` : ''}`,
          headers: body ? { 'content-type': 'application/json', 'content-length': body.length } : {},
          timeout: 30_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`docker API ${method} ${path} timed out`)));
      req.on('error', (e: NodeJS.ErrnoException) =>
        reject(e.code === 'ENOENT' || e.code === 'ECONNREFUSED' ? new DockerApiError(0, `cannot reach the Docker daemon at ${this.socket} (${e.code})`) : e),
      );
      req.end(body);
    }));
    if (status === 404 && opts.ok404) return undefined;
    if (status >= 400) {
      let message = text;
      try {
        message = (JSON.parse(text) as { message?: string }).message ?? text;
      } catch {}
      throw new DockerApiError(status, message.trim());
    }
    return text ? (JSON.parse(text) as T) : (undefined as T);
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.call<T>('GET', path, { query }) as Promise<T>;
  }

  list<T>(kind: 'services' | 'tasks' | 'containers/json' | 'networks' | 'secrets' | 'configs', filters: Filters, query: Query = {}): Promise<T[]> {
    return this.get<T[]>(`/${kind}`, { ...query, filters: JSON.stringify(filters) });
  }
}

// The subset of Engine API objects cc-ci reads.
export interface ServiceInfo {
  ID: string;
  Spec: {
    Name: string;
    Labels?: Record<string, string>;
    TaskTemplate: {
      ContainerSpec: { Image: string; Mounts?: { Type: string; Source?: string; Target: string }[]; Healthcheck?: { Test?: string[] } };
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
  Status: { State: string; Err?: string; Message?: string; Timestamp?: string; ContainerStatus?: { ContainerID?: string; ExitCode?: number } };
  Spec: { ContainerSpec?: { Image?: string } };
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
