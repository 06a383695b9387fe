import type { ConvergeOutcome } from './swarm/wait';
import type { TeardownReport } from './swarm/teardown';
import type { DeployedService } from '../recipe/backupbot';
import type { Diagnosis } from '../report/autopsy';

/** What to deploy: a recipe tree (head's checkout or a base release's tree) and the app env. */
export interface DeploySource {
  dir: string;
  composeFiles: string[];
  env: Record<string, string>;
}

/** An HTTP request as it leaves the proxy for the app (headers include host). */
export interface HttpExchange {
  scheme: 'http' | 'https';
  method: string;
  /** Path and query, as sent. */
  path: string;
  headers: Record<string, string>;
}

/** Where the proxy sends a request: a port of the service's tasks, on the proxy network. */
export interface HttpTarget {
  /** Swarm service name, e.g. `<stack>_app`. */
  service: string;
  port: number;
  exchange: HttpExchange;
}

export interface HttpResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string;
}

/** Reading and writing an app's named volumes, whatever its images contain. */
export interface VolumeStore {
  snapshot(volume: string, paths: string[] | null, file: string, signal?: AbortSignal): Promise<void>;
  restore(volume: string, paths: string[] | null, file: string, signal?: AbortSignal): Promise<void>;
  kind(volume: string, path: string): Promise<'dir' | 'file' | 'missing'>;
  /** sha256 of a file in the volume, or undefined when it is not there. */
  sha256(volume: string, path: string): Promise<string | undefined>;
  write(volume: string, path: string, content: string, append?: boolean): Promise<void>;
}

/**
 * How the engine drives one app on one Docker host. Operations never talk to Docker directly,
 * so a second backend (abra) can slot in behind the same calls.
 */
export interface Backend {
  readonly name: 'swarm';
  /** Creates an external secret the recipe expects; labelled so teardown finds it. */
  createSecret(name: string, value: string): Promise<void>;
  /** Applies the stack spec; resolves once the swarm accepted it (convergence is separate). */
  deploy(src: DeploySource, signal: AbortSignal): Promise<void>;
  waitConverged(since: Date, signal: AbortSignal, onProgress?: (detail: string) => void): Promise<ConvergeOutcome>;
  /** The stack's services as deployed: interpolated labels, volume mounts, networks. */
  services(): Promise<DeployedService[]>;
  /** One HTTP exchange with a service's tasks, sent from where traefik sits (the proxy network). */
  http(target: HttpTarget, signal: AbortSignal): Promise<HttpResponse | { error: string }>;
  /** Runs argv in a running container of the service (exit code -1: no running container). */
  exec(swarmService: string, argv: string[], signal?: AbortSignal): Promise<{ code: number; output: string }>;
  /** Sets replica counts; waits until services scaled to 0 have no running container. */
  scale(replicas: Record<string, number>, signal: AbortSignal): Promise<void>;
  readonly volumes: VolumeStore;
  /** What the swarm knows of a failed service (fail-open); its log tail is written to logFile. */
  diagnose(service: string, containerId: string | undefined, logFile: string, signal?: AbortSignal): Promise<Diagnosis>;
  teardown(): Promise<TeardownReport>;
}

/** `docker stack deploy` (or its abra equivalent) refused the spec; `lines` is what it printed. */
export class DeployRejected extends Error {
  constructor(
    message: string,
    readonly lines: string[] = [],
  ) {
    super(message);
  }
}
