import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import type {
  AppTarget,
  Backend,
  BackendKind,
  BackupTool,
  RunLease,
  RunRecord,
  RunRegistry,
  RunState,
  ConvergeOutcome,
  DeployedService,
  DeploySource,
  Diagnosis,
  HttpResponse,
  HttpTarget,
  SecretRequest,
  TeardownReport,
  VolumeStore,
} from '../../src/backends/backend';
import { BackupToolFailed, DeployRejected, OpTimeout } from '../../src/errors';
import { asRecord, loadComposeSet, serviceRefs } from '../../src/recipe/compose';
import { interpolated, labelsOf, namedVolumes } from '../../src/recipe/compose-view';

/**
 * An in-memory backend that plays a script: deploys "run" what the compose files declare (services,
 * labels and volumes as the swarm would hold them), and every outcome the engine must handle can
 * be scripted — convergence, a crash loop, a rollback, a rejected deploy, slowness, a throw mid-op.
 * Volumes are maps of path → content; snapshots are real tar files (the backup op reads them).
 */
export interface FakeScript {
  /** The convergence outcome of the n-th deploy (0: install, 1: upgrade) and of restore's scale-up; default converged. */
  converge?: (deploy: number, stack: string) => ConvergeOutcome;
  /** Deploy n is refused with these lines. */
  reject?: (deploy: number) => string[] | undefined;
  /** Milliseconds every wait for convergence takes (it honours the signal, as the real ones do). */
  slowMs?: number;
  /** Throw this from the named method on its n-th call (0-based): cc-ci must still tear down. */
  throwIn?: { method: 'deploy' | 'waitConverged' | 'services' | 'http' | 'exec' | 'snapshot' | 'teardown'; call?: number; error: Error };
  /** The answer of the app to a request; default 200 "ok" for every target. */
  http?: (target: HttpTarget) => HttpResponse | { error: string };
  /** The result of a command in a service's container; default exit 0, no output. */
  exec?: (service: string, argv: string[]) => { code: number; output: string };
  /** What diagnose finds; default nothing. */
  diagnosis?: Diagnosis;
  /** Log lines of every service. */
  logs?: string[];
  /** Whatever teardown reports (default clean). */
  teardown?: TeardownReport;
  /** Files each volume holds after the first deploy (volume key → path → content). */
  seed?: Record<string, Record<string, string>>;
  /** Services (recipe names) whose volumes are emptied whenever they start — deployed, or scaled up from 0 — as an entrypoint that re-initialises its data does. */
  wipeOnStart?: string[];
  /** The backend has a backup tool (as abra's backup-bot-two): copies of every volume, by id. */
  backupTool?: { failBackup?: string[]; failRestore?: string[]; restoresNothing?: boolean; namesNoId?: boolean };
}

/** Every call the engine made, in order, with its main argument (e.g. `deploy 0`, `scale app=0`). */
export type CallLog = string[];

/** `runsLog` gets the run record's changes (pass `log` itself to see them in order with the calls). */
export function fakeKind(
  script: FakeScript = {},
  log: CallLog = [],
  runsLog: CallLog = [],
): BackendKind & { apps: FakeBackend[]; records: FakeRuns } {
  const apps: FakeBackend[] = [];
  const runs = new FakeRuns(runsLog);
  return {
    name: 'swarm',
    apps,
    records: runs,
    setupHost: async () => void log.push('setupHost'),
    forApp: (target) => {
      const app = new FakeBackend(target, script, log);
      apps.push(app);
      return app;
    },
    runs: () => runs,
  };
}

/** The host's run records, in memory; every change is logged (`claim <stack>`, `release <stack>`). */
export class FakeRuns implements RunRegistry {
  readonly records = new Map<string, RunRecord>();
  constructor(private readonly log: CallLog) {}

  async claim(r: Omit<RunRecord, 'heartbeat' | 'state'>): Promise<RunLease> {
    this.log.push(`claim ${r.stack}`);
    this.records.set(r.stack, { ...r, heartbeat: new Date(), state: 'running' });
    return {
      keep: () => this.mark(r.stack, 'kept'),
      abandon: () => this.mark(r.stack, 'leftovers'),
      release: () => this.forget(r.stack),
    };
  }

  async mark(stack: string, state: RunState) {
    this.log.push(`${state} ${stack}`);
    const rec = this.records.get(stack);
    if (rec) rec.state = state;
  }

  async list() {
    return [...this.records.values()];
  }

  async forget(stack: string) {
    this.log.push(`release ${stack}`);
    this.records.delete(stack);
  }
}

export class FakeBackend implements Backend {
  readonly name = 'swarm' as const;
  readonly secrets = new Map<string, string>();
  readonly volumeData = new Map<string, Map<string, string>>();
  readonly volumes: VolumeStore;
  readonly backupTool?: BackupTool;
  deployed: DeployedService[] = [];
  deploys = 0;
  tornDown = false;
  private readonly counts = new Map<string, number>();

