import type { ConvergeOutcome } from './swarm/wait';
import type { HttpResponse, Router } from './swarm/routers';
import type { TeardownReport } from './swarm/teardown';

/** What to deploy: a recipe tree (head's checkout or a base release's worktree) and the app env. */
export interface DeploySource {
  dir: string;
  composeFiles: string[];
  env: Record<string, string>;
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
  /** HTTP routers declared by the deployed services' traefik labels. */
  routers(): Promise<Router[]>;
  /** One GET to a service as traefik would send it (to the task, with the router's Host header). */
  httpGet(target: HttpTarget, signal: AbortSignal): Promise<HttpResponse | { error: string }>;
  teardown(): Promise<TeardownReport>;
}

export interface HttpTarget {
  service: string;
  port: number;
  host: string;
  path: string;
}

/** `docker stack deploy` (or its abra equivalent) refused the spec. */
export class DeployRejected extends Error {}
