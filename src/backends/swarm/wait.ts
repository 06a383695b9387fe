import { assess } from './converge';
import type { ConvergeOutcome } from '../types';
import { DockerApi, type ServiceInfo, type TaskInfo } from './docker-api';
import { stackFilter } from './labels';
import { sleep } from '../../util/time';
import { OpTimeout } from '../../errors';

const SETTLE_MS = 5000;

export interface WaitOptions {
  since: Date;
  signal: AbortSignal;
  failAfter?: number;
  pollMs?: number;
  onProgress?: (detail: string) => void;
}

/** Polls the Engine API until the stack converges, fails, or the op's time runs out. */
export async function waitConverged(api: DockerApi, stack: string, opts: WaitOptions): Promise<ConvergeOutcome> {
  let last = 'nothing observed yet';
  while (!opts.signal.aborted) {
    const [services, tasks] = await Promise.all([
      api.list<ServiceInfo>('services', stackFilter(stack), { status: true }),
      api.list<TaskInfo>('tasks', stackFilter(stack)),
    ]);
    const verdict = assess(services, tasks, { since: opts.since, failAfter: opts.failAfter ?? 3, now: new Date(), settleMs: SETTLE_MS });
    if (verdict.state === 'failed') return { ok: false, failure: verdict.failure };
    if (verdict.state === 'converged') {
      const unhealthy = await unhealthyContainer(api, tasks, new Map(services.map((x) => [x.ID, x.Spec.Name])));
      if (!unhealthy) return { ok: true, detail: verdict.detail };
      last = unhealthy.replaceAll(`${stack}_`, '');
    } else last = verdict.detail.replaceAll(`${stack}_`, '');
    opts.onProgress?.(last);
    await sleep(opts.pollMs ?? 400, opts.signal).catch(() => undefined);
  }
  if (opts.signal.reason instanceof OpTimeout) {
    return {
      ok: false,
      failure: { kind: 'timeout', service: serviceOf(last), message: `${opts.signal.reason.message} waiting for convergence: ${last}` },
    };
  }
  throw opts.signal.reason;
}

/** Swarm marks a task running once its first healthcheck passed; this confirms it is still healthy. */
async function unhealthyContainer(api: DockerApi, tasks: TaskInfo[], names: Map<string, string>): Promise<string | undefined> {
  const running = tasks.filter((t) => t.DesiredState === 'running' && t.Status.ContainerStatus?.ContainerID);
  for (const t of running) {
    const c = await api.call<{ State: { Health?: { Status: string } } }>(
      'GET',
      `/containers/${t.Status.ContainerStatus!.ContainerID}/json`,
      { ok404: true },
    );
    const health = c?.State.Health?.Status;
    if (health && health !== 'healthy')
      return `${names.get(t.ServiceID) ?? 'a service'} running, but container ${t.Status.ContainerStatus!.ContainerID!.slice(0, 12)} is ${health}`;
  }
  return undefined;
}

function serviceOf(detail: string): string {
  return /^(\S+) (\d+\/\d+|running)/.exec(detail)?.[1] ?? '';
}
