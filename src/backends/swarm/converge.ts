import type { ConvergeFailure } from '../types';
import type { ServiceInfo, TaskInfo } from './docker-api';
import type { StackEvent } from './events';

export type Assessment =
  { state: 'converged'; detail: string } | { state: 'waiting'; detail: string } | { state: 'failed'; failure: ConvergeFailure };

export interface AssessOptions {
  /** Tasks created before this are history of an earlier deploy and are not held against this one. */
  since: Date;
  /** Failed tasks of one service (since `since`) that make a crash loop rather than a hiccup. */
  failAfter: number;
  now: Date;
  /**
   * How long a task of a service without a healthcheck must have been running to count: a
   * container that exits right after starting is "running" for an instant. (With a healthcheck,
   * swarm only reports running after the first probe passed.) Docker's update monitor uses 5 s.
   */
  settleMs: number;
}

const TERMINAL = new Set(['failed', 'rejected']);
/** Task errors that will not go away by restarting: fail on the first one. */
const HOPELESS = /no such image|manifest unknown|pull access denied|address already in use|port is already allocated/i;
/** How long a task may wait for a node that can run it before that counts as a failure. */
const UNSCHEDULABLE_MS = 10_000;

/**
 * Decides from raw service and task states (never humanised strings) whether a stack has
 * converged: every service runs its desired number of tasks, all in state running (which for a
 * service with a healthcheck means its first probe passed), all on the spec's image, and no update
 * in flight. Fails fast on a missing image, a crash loop, or an update that paused or rolled back.
 */
export function assess(services: ServiceInfo[], tasks: TaskInfo[], opts: AssessOptions): Assessment {
  if (services.length === 0) return { state: 'waiting', detail: 'no services yet' };
  const waiting: string[] = [];
  for (const svc of services) {
    const name = svc.Spec.Name;
    const update = svc.UpdateStatus?.State;
    const own = tasks.filter((t) => t.ServiceID === svc.ID);
    const recentFailures = own
      .filter((t) => TERMINAL.has(t.Status.State) && new Date(t.CreatedAt) >= opts.since)
      .sort((a, b) => Date.parse(b.CreatedAt) - Date.parse(a.CreatedAt));
    const latest = recentFailures[0];
    const fromTask = (t: TaskInfo | undefined) => ({
      taskError: t?.Status.Err,
      exitCode: t?.Status.ContainerStatus?.ExitCode,
      containerId: t?.Status.ContainerStatus?.ContainerID || undefined,
    });

    if (update === 'paused' || update === 'rollback_paused') {
      return {
        state: 'failed',
        failure: { kind: 'update-paused', service: name, message: svc.UpdateStatus?.Message ?? update, ...fromTask(latest) },
      };
    }
    if (update === 'rollback_started' || update === 'rollback_completed') {
      return {
        state: 'failed',
        failure: { kind: 'rolled-back', service: name, message: svc.UpdateStatus?.Message ?? update, ...fromTask(latest) },
      };
    }
    const hopeless = recentFailures.find((t) => t.Status.State === 'rejected' || HOPELESS.test(t.Status.Err ?? ''));
    if (hopeless) {
      const kind = /no such image|manifest unknown|pull access denied/i.test(hopeless.Status.Err ?? '') ? 'image-missing' : 'task-failed';
      return {
        state: 'failed',
        failure: { kind, service: name, message: hopeless.Status.Err ?? hopeless.Status.State, ...fromTask(hopeless) },
      };
    }
    const stuck = own.find((t) => opts.now.getTime() > (unschedulableAt(t) ?? Infinity));
    if (stuck) return { state: 'failed', failure: { kind: 'task-failed', service: name, message: stuck.Status.Err!, ...fromTask(stuck) } };
    if (latest && recentFailures.length >= opts.failAfter) {
      const message = `${recentFailures.length} tasks failed; last: ${latest.Status.Err ?? latest.Status.State}`;
      return { state: 'failed', failure: { kind: 'task-failed', service: name, message, ...fromTask(latest) } };
    }

    const desired = svc.Spec.Mode.Replicated ? (svc.Spec.Mode.Replicated.Replicas ?? 1) : (svc.ServiceStatus?.DesiredTasks ?? 1);
    const live = own.filter((t) => t.DesiredState === 'running');
    // The spec includes the image: a task on an old image is of an old spec.
    const running = live.filter((t) => t.Status.State === 'running' && ofCurrentSpec(t, svc));
    const updating = update !== undefined && update !== 'completed';
    const settled = (t: TaskInfo) => healthchecked(svc) || opts.now.getTime() >= settlesAt(t, opts.settleMs);
    if (running.length !== desired || live.length !== desired || updating) {
      const states = [...new Set(live.map((t) => t.Status.State))].join(',') || 'none';
      const why = latest ? `; last failure: ${latest.Status.Err ?? latest.Status.State}` : '';
      waiting.push(`${name} ${running.length}/${desired} running (tasks: ${states}${updating ? `, update ${update}` : ''}${why})`);
    } else if (!running.every(settled)) {
      waiting.push(`${name} ${running.length}/${desired} running, settling (no healthcheck: must stay up ${opts.settleMs / 1000}s)`);
    }
  }
  if (waiting.length) return { state: 'waiting', detail: waiting.join('; ') };
  return { state: 'converged', detail: `${services.length}/${services.length} services running on their spec image` };
}

