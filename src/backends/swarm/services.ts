import { writeFileSync } from 'node:fs';
import { DockerApiError } from '../../errors';
import { MAX_LAST_LINES, type Diagnosis } from '../types';
import { linkedSignal } from '../../util/signals';
import { sleep } from '../../util/time';
import { DockerApi, type ContainerSummary, type ServiceInfo, type TaskInfo } from './docker-api';
import { stackFilter } from './labels';
import { StackEvents } from './events';
import { watch, type Step } from './wakeups';
import { demux, STDOUT, SYSTEMERR } from './docker-stream';
import { createExec, demuxQuietly, execCollect, execExitCode, startExec, timedOut } from './processes';
import type { DeployedService } from '../types';

export async function deployedServices(api: DockerApi, stack: string): Promise<DeployedService[]> {
  const [services, networks] = await Promise.all([
    api.list<ServiceInfo>('services', stackFilter(stack)),
    api.list<{ Id: string; Name: string }>('networks', {}),
  ]);
  const networkName = new Map(networks.map((n) => [n.Id, n.Name]));
  return services.map((s) => ({
    name: s.Spec.Name.startsWith(`${stack}_`) ? s.Spec.Name.slice(stack.length + 1) : s.Spec.Name,
    swarmName: s.Spec.Name,
    image: s.Spec.TaskTemplate.ContainerSpec.Image,
    labels: s.Spec.Labels ?? {},
    mounts: (s.Spec.TaskTemplate.ContainerSpec.Mounts ?? [])
      .filter((m) => m.Type === 'volume' && m.Source)
      .map((m) => ({ volume: m.Source!, target: m.Target })),
    replicas: s.Spec.Mode.Replicated ? (s.Spec.Mode.Replicated.Replicas ?? 1) : null,
    networks: (s.Spec.TaskTemplate.Networks ?? []).map((n) => networkName.get(n.Target) ?? n.Target),
  }));
}

/** The container of a running task of the service, where hooks run (as backupbot runs them). */
export async function runningContainer(api: DockerApi, swarmName: string): Promise<string | undefined> {
  const tasks = await api.list<TaskInfo>('tasks', { service: [swarmName], 'desired-state': ['running'] }).catch((e: unknown) => {
    if (e instanceof DockerApiError && e.status === 404) return []; // no such service: nothing runs
    throw e;
  });
  return tasks.find((t) => t.Status.State === 'running' && t.Status.ContainerStatus?.ContainerID)?.Status.ContainerStatus?.ContainerID;
}

export async function execIn(
  api: DockerApi,
  swarmName: string,
  argv: string[],
  signal?: AbortSignal,
): Promise<{ code: number; output: string }> {
  const container = await runningContainer(api, swarmName);
  if (!container) return { code: -1, output: `no running container of ${swarmName}` };
  try {
    const r = await execCollect(api, container, argv, { signal, timeoutMs: 300_000 });
    return { code: r.code, output: `${r.stdout}${r.stderr}` };
  } catch (e) {
    // Gone or stopped between the task list and the exec (404 no such container, 409 not running).
    if (e instanceof DockerApiError && (e.status === 404 || e.status === 409))
      return { code: -1, output: `no running container of ${swarmName}: ${e.message}` };
    throw e;
  }
}

/** The service's last `tail` log lines, oldest first (tasks interleaved in time order). */
export async function serviceLogs(api: DockerApi, swarmName: string, tail: number, signal?: AbortSignal): Promise<string[]> {
  const logs = await readServiceLogs(api, swarmName, tail, signal).catch((e: Error) => {
    throw new Error(`service logs: ${e.message}`);
  });
  if (logs.errors.length && !logs.lines.length) throw new Error(`service logs: ${logs.errors[0]}`);
  return logs.lines;
}

const STAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z) ?/;

/**
 * GET /services/{id}/logs with timestamps: the lines of all the service's tasks, stdout and
 * stderr, put in time order (each task's lines arrive in order, the tasks' interleaved). The
 * stream is multiplexed unless the service has a TTY (moby api/server/router/swarm/helpers.go
 * swarmLogs); timestamps are RFC 3339 with fixed-width nanoseconds in UTC, so they sort as text.
 * `errors`: what the daemon reported in the stream (its "Error grabbing logs: ..." frames).
 */
