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

/**
 * The process that started a run, as recorded on the Docker host: enough for a later process to
 * prove it gone. `host` and `pidNamespace` say whether `pid` means anything to the reader; `boot`
 * and `processStart` tell a reused pid (or a reboot) from the same process.
 */
export interface RunOwner {
  host: string;
  /** The kernel's boot id ('' where unknown): a different one means every process of the run is gone. */
  boot: string;
  /** The pid namespace ('' where unknown): pids of another namespace cannot be checked from here. */
  pidNamespace: string;
  pid: number;
  /** The process's start time in clock ticks after boot ('' where unknown). */
  processStart: string;
}

/** What a run is doing with its app, as its record on the host says. */
export type RunState = 'running' | 'kept' | 'leftovers';

/** One run's record on the Docker host, created before anything else the run creates. */
export interface RunRecord {
  stack: string;
  domain: string;
  backend: string;
  /** The run's state directory on its owner's host. */
  stateDir: string;
  owner: RunOwner;
  /** When the run last said it was alive. */
  heartbeat: Date;
  state: RunState;
}

/** The claim a live run holds on its stack: refreshed while it lives, settled when it ends. */
export interface RunLease {
  /** The app stays on purpose (teardown never / on-success): never reaped, only `cc-ci teardown`. */
  keep(): Promise<void>;
  /** Teardown left objects behind: the record stays, without heartbeat, for a later reap. */
  abandon(): Promise<void>;
  /** Everything is gone: the record goes too. */
  release(): Promise<void>;
}

/** The runs recorded on one Docker host, whichever backend deployed them. */
export interface RunRegistry {
  /** Records the run and starts its heartbeat; throws UserError when a live run holds the stack. */
  claim(record: Omit<RunRecord, 'heartbeat' | 'state'>): Promise<RunLease>;
  list(): Promise<RunRecord[]>;
  /** Sets the state of a run's record from outside the run (the post step of a main that died). */
  mark(stack: string, state: RunState): Promise<void>;
  /** Removes a run's record (its app already torn down). */
  forget(stack: string): Promise<void>;
}