/**
 * The first moment after `now` at which assess's time-based rules could change its verdict with
 * nothing else changing: a task of a service without healthcheck has run for `settleMs`, or a
 * pending task has waited too long for a node. No event marks either, so an event-driven wait
 * sets a timer for it.
 */
export function nextDeadline(services: ServiceInfo[], tasks: TaskInfo[], opts: AssessOptions): number | undefined {
  const times: number[] = [];
  for (const svc of services) {
    for (const t of tasks.filter((x) => x.ServiceID === svc.ID)) {
      if (!healthchecked(svc) && t.DesiredState === 'running' && t.Status.State === 'running') times.push(settlesAt(t, opts.settleMs));
      const gaveUp = unschedulableAt(t);
      if (gaveUp !== undefined) times.push(gaveUp + 1); // assess fails it strictly after
    }
  }
  const ahead = times.filter((t) => t > opts.now.getTime());
  return ahead.length ? Math.min(...ahead) : undefined;
}

/** Task states on the way to running (swarmkit api/types.proto TaskState, in order). */
const BEFORE_RUNNING = new Set(['new', 'pending', 'assigned', 'accepted', 'preparing', 'ready', 'starting']);

/**
 * Whether tasks listed after a container event already show what the event announced (the list
 * lags container events by up to a dispatcher batch): after `start` of a service without
 * healthcheck, or `health_status: healthy`, the task running; after `die` or `oom`, the task no
 * longer running. A start with a healthcheck announces nothing yet (the probe's event will); nor
 * does any other event, or one about a task not listed.
 */
export function listShows(event: StackEvent, services: ServiceInfo[], tasks: TaskInfo[]): boolean {
  const task = tasks.find((t) => t.ID === event.taskId);
  if (!task) return true;
  const state = task.Status.State;
  const svc = services.find((x) => x.ID === task.ServiceID);
  if (event.action === 'start' && svc && !healthchecked(svc)) return !BEFORE_RUNNING.has(state);
  if (event.action === 'health_status: healthy') return !BEFORE_RUNNING.has(state);
  if (event.action === 'die' || event.action === 'oom') return state !== 'running' && !BEFORE_RUNNING.has(state);
  return true;
}

/** With a healthcheck, swarm reports a task running only after its first probe passed. */
function healthchecked(svc: ServiceInfo): boolean {
  const test = svc.Spec.TaskTemplate.ContainerSpec.Healthcheck?.Test;
  return Boolean(test && test[0] !== 'NONE');
}

/** When a running task of a service without healthcheck counts as settled. */
function settlesAt(t: TaskInfo, settleMs: number): number {
  return Date.parse(t.Status.Timestamp ?? t.CreatedAt) + settleMs;
}

/** For a task pending for want of a node: when that becomes a failure. */
function unschedulableAt(t: TaskInfo): number | undefined {
  if (t.Status.State !== 'pending' || !/no suitable node/.test(t.Status.Err ?? '')) return undefined;
  return Date.parse(t.CreatedAt) + UNSCHEDULABLE_MS;
}

/**
 * Whether a task was made from the service's current container spec. Right after a deploy changes
 * a service, before swarm sets its UpdateStatus or marks the old task for shutdown, the old task
 * still runs with desired state running; with the image unchanged (a new env value, command or
 * config) it would pass for the new one, and a broken upgrade would look converged. The task's
 * spec is a copy of the service's task template at creation (swarmkit's orchestrator), and the
 * daemon marshals both from the same type, so their JSON compares (seen on the test bed: the old
 * task differs, the new one is equal).
 */
function ofCurrentSpec(t: TaskInfo, svc: ServiceInfo): boolean {
  return JSON.stringify(t.Spec.ContainerSpec) === JSON.stringify(svc.Spec.TaskTemplate.ContainerSpec);
}
