/**
 * The data a backend speaks: what it is given to deploy and what it reports back. A leaf module
 * (no imports), so the engine, operations and reports can share these types with any backend.
 */

/** What to deploy: a recipe tree (head's checkout or a base release's tree) and the app env. */
export interface DeploySource {
  /** The recipe's name (abra looks the recipe up by it). */
  recipe: string;
  dir: string;
  /** Compose files to deploy, in COMPOSE_FILE order (absolute paths). */
  composeFiles: string[];
  /** The app env: what the compose files are interpolated with. */
  env: Record<string, string>;
  /** The app env abra adds to the `app` service's environment (ExposeAllEnv): keys the files do not set. */
  exposedEnv: Record<string, string>;
  /** The app's env file (`<domain>.env`), as an operator would have it. */
  envFile: string;
}

/** An external secret the recipe expects to exist before the deploy (abra generates these). */
export interface SecretRequest {
  /** Docker secret name, e.g. `<stack>_db_password_v1`. */
  name: string;
  /** The recipe's secret key (`db_password`) and version (`v1`), as abra addresses it. */
  key: string;
  version: string;
  /** A password of `length` from `charset`, or (null) a passphrase. */
  length: number | null;
  charset: string;
  /** `generate=false`: an operator inserts it by hand. */
  manual: boolean;
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

/** A deployed service as the ops see it: its interpolated labels and its volume mounts. */
export interface DeployedService {
  /** The recipe's name for it (`app`), and the swarm's (`<stack>_app`). */
  name: string;
  swarmName: string;
  image: string;
  labels: Record<string, string>;
  mounts: { volume: string; target: string }[];
  replicas: number | null;
  /** Swarm network names it is attached to (`proxy`, `<stack>_internal`). */
  networks: string[];
}

export type FailureKind = 'image-missing' | 'task-failed' | 'update-paused' | 'rolled-back' | 'timeout';

/** Why a deploy did not converge, with the orchestrator's own words for it. */
export interface ConvergeFailure {
  kind: FailureKind;
  /** Swarm service name (`<stack>_app`), or '' when no one service is to blame. */
  service: string;
  message: string;
  taskError?: string;
  exitCode?: number;
  containerId?: string;
}

export type ConvergeOutcome = { ok: true; detail: string } | { ok: false; failure: ConvergeFailure };

/** The most log lines a diagnosis (and an autopsy) carries. */
export const MAX_LAST_LINES = 200;

/** What the backend could find out about a failed service (all optional: capture is fail-open). */
export interface Diagnosis {
  exitCode?: number;
  oomKilled?: boolean;
  /** The last healthcheck output of the container, when it has a healthcheck. */
  healthOutput?: string;
  /** The service's last log lines, oldest first. */
  lines?: string[];
  /** Why the diagnosis is incomplete, if it is. */
  problem?: string;
}

export interface TeardownReport {
  /** Problems met on the way; teardown carries on past them. */
  problems: string[];
  /** What still carries the stack's labels afterwards ("kind name"); empty when clean. */
  leftovers: string[];
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
 * The operator's own backup tool, where a backend drives one (abra: backup-bot-two through `abra
 * app backup create` and `abra app restore`). It runs the backupbot hooks itself; cc-ci judges
 * the result (the witness back, the app serving). Both methods throw BackupToolFailed.
 */
export interface BackupTool {
  /** What reports call it, e.g. `abra app backup (backup-bot-two)`. */
  readonly label: string;
  /** Backs the app up; the backup's id, or '' when the tool names none (restore then takes its latest). */
  backup(signal: AbortSignal, progress: (detail: string) => void): Promise<string>;
  /** Restores the backup `id` (latest when '') into the app's volumes. */
  restore(id: string, signal: AbortSignal, progress: (detail: string) => void): Promise<void>;
}