async function readServiceLogs(
  api: DockerApi,
  swarmName: string,
  tail: number,
  signal?: AbortSignal,
): Promise<{ lines: string[]; errors: string[] }> {
  const limit = linkedSignal([signal], 15_000, timedOut(15_000));
  try {
    const service = await api.call<ServiceInfo>('GET', `/services/${encodeURIComponent(swarmName)}`, { signal: limit.signal });
    const res = await api.stream('GET', `/services/${encodeURIComponent(swarmName)}/logs`, {
      query: { stdout: true, stderr: true, timestamps: true, tail },
      signal: limit.signal,
    });
    const stamped: { at: string; line: string; i: number }[] = [];
    const errors: string[] = [];
    let at = '';
    const add = (text: string) => {
      const lines = text.split('\n');
      if (lines.at(-1) === '') lines.pop();
      for (const l of lines) {
        const m = STAMP.exec(l);
        if (m) at = m[1]!;
        stamped.push({ at, line: m ? l.slice(m[0].length) : l, i: stamped.length });
      }
    };
    if (service?.Spec.TaskTemplate.ContainerSpec.TTY) {
      const chunks: Buffer[] = [];
      for await (const c of res) chunks.push(c as Buffer);
      add(Buffer.concat(chunks).toString('utf8'));
    } else {
      // One frame is one log message (moby api/server/httputils/write_log_stream.go).
      await demux(res, (type, payload) =>
        type === SYSTEMERR ? errors.push(payload.toString('utf8').trim()) : add(payload.toString('utf8')),
      );
    }
    const lines = stamped.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.i - b.i)).map((s) => s.line);
    return { lines, errors };
  } finally {
    limit.dispose();
  }
}

/**
 * Runs argv in the service's running container with this process's stdin, stdout and stderr
 * (as `docker exec -i`); the exit code (-1: none running).
 */
export async function execAttached(api: DockerApi, swarmName: string, argv: string[]): Promise<number> {
  const container = await runningContainer(api, swarmName);
  if (!container) return -1;
  const id = await createExec(api, container, argv, true);
  const socket = await startExec(api, id);
  const stdin = process.stdin;
  stdin.on('error', () => socket.end());
  // The end of our stdin half-closes the connection: the daemon closes the process's stdin
  // (moby daemon/exec.go: CloseStdin for every exec).
  stdin.pipe(socket);
  try {
    await demuxQuietly(socket, (type, payload) => (type === STDOUT ? process.stdout : process.stderr).write(payload));
  } finally {
    stdin.unpipe(socket);
    stdin.pause();
  }
  return execExitCode(api, id);
}

/** The most attempts at a service update that races another (swarm's "update out of sequence"). */
const UPDATE_ATTEMPTS = 5;

/**
 * Scales services (as `docker service scale --detach`: read the spec, set the replicas, update
 * with the version read) and, for those scaled to 0, waits until none of their containers runs.
 */
export async function scale(
  api: DockerApi,
  stack: string,
  replicas: Record<string, number>,
  signal: AbortSignal,
  debug?: (message: string) => void,
): Promise<void> {
  const began = new Date(Date.now() - 1000);
  const failures: string[] = [];
  for (const [service, n] of Object.entries(replicas)) {
    try {
      await scaleOne(api, service, n, signal);
    } catch (e) {
      if (signal.aborted) throw e;
      failures.push((e as Error).message);
    }
  }
  if (failures.length) throw new Error(`docker service scale failed: ${failures.join('; ')}`);
  const stopping = Object.entries(replicas)
    .filter(([, n]) => n === 0)
    .map(([s]) => s);
  if (!stopping.length) return;
  // Woken by the containers' die events; `began` replays those that came before the stream opened.
  const events = StackEvents.open(api, stack, { since: began });
  const check = async (): Promise<Step<true>> => {
    const running = (await api.list<ContainerSummary>('containers/json', stackFilter(stack))).filter((c) =>
      stopping.includes(c.Labels['com.docker.swarm.service.name'] ?? ''),
    );
    if (!running.length) return { done: true };
    // `die` is logged before the container list (the daemon's replica, checkpointed after it:
    // moby daemon/monitor.go) shows the container stopped: list again until it does.
    return { waiting: { caughtUp: (e) => e.action !== 'die' || !running.some((c) => c.Id === e.id) } };
  };
  try {
    const done = await watch(check, {
      signal,
      events,
      pollMs: 250,
      debug,
      what: `scale to 0 (${stopping.join(', ')})`,
    });
    if (!done) throw signal.reason;
  } finally {
    events.close();
  }
}

async function scaleOne(api: DockerApi, service: string, replicas: number, signal: AbortSignal): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const s = await api.call<ServiceInfo>('GET', `/services/${encodeURIComponent(service)}`, { signal });
    if (!s?.Spec.Mode.Replicated) throw new Error(`${service}: scale can only be used with replicated mode`);
    const spec = { ...s.Spec, Mode: { ...s.Spec.Mode, Replicated: { ...s.Spec.Mode.Replicated, Replicas: replicas } } };
    try {
      await api.call('POST', `/services/${s.ID}/update`, { query: { version: s.Version?.Index }, body: spec, signal });
      return;
    } catch (e) {
      // Another update (swarm's own, or a racing client) bumped the version since it was read.
      if (attempt < UPDATE_ATTEMPTS && e instanceof DockerApiError && /out of sequence/.test(e.message)) continue;
      throw new Error(`${service}: ${(e as Error).message}`, { cause: e });
    }
  }
}

