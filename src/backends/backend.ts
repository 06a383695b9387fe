import type {
  BackupTool,
  RunRegistry,
  ConvergeOutcome,
  DeployedService,
  DeploySource,
  Diagnosis,
  HttpResponse,
  HttpTarget,
  SecretRequest,
  TeardownReport,
  VolumeStore,
} from './types';

export type * from './types';

/** The backends cc-ci has (registry.ts maps each name to its implementation). */
export const BACKEND_NAMES = ['swarm', 'abra'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
export const isBackendName = (name: string): name is BackendName => (BACKEND_NAMES as readonly string[]).includes(name);
/**
 * What is wrong with a backend name given as `where` (`--backend`, `input backend`, CCCI_BACKEND),
 * the one wording for every place a backend is chosen. A message, not an error: this module
 * imports nothing but its types (its callers throw it as a UserError).
 */
export const badBackendName = (name: string, where: string): string => `${where} must be ${BACKEND_NAMES.join(' or ')}, not "${name}"`;

/** The one app a run deploys: how every backend names it. */
export interface AppTarget {
  /** Swarm stack name (abra's: the domain with dots as underscores). */
  stack: string;
  domain: string;
  /** The run's private directory (env file, snapshots, logs); the backend may keep files here. */
  stateDir: string;
  /** Lines only for debugging a run (e.g. a wait that fell back to polling): CCCI_DEBUG, the step's debug log. */
  debug?: (message: string) => void;
}

export interface HostSetupOptions {
  /** Create a single-node swarm when there is none (always for the CLI; on ephemeral runners for the action). */
  initSwarm: boolean;
  log: (message: string) => void;
}

/** A way of deploying apps on a Docker host: sets the host up, and drives one app on it. */
export interface BackendKind {
  readonly name: BackendName;
  /** Makes the host ready (swarm, proxy network, helper image, the backend's own tool). Idempotent. */
  setupHost(opts: HostSetupOptions): Promise<void>;
  /** The backend for one app. Creates nothing until called. */
  forApp(target: AppTarget): Backend;
  /** The runs recorded on the host this backend deploys to (every backend's, for reaping). */
  runs(): RunRegistry;
}

/**
 * How the engine drives one app on one Docker host. Operations never talk to Docker directly;
 * every backend gives the same answers for the same recipe (test/contract/).
 */
export interface Backend {
  readonly name: BackendName;
  readonly target: AppTarget;
  /** Makes sure the external secrets exist (generated as abra does); every value is passed to `mask` before use. */
  provideSecrets(secrets: SecretRequest[], mask: (value: string) => void): Promise<void>;
  /** Applies the app's spec; resolves once the orchestrator accepted it (convergence is separate). Throws DeployRejected. */
  deploy(src: DeploySource, signal: AbortSignal): Promise<void>;
  /** Waits until the deploy issued at `since` converged or failed; `signal` ends the wait (OpTimeout → a timeout failure). */
  waitConverged(since: Date, signal: AbortSignal, onProgress?: (detail: string) => void): Promise<ConvergeOutcome>;
  /** The app's services as deployed: interpolated labels, volume mounts, networks. */
  services(): Promise<DeployedService[]>;
  /** One HTTP exchange with a service's tasks, sent from where traefik sits (the proxy network). */
  http(target: HttpTarget, signal: AbortSignal): Promise<HttpResponse | { error: string }>;
  /** Runs argv in a running container of the swarm service (exit code -1: no running container). */
  exec(swarmService: string, argv: string[], signal?: AbortSignal): Promise<{ code: number; output: string }>;
  /** Runs argv in a running container of the swarm service with this process's stdin, stdout and stderr; the exit code. */
  execAttached(swarmService: string, argv: string[]): Promise<number>;
  /** The last `tail` log lines of a swarm service, oldest first, without timestamps. */
  logs(swarmService: string, tail: number, signal?: AbortSignal): Promise<string[]>;
  /** Sets replica counts (swarm service names); waits until services scaled to 0 have no running container. */
  scale(replicas: Record<string, number>, signal: AbortSignal): Promise<void>;
  readonly volumes: VolumeStore;
  /** The operator's backup tool, when the backend drives one; backup and restore then go through it. */
  readonly backupTool?: BackupTool;
  /** What the orchestrator knows of a failed service (recipe name, fail-open); its log tail is written to logFile. */
  diagnose(service: string, containerId: string | undefined, logFile: string, signal?: AbortSignal): Promise<Diagnosis>;
  /** Removes everything the app has on the host (services, networks, configs, volumes, secrets, helpers). */
  teardown(): Promise<TeardownReport>;
}
