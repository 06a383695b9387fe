import { assess, listShows, nextDeadline } from './converge';
import type { ConvergeOutcome } from '../types';
import { DockerApi, type ServiceInfo, type TaskInfo } from './docker-api';
import { stackFilter } from './labels';
import { StackEvents, type Clock } from './events';
import { watch, type Step } from './wakeups';
import { OpTimeout } from '../../errors';

const SETTLE_MS = 5000;
const POLL_MS = 400;

export interface WaitOptions {
  since: Date;
  signal: AbortSignal;
  failAfter?: number;
  /** The polling loop's interval: without events, or once the stream is gone. */
  pollMs?: number;
  /** `events` (default): woken by the stack's event stream; `poll`: the polling loop alone (the benchmark compares them). */
  mode?: 'events' | 'poll';
  onProgress?: (detail: string) => void;
  debug?: (message: string) => void;
  clock?: Clock;
}

/**
 * Waits until the stack converges, fails, or the op's time runs out: lists services and tasks and
 * judges them (assess) whenever the stack's event stream says something changed, at the moment a
 * time-based rule would change the verdict, and every few seconds regardless (wakeups.ts).
 */
export async function waitConverged(api: DockerApi, stack: string, opts: WaitOptions): Promise<ConvergeOutcome> {
  let last = 'nothing observed yet';
  // Opened before the first list: what happens in between is replayed.
  const events = opts.mode === 'poll' ? undefined : StackEvents.open(api, stack, { clock: opts.clock });
  const check = async (): Promise<Step<ConvergeOutcome>> => {
    const [services, tasks] = await Promise.all([
      api.list<ServiceInfo>('services', stackFilter(stack), { status: true }),
      api.list<TaskInfo>('tasks', stackFilter(stack)),
    ]);
    const rules = {
      since: opts.since,
      failAfter: opts.failAfter ?? 3,
      now: new Date(opts.clock?.now() ?? Date.now()),
      settleMs: SETTLE_MS,
    };
    const verdict = assess(services, tasks, rules);
    if (verdict.state === 'failed') return { done: { ok: false, failure: verdict.failure } };
    let until: number | undefined;
    if (verdict.state === 'converged') {
      // An event changes this (health_status, die), never a timer.
      const unhealthy = await unhealthyContainer(api, tasks, new Map(services.map((x) => [x.ID, x.Spec.Name])));
      if (!unhealthy) return { done: { ok: true, detail: verdict.detail } };
      last = unhealthy.replaceAll(`${stack}_`, '');
    } else {
      last = verdict.detail.replaceAll(`${stack}_`, '');
      until = nextDeadline(services, tasks, rules);
    }
    opts.onProgress?.(last);
    return { waiting: { caughtUp: (e) => listShows(e, services, tasks), until } };
  };
  try {
    const done = await watch(check, {
      signal: opts.signal,
      events,
      pollMs: opts.pollMs ?? POLL_MS,
      clock: opts.clock,
      debug: opts.debug,
      what: 'convergence',
    });
    if (done) return done;
  } finally {
    events?.close();
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
