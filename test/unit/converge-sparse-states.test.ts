import { describe, expect, it } from 'vitest';
import { assess } from '../../src/backends/swarm/converge';
import type { ServiceInfo, TaskInfo } from '../../src/backends/swarm/docker-api';

// The Engine API leaves fields out: a task without an error, a service without replicas, a
// global service, an update without a message. assess must still decide, and say why in words
// taken from the states themselves.

const since = new Date('2026-01-01T00:00:00Z');
const after = (s: number) => new Date(since.getTime() + s * 1000).toISOString();
const opts = { since, failAfter: 3, now: new Date(since.getTime() + 60_000), settleMs: 5000 };

function service(mode: ServiceInfo['Spec']['Mode'], over: Partial<ServiceInfo> = {}): ServiceInfo {
  return {
    ID: 'svc1',
    Spec: { Name: 'st_app', TaskTemplate: { ContainerSpec: { Image: 'web:2' } }, Mode: mode },
    ...over,
  };
}
const replicated = (over: Partial<ServiceInfo> = {}) => service({ Replicated: { Replicas: 1 } }, over);

let seq = 0;
/** A task exactly as given: no error, timestamp or container unless asked for. */
function task(state: string, at: number, status: Partial<TaskInfo['Status']> = {}, desired?: string): TaskInfo {
  return {
    ID: `t${++seq}`,
    ServiceID: 'svc1',
    CreatedAt: after(at),
    DesiredState: desired ?? (state === 'running' || state === 'starting' ? 'running' : 'shutdown'),
    Status: { State: state, ...status },
    Spec: { ContainerSpec: { Image: 'web:2' } },
  };
}

describe('assess when the Engine API leaves fields out', () => {
  it.each([
    ['paused', 'update-paused'],
    ['rollback_paused', 'update-paused'],
    ['rollback_started', 'rolled-back'],
  ])('names an update that is %s by its state when swarm gave no message', (state, kind) => {
    const v = assess([replicated({ UpdateStatus: { State: state } })], [task('running', 1)], opts);
    expect(v).toEqual({
      state: 'failed',
      failure: { kind, service: 'st_app', message: state, taskError: undefined, exitCode: undefined, containerId: undefined },
    });
  });

  it('blames an update failure on the latest failed task of this deploy, with its error, exit code and container', () => {
    const tasks = [
      task('failed', 1, { Err: 'older', ContainerStatus: { ContainerID: 'c-old', ExitCode: 1 } }),
      task('failed', 5, { Err: 'newest', ContainerStatus: { ContainerID: 'c-new', ExitCode: 7 } }),
    ];
    const v = assess([replicated({ UpdateStatus: { State: 'paused', Message: 'update paused due to failure' } })], tasks, opts);
    expect(v).toEqual({
      state: 'failed',
      failure: {
        kind: 'update-paused',
        service: 'st_app',
        message: 'update paused due to failure',
        taskError: 'newest',
        exitCode: 7,
        containerId: 'c-new',
      },
    });
  });

  it('fails on a rejected task without an error as a task failure named by its state, not as a missing image', () => {
    const v = assess([replicated()], [task('rejected', 1, { ContainerStatus: { ContainerID: '' } })], opts);
    // An empty container id means none: it is left out rather than reported as ''.
    expect(v).toEqual({
      state: 'failed',
      failure: {
        kind: 'task-failed',
        service: 'st_app',
        message: 'rejected',
        taskError: undefined,
        exitCode: undefined,
        containerId: undefined,
      },
    });
  });

  it('does not take a failed task without an error for a hopeless one: a couple are tolerated', () => {
    const v = assess([replicated()], [task('failed', 1), task('failed', 2), task('starting', 3)], opts);
    expect(v).toEqual({ state: 'waiting', detail: 'st_app 0/1 running (tasks: starting; last failure: failed)' });
  });

  it('calls errorless failures a crash loop once there are enough, naming the last by its state', () => {
    const v = assess(
      [replicated()],
      [task('failed', 1), task('failed', 2), task('failed', 3, { ContainerStatus: { ExitCode: 137 } })],
      opts,
    );
    expect(v).toMatchObject({ state: 'failed', failure: { kind: 'task-failed', message: '3 tasks failed; last: failed', exitCode: 137 } });
  });

  it('takes one task as the desired count of a replicated service whose spec gives no replica count', () => {
    const svc = service({ Replicated: {} });
    expect(assess([svc], [task('running', 1)], opts)).toEqual({ state: 'converged', detail: '1/1 services running on their spec image' });
    const v = assess([svc], [task('running', 1), task('running', 2)], opts);
    expect(v).toEqual({ state: 'waiting', detail: 'st_app 2/1 running (tasks: running)' });
  });

  it('takes the desired count of a global service from its service status', () => {
    const svc = service({ Global: {} }, { ServiceStatus: { RunningTasks: 1, DesiredTasks: 2 } });
    expect(assess([svc], [task('running', 1)], opts)).toEqual({ state: 'waiting', detail: 'st_app 1/2 running (tasks: running)' });
    expect(assess([svc], [task('running', 1), task('running', 2)], opts).state).toBe('converged');
  });

  it('takes one task as the desired count of a global service that has no service status yet', () => {
    const svc = service({ Global: {} });
    expect(assess([svc], [task('running', 1)], opts).state).toBe('converged');
    expect(assess([svc], [], opts)).toEqual({ state: 'waiting', detail: 'st_app 0/1 running (tasks: none)' });
  });

  it('times the settle period from the task creation when the task status has no timestamp', () => {
    const svc = replicated();
    // Created 1 s after `since`; without a status timestamp that is when it started running.
    const early = { ...opts, now: new Date(since.getTime() + 4000) };
    expect(assess([svc], [task('running', 1)], early)).toEqual({
      state: 'waiting',
      detail: 'st_app 1/1 running, settling (no healthcheck: must stay up 5s)',
    });
    expect(assess([svc], [task('running', 1)], { ...opts, now: new Date(since.getTime() + 6000) }).state).toBe('converged');
  });

  it('waits on a task pending without an error however long: only "no suitable node" makes it unschedulable', () => {
    const v = assess([replicated()], [task('pending', 1, {}, 'running')], opts);
    expect(v).toEqual({ state: 'waiting', detail: 'st_app 0/1 running (tasks: pending)' });
  });

  it('treats a healthcheck of NONE (one disabled in the image) as none: the task must settle', () => {
    const svc = replicated();
    svc.Spec.TaskTemplate.ContainerSpec.Healthcheck = { Test: ['NONE'] };
    const early = { ...opts, now: new Date(since.getTime() + 2000) };
    // Each task a copy of the service's template, as swarm makes them.
    const running = () => ({
      ...task('running', 1, { Timestamp: after(1) }),
      Spec: { ContainerSpec: { ...svc.Spec.TaskTemplate.ContainerSpec } },
    });
    expect(assess([svc], [running()], early).state).toBe('waiting');
    svc.Spec.TaskTemplate.ContainerSpec.Healthcheck = { Test: ['CMD', 'true'] };
    expect(assess([svc], [running()], early).state).toBe('converged');
  });
});