  constructor(
    readonly target: AppTarget,
    private readonly script: FakeScript,
    readonly log: CallLog,
  ) {
    this.volumes = new FakeVolumes(this);
    if (script.backupTool) this.backupTool = fakeBackupTool(this, script.backupTool, log);
  }

  /** Throws the scripted error when this is the scripted call of `method`. */
  hit(method: NonNullable<FakeScript['throwIn']>['method']): void {
    const n = this.counts.get(method) ?? 0;
    this.counts.set(method, n + 1);
    const t = this.script.throwIn;
    if (t && t.method === method && (t.call ?? 0) === n) throw t.error;
  }

  async provideSecrets(secrets: SecretRequest[], mask: (value: string) => void): Promise<void> {
    for (const s of secrets) {
      if (this.secrets.has(s.name)) continue;
      const value = `fake-secret-${s.key}-${this.secrets.size}`;
      mask(value);
      this.secrets.set(s.name, value);
      this.log.push(`secret ${s.name}`);
    }
  }

  async deploy(src: DeploySource, signal: AbortSignal): Promise<void> {
    const n = this.deploys;
    this.log.push(`deploy ${n}`);
    this.hit('deploy');
    signal.throwIfAborted();
    const refused = this.script.reject?.(n);
    if (refused) throw new DeployRejected(`fake deploy refused: ${refused[0] ?? ''}`, refused);
    const names = src.composeFiles.map((f) => relative(src.dir, f)).join(':');
    const compose = loadComposeSet(src.dir, names, { file: '.env', line: 1 }, [], src.env);
    const { stack } = this.target;
    this.deployed = [...compose.services].map(([name, svc]) => {
      const networks = serviceRefs(svc.raw.networks);
      return {
        name,
        swarmName: `${stack}_${name}`,
        image: interpolated(svc.image ?? '', src.env),
        labels: labelsOf(svc, src.env),
        mounts: namedVolumes(svc).map((v) => ({ volume: `${stack}_${v.key}`, target: v.target })),
        replicas: Number(asRecord(asRecord(svc.raw.deploy)).replicas ?? 1),
        networks: networks.length ? networks.map((k) => (k === 'proxy' ? 'proxy' : `${stack}_${k}`)) : [`${stack}_default`],
      };
    });
    for (const s of this.deployed)
      for (const m of s.mounts)
        if (!this.volumeData.has(m.volume))
          this.volumeData.set(m.volume, new Map(Object.entries(this.script.seed?.[m.volume.slice(stack.length + 1)] ?? {})));
    for (const s of this.deployed) this.started(s);
    this.deploys++;
  }

  async waitConverged(_since: Date, signal: AbortSignal, onProgress?: (detail: string) => void): Promise<ConvergeOutcome> {
    this.log.push('waitConverged');
    this.hit('waitConverged');
    onProgress?.('fake: converging');
    if (this.script.slowMs) await abortable(this.script.slowMs, signal);
    if (signal.aborted) {
      const reason: unknown = signal.reason;
      if (reason instanceof OpTimeout)
        return { ok: false, failure: { kind: 'timeout', service: '', message: `${reason.message} waiting for convergence: fake` } };
      throw reason;
    }
    return (
      this.script.converge?.(this.deploys - 1, this.target.stack) ?? {
        ok: true,
        detail: `${this.deployed.map((s) => `${s.name} ${s.replicas}/${s.replicas}`).join(', ')}`,
      }
    );
  }

  async services(): Promise<DeployedService[]> {
    this.hit('services');
    return this.deployed.map((s) => ({ ...s }));
  }

