import { run } from '../../util/exec';
import { sleep } from '../../util/time';
import { DockerApi, type ContainerSummary, type ServiceInfo, type TaskInfo } from './docker-api';
import { stackFilter } from './labels';
import type { DeployedService } from '../../recipe/backupbot';

export async function deployedServices(api: DockerApi, stack: string): Promise<DeployedService[]> {
  const services = await api.list<ServiceInfo>('services', stackFilter(stack));
  return services.map((s) => ({
    name: s.Spec.Name.startsWith(`${stack}_`) ? s.Spec.Name.slice(stack.length + 1) : s.Spec.Name,
    swarmName: s.Spec.Name,
    image: s.Spec.TaskTemplate.ContainerSpec.Image,
    labels: s.Spec.Labels ?? {},
    mounts: (s.Spec.TaskTemplate.ContainerSpec.Mounts ?? []).filter((m) => m.Type === 'volume' && m.Source).map((m) => ({ volume: m.Source!, target: m.Target })),
    replicas: s.Spec.Mode.Replicated ? (s.Spec.Mode.Replicated.Replicas ?? 1) : null,
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
