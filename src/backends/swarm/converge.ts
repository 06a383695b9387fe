import type { ConvergeFailure } from '../types';
import type { ServiceInfo, TaskInfo } from './docker-api';

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
    const image = svc.Spec.TaskTemplate.ContainerSpec.Image;
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
    const stuck = own.find(
      (t) =>
        t.Status.State === 'pending' &&
        /no suitable node/.test(t.Status.Err ?? '') &&
        opts.now.getTime() - Date.parse(t.CreatedAt) > UNSCHEDULABLE_MS,
    );
    if (stuck) return { state: 'failed', failure: { kind: 'task-failed', service: name, message: stuck.Status.Err!, ...fromTask(stuck) } };
    if (latest && recentFailures.length >= opts.failAfter) {
      const message = `${recentFailures.length} tasks failed; last: ${latest.Status.Err ?? latest.Status.State}`;
      return { state: 'failed', failure: { kind: 'task-failed', service: name, message, ...fromTask(latest) } };
    }

    const desired = svc.Spec.Mode.Replicated ? (svc.Spec.Mode.Replicated.Replicas ?? 1) : (svc.ServiceStatus?.DesiredTasks ?? 1);
    const live = own.filter((t) => t.DesiredState === 'running');
    const running = live.filter((t) => t.Status.State === 'running' && t.Spec.ContainerSpec?.Image === image);
    const updating = update !== undefined && update !== 'completed';
    const health = svc.Spec.TaskTemplate.ContainerSpec.Healthcheck?.Test;
    const settled = (t: TaskInfo) =>
      (health && health[0] !== 'NONE') || opts.now.getTime() - Date.parse(t.Status.Timestamp ?? t.CreatedAt) >= opts.settleMs;
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