  async http(target: HttpTarget, signal: AbortSignal): Promise<HttpResponse | { error: string }> {
    this.log.push(`http ${target.service}:${target.port} ${target.exchange.method} ${target.exchange.path}`);
    this.hit('http');
    signal.throwIfAborted();
    return this.script.http?.(target) ?? { status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' };
  }

  async exec(swarmService: string, argv: string[]): Promise<{ code: number; output: string }> {
    this.log.push(`exec ${swarmService} ${argv.join(' ')}`);
    this.hit('exec');
    if (!this.deployed.some((s) => s.swarmName === swarmService && (s.replicas ?? 1) > 0))
      return { code: -1, output: `no running container of ${swarmService}` };
    return this.script.exec?.(swarmService, argv) ?? { code: 0, output: '' };
  }

  async execAttached(swarmService: string, argv: string[]): Promise<number> {
    return (await this.exec(swarmService, argv)).code;
  }

  async logs(swarmService: string, tail: number): Promise<string[]> {
    this.log.push(`logs ${swarmService}`);
    return (this.script.logs ?? []).slice(-tail);
  }

  async scale(replicas: Record<string, number>): Promise<void> {
    this.log.push(
      `scale ${Object.entries(replicas)
        .map(([s, n]) => `${s.slice(this.target.stack.length + 1)}=${n}`)
        .join(' ')}`,
    );
    for (const s of this.deployed) {
      if (!(s.swarmName in replicas)) continue;
      const was = s.replicas ?? 1;
      s.replicas = replicas[s.swarmName]!;
      if (was === 0 && s.replicas > 0) this.started(s);
    }
  }

  /** A service's containers started: script.wipeOnStart empties its volumes. */
  private started(s: DeployedService): void {
    if (!this.script.wipeOnStart?.includes(s.name)) return;
    for (const m of s.mounts) this.volumeData.get(m.volume)?.clear();
  }

  async diagnose(service: string, _containerId: string | undefined, logFile: string): Promise<Diagnosis> {
    this.log.push(`diagnose ${service}`);
    const d = this.script.diagnosis ?? {};
    mkdirSync(dirname(logFile), { recursive: true });
    writeFileSync(logFile, (d.lines ?? []).join('\n'));
    return d;
  }

  async teardown(): Promise<TeardownReport> {
    this.log.push('teardown');
    this.hit('teardown');
    this.tornDown = true;
    this.deployed = [];
    this.volumeData.clear();
    this.secrets.clear();
    return this.script.teardown ?? { problems: [], leftovers: [] };
  }
}

/** A tool that keeps whole copies of the app's volumes: what a restic snapshot of them would hold. */
function fakeBackupTool(b: FakeBackend, t: NonNullable<FakeScript['backupTool']>, log: CallLog): BackupTool {
  const kept = new Map<string, Map<string, Map<string, string>>>();
  return {
    label: 'fake backup tool',
    async backup() {
      log.push('tool backup');
      if (t.failBackup) throw new BackupToolFailed(`fake backup failed: ${t.failBackup.at(-1) ?? ''}`, t.failBackup);
      const id = `fake${kept.size + 1}`;
      kept.set(id, new Map([...b.volumeData].map(([v, files]) => [v, new Map(files)])));
      return t.namesNoId ? '' : id;
    },
    async restore(id) {
      log.push(`tool restore ${id || '(latest)'}`);
      if (t.failRestore) throw new BackupToolFailed(`fake restore failed: ${t.failRestore.at(-1) ?? ''}`, t.failRestore);
      if (t.restoresNothing) return;
      const from = kept.get(id || `fake${kept.size}`);
      if (!from) throw new BackupToolFailed(`fake restore: no backup ${id}`);
      for (const [v, files] of from) b.volumeData.set(v, new Map(files));
    },
  };
}

/** `key` is `path` or lies below it. */
const under = (key: string, path: string) => key === path || key.startsWith(`${path}/`);

class FakeVolumes implements VolumeStore {
  /** Each snapshot's contents by file. */
  private readonly tars = new Map<string, Map<string, string>>();

  constructor(private readonly b: FakeBackend) {}

  private data(volume: string): Map<string, string> {
    const d = this.b.volumeData.get(volume);
    if (!d) throw new Error(`no such volume: ${volume}`);
    return d;
  }

  async snapshot(volume: string, paths: string[] | null, file: string, signal?: AbortSignal): Promise<void> {
    this.b.log.push(`snapshot ${volume}`);
    this.b.hit('snapshot');
    signal?.throwIfAborted();
    const d = this.data(volume);
    for (const p of paths ?? [])
      if (![...d.keys()].some((k) => under(k, p))) throw new Error(`declared path ${p} does not exist in volume ${volume}`);
    const picked = new Map([...d].filter(([k]) => !paths || paths.some((p) => under(k, p))));
    writeFileSync(file, tar(picked));
    this.tars.set(file, picked);
  }

  async restore(volume: string, paths: string[] | null, file: string): Promise<void> {
    this.b.log.push(`restore ${volume}`);
    const d = this.data(volume);
    const from = this.tars.get(file);
    if (!from) throw new Error(`restoring volume ${volume} failed: ${file} is not a snapshot`);
    for (const k of [...d.keys()]) if (!paths || paths.some((p) => under(k, p))) d.delete(k);
    for (const [k, v] of from) d.set(k, v);
  }

  async kind(volume: string, path: string): Promise<'dir' | 'file' | 'missing'> {
    const d = this.data(volume);
    if (d.has(path)) return 'file';
    return [...d.keys()].some((k) => k.startsWith(`${path}/`)) || path === '' ? 'dir' : 'missing';
  }

  async sha256(volume: string, path: string): Promise<string | undefined> {
    const v = this.data(volume).get(path);
    return v === undefined ? undefined : createHash('sha256').update(v).digest('hex');
  }

  async write(volume: string, path: string, content: string, append = false): Promise<void> {
    const d = this.data(volume);
    d.set(path, append ? (d.get(path) ?? '') + content : content);
  }
}

/** A minimal ustar archive of the files (what util/tar.ts lists). */
function tar(files: Map<string, string>): Buffer {
  const blocks: Buffer[] = [];
  for (const [path, content] of files) {
    const body = Buffer.from(content);
    const h = Buffer.alloc(512);
    h.write(`./${path}`, 0, 100);
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(`${body.length.toString(8).padStart(11, '0')}\0`, 124);
    h.write('00000000000\0', 136);
    h.write('        ', 148);
    h.write('0', 156);
    h.write('ustar\0', 257);
    h.write('00', 263);
    const sum = h.reduce((n, b) => n + b, 0);
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(h, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

function abortable(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });
}
