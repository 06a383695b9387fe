import { writeFileSync } from 'node:fs';
import { run, firstErrorLine } from '../../util/exec';
import { MAX_LAST_LINES, type Diagnosis } from '../../report/autopsy';
import { sleep } from '../../util/time';
import { DockerApi, type ContainerSummary, type ServiceInfo, type TaskInfo } from './docker-api';
import { stackFilter } from './labels';
import type { DeployedService } from '../../recipe/backupbot';

export async function deployedServices(api: DockerApi, stack: string): Promise<DeployedService[]> {
  const [services, networks] = await Promise.all([api.list<ServiceInfo>('services', stackFilter(stack)), api.list<{ Id: string; Name: string }>('networks', {})]);
  const networkName = new Map(networks.map((n) => [n.Id, n.Name]));
  return services.map((s) => ({
    name: s.Spec.Name.startsWith(`${stack}_`) ? s.Spec.Name.slice(stack.length + 1) : s.Spec.Name,
    swarmName: s.Spec.Name,
    image: s.Spec.TaskTemplate.ContainerSpec.Image,
    labels: s.Spec.Labels ?? {},
    mounts: (s.Spec.TaskTemplate.ContainerSpec.Mounts ?? []).filter((m) => m.Type === 'volume' && m.Source).map((m) => ({ volume: m.Source!, target: m.Target })),
    replicas: s.Spec.Mode.Replicated ? (s.Spec.Mode.Replicated.Replicas ?? 1) : null,
    networks: (s.Spec.TaskTemplate.Networks ?? []).map((n) => networkName.get(n.Target) ?? n.Target),
  }));
}

/** The container of a running task of the service, where hooks run (as backupbot runs them). */
export async function runningContainer(api: DockerApi, swarmName: string): Promise<string | undefined> {
  const tasks = await api.list<TaskInfo>('tasks', { service: [swarmName], 'desired-state': ['running'] });
  return tasks.find((t) => t.Status.State === 'running' && t.Status.ContainerStatus?.ContainerID)?.Status.ContainerStatus?.ContainerID;
}

export async function execIn(api: DockerApi, swarmName: string, argv: string[], signal?: AbortSignal): Promise<{ code: number; output: string }> {
  const container = await runningContainer(api, swarmName);
  if (!container) return { code: -1, output: `no running container of ${swarmName}` };
  const r = await run('docker', ['exec', container, ...argv], { signal, timeoutMs: 300_000 });
  return { code: r.code, output: `${r.stdout}${r.stderr}` };
}

/** Scales services and, for those scaled to 0, waits until none of their containers runs. */
export async function scale(api: DockerApi, stack: string, replicas: Record<string, number>, signal: AbortSignal): Promise<void> {
  const r = await run('docker', ['service', 'scale', '--detach', ...Object.entries(replicas).map(([s, n]) => `${s}=${n}`)], { signal });
  if (r.code !== 0) throw new Error(`docker service scale failed: ${r.stderr.trim()}`);
  const stopping = Object.entries(replicas).filter(([, n]) => n === 0).map(([s]) => s);
  while (stopping.length) {
    const running = await api.list<ContainerSummary>('containers/json', stackFilter(stack));
    if (!running.some((c) => stopping.includes(c.Labels['com.docker.swarm.service.name'] ?? ''))) return;
    await sleep(250, signal);
  }
}

/**
 * What went wrong with a service, from the swarm's own records: the failed container's exit
 * code, OOM flag and last healthcheck output, and the service's last log lines (oldest first).
 * Writes the log tail to `logFile` for the artifact. Fail-open: what cannot be read is a `problem`.
 */
export async function diagnose(api: DockerApi, swarmName: string, containerId: string | undefined, logFile: string, signal?: AbortSignal): Promise<Diagnosis> {
  const diag: Diagnosis = {};
  const problems: string[] = [];
  try {
    const tasks = await api.list<TaskInfo>('tasks', { service: [swarmName] });
    const latest = tasks.filter((t) => t.Status.ContainerStatus?.ContainerID).sort((a, b) => Date.parse(b.CreatedAt) - Date.parse(a.CreatedAt))[0];
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
  const logs = await run('docker', ['service', 'logs', '--raw', '--timestamps', '--tail', String(LOG_TAIL), swarmName], { signal, timeoutMs: 15_000 });
  if (logs.code === 0) {
    // The CLI writes the tasks' stdout and stderr to its own; lines of several tasks arrive
    // interleaved. The timestamps put them all back in order.
    const stamped = `${logs.stdout}\n${logs.stderr}`.split('\n').filter(Boolean).map((l) => ({ at: l.slice(0, l.indexOf(' ')), line: l.slice(l.indexOf(' ') + 1) }));
    const ordered = stamped.map((s, i) => ({ ...s, i })).sort((a, b) => a.at.localeCompare(b.at) || a.i - b.i).map((s) => s.line);
    writeFileSync(logFile, ordered.join('\n') + (ordered.length ? '\n' : ''));
    diag.lines = ordered.slice(-MAX_LAST_LINES);
  } else problems.push(`service logs: ${firstErrorLine(logs)}`);
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
async function stoppedState(api: DockerApi, id: string, owner: TaskInfo | undefined, signal?: AbortSignal): Promise<ContainerState | undefined> {
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