/**
 * What went wrong with a service, from the swarm's own records: the failed container's exit
 * code, OOM flag and last healthcheck output, and the service's last log lines (oldest first).
 * Writes the log tail to `logFile` for the artifact. Fail-open: what cannot be read is a `problem`.
 */
export async function diagnose(
  api: DockerApi,
  swarmName: string,
  containerId: string | undefined,
  logFile: string,
  signal?: AbortSignal,
): Promise<Diagnosis> {
  const diag: Diagnosis = {};
  const problems: string[] = [];
  try {
    const tasks = await api.list<TaskInfo>('tasks', { service: [swarmName] });
    const latest = tasks
      .filter((t) => t.Status.ContainerStatus?.ContainerID)
      .sort((a, b) => Date.parse(b.CreatedAt) - Date.parse(a.CreatedAt))[0];
    const id = containerId ?? latest?.Status.ContainerStatus?.ContainerID;
    const owner = tasks.find((t) => t.Status.ContainerStatus?.ContainerID === id);
    const c = id ? await stoppedState(api, id, owner, signal) : undefined;
    if (c) {
      if (!c.State.Running) diag.exitCode = c.State.ExitCode;
      diag.oomKilled = c.State.OOMKilled;
      diag.healthOutput = c.State.Health?.Log?.at(-1)?.Output?.trim() || undefined;
    }
  } catch (e) {
    problems.push(`inspect: ${(e as Error).message}`);
  }
  try {
    // Lines of several tasks arrive interleaved: the timestamps put them all back in order.
    const logs = await readServiceLogs(api, swarmName, LOG_TAIL, signal);
    writeFileSync(logFile, logs.lines.join('\n') + (logs.lines.length ? '\n' : ''));
    diag.lines = logs.lines.slice(-MAX_LAST_LINES);
    if (logs.errors.length) problems.push(`service logs: ${logs.errors[0]}`);
  } catch (e) {
    problems.push(`service logs: ${(e as Error).message}`);
  }
  if (problems.length) diag.problem = problems.join('; ');
  return diag;
}

const LOG_TAIL = 2000;
const NOT_YET_OVER = new Set(['new', 'pending', 'assigned', 'accepted', 'preparing', 'ready', 'starting', 'running']);
/** Docker's default stop grace period (10 s) and some slack: how long a stopping container may take. */
const STOP_WAIT_MS = 15_000;

/**
 * The container's state, once it has stopped if its task is already over: swarm marks a task
 * failed (e.g. "unhealthy container") before the container has exited, and only an exited
 * container has the exit code the autopsy reports.
 */
async function stoppedState(
  api: DockerApi,
  id: string,
  owner: TaskInfo | undefined,
  signal?: AbortSignal,
): Promise<ContainerState | undefined> {
  const stopping = owner !== undefined && (owner.DesiredState !== 'running' || !NOT_YET_OVER.has(owner.Status.State));
  const deadline = Date.now() + STOP_WAIT_MS;
  for (;;) {
    const c = await api.call<ContainerState>('GET', `/containers/${id}/json`, { ok404: true });
    if (c && !c.State.Running && c.State.ExitCode === 137 && !c.State.OOMKilled) return oomSettled(api, id, c, signal);
    if (!c || !c.State.Running || !stopping || Date.now() > deadline || signal?.aborted) return c;
    await sleep(250, signal);
  }
}

/** How long the daemon may take to record an OOM kill it learns of after the exit. */
const OOM_EVENT_MS = 3_000;

/**
 * A container killed by SIGKILL may have been OOM-killed: the daemon gets the OOM and the exit as
 * separate containerd events and may handle the exit first (moby daemon/monitor.go sets
 * OOMKilled whenever the OOM event arrives), so the flag is read again for a moment.
 */
async function oomSettled(api: DockerApi, id: string, c: ContainerState, signal?: AbortSignal): Promise<ContainerState> {
  const deadline = Date.now() + OOM_EVENT_MS;
  while (Date.now() < deadline && !signal?.aborted) {
    await sleep(250, signal);
    const again = await api.call<ContainerState>('GET', `/containers/${id}/json`, { ok404: true });
    if (!again) return c;
    if (again.State.OOMKilled) return again;
  }
  return c;
}

interface ContainerState {
  State: { Running: boolean; ExitCode: number; OOMKilled: boolean; Health?: { Log?: { Output?: string }[] } };
}
