import { describe, expect, it } from 'vitest';
import { assess } from '../../src/backends/swarm/converge';
import type { ServiceInfo, TaskInfo } from '../../src/backends/swarm/docker-api';

const since = new Date('2026-01-01T00:00:00Z');
const after = (s: number) => new Date(since.getTime() + s * 1000).toISOString();
const opts = { since, failAfter: 3, now: new Date(since.getTime() + 60_000), settleMs: 5000 };

function service(over: Partial<ServiceInfo> & { image?: string; replicas?: number } = {}): ServiceInfo {
  return {
    ID: 'svc1',
    Spec: {
      Name: 'st_app',
      TaskTemplate: { ContainerSpec: { Image: over.image ?? 'web:2' } },
      Mode: { Replicated: { Replicas: over.replicas ?? 1 } },
    },
    ...over,
  };
}

function task(state: string, over: Partial<TaskInfo> & { image?: string; err?: string; exit?: number; at?: number } = {}): TaskInfo {
  return {
    ID: Math.random().toString(36).slice(2),
    ServiceID: 'svc1',
    CreatedAt: after(over.at ?? 1),
    DesiredState: over.DesiredState ?? (state === 'running' || state === 'starting' ? 'running' : 'shutdown'),
    Status: { State: state, Err: over.err, Timestamp: after(over.at ?? 1), ContainerStatus: { ContainerID: 'c1', ExitCode: over.exit } },
    Spec: { ContainerSpec: { Image: over.image ?? 'web:2' } },
  };
}

describe('assess (convergence from raw states)', () => {
  it('converges when every desired task runs on the spec image', () => {
    expect(assess([service()], [task('running')], opts).state).toBe('converged');
  });

  it('waits while a task is still starting (healthcheck not yet passed)', () => {
    const v = assess([service()], [task('starting')], opts);
    expect(v).toMatchObject({ state: 'waiting' });
    expect(v.state === 'waiting' && v.detail).toContain('st_app 0/1 running (tasks: starting)');
  });

  it('waits until a task without a healthcheck has stayed up for the settle time', () => {
    const justStarted = { ...opts, now: new Date(since.getTime() + 3000) };
    const v = assess([service()], [task('running', { at: 1 })], justStarted);
    expect(v.state === 'waiting' && v.detail).toContain('st_app 1/1 running, settling');
    expect(assess([service()], [task('running', { at: 1 })], { ...justStarted, now: new Date(since.getTime() + 6000) }).state).toBe(
      'converged',
    );
  });

  it('counts a running task with a healthcheck at once: swarm only says running once it is healthy', () => {
    const withHealth = service();
    withHealth.Spec.TaskTemplate.ContainerSpec.Healthcheck = { Test: ['CMD', 'true'] };
    const healthy = { ...task('running', { at: 1 }), Spec: { ContainerSpec: withHealth.Spec.TaskTemplate.ContainerSpec } };
    expect(assess([withHealth], [healthy], { ...opts, now: new Date(since.getTime() + 1500) }).state).toBe('converged');
  });

  it('waits while the running task is of the spec before a deploy that kept the image (swarm has not started the update yet)', () => {
    // Swarm copies the task template into each task; the old task (env A=1) still runs, desired
    // running, with no UpdateStatus yet: it must not pass for the new spec (env A=2).
    const updated = service();
    updated.Spec.TaskTemplate.ContainerSpec = { Image: 'web:2', Env: ['A=2'] } as typeof updated.Spec.TaskTemplate.ContainerSpec;
    const old = { ...task('running', { at: 1 }), Spec: { ContainerSpec: { Image: 'web:2', Env: ['A=1'] } } };
    const late = { ...opts, now: new Date(since.getTime() + 60_000) };
    expect(assess([updated], [old], late)).toEqual({ state: 'waiting', detail: 'st_app 0/1 running (tasks: running)' });
    const fresh = { ...old, Spec: { ContainerSpec: { Image: 'web:2', Env: ['A=2'] } } };
    expect(assess([updated], [fresh], late).state).toBe('converged');
  });

  it('waits while a running task is on an old image', () => {
    expect(assess([service()], [task('running', { image: 'web:1' })], opts).state).toBe('waiting');
  });

  it('waits while an update is in progress even if tasks run', () => {
    expect(assess([service({ UpdateStatus: { State: 'updating' } })], [task('running')], opts).state).toBe('waiting');
  });

  it('fails at once on a rejected task whose image is missing', () => {
    const v = assess([service()], [task('rejected', { err: 'No such image: web:9' })], opts);
    expect(v).toMatchObject({ state: 'failed', failure: { kind: 'image-missing', service: 'st_app', message: 'No such image: web:9' } });
  });

  it('tolerates a couple of failed tasks, then calls it a crash loop with the last error and exit code', () => {
    const two = [
      task('failed', { err: 'task: non-zero exit (3)', exit: 3, at: 1 }),
      task('failed', { err: 'task: non-zero exit (3)', exit: 3, at: 2 }),
      task('starting', { at: 3 }),
    ];
    expect(assess([service()], two, opts).state).toBe('waiting');
    const three = [...two, task('failed', { err: 'task: non-zero exit (3)', exit: 3, at: 4 })];
    expect(assess([service()], three, opts)).toMatchObject({
      state: 'failed',
      failure: { kind: 'task-failed', exitCode: 3, message: '3 tasks failed; last: task: non-zero exit (3)' },
    });
  });

  it('fails on the first task whose error will not go away by restarting (port taken)', () => {
    const v = assess(
      [service()],
      [
        task('failed', { err: 'Error starting userland proxy: listen tcp4 0.0.0.0:80: bind: address already in use', exit: 128 }),
        task('starting', { at: 3 }),
      ],
      opts,
    );
    expect(v).toMatchObject({
      state: 'failed',
      failure: { kind: 'task-failed', message: expect.stringContaining('address already in use') },
    });
  });

  it('fails when a task has waited over 10 s for a node that can run it', () => {
    const pending = (at: number) => ({
      ...task('pending', { at }),
      DesiredState: 'running',
      Status: { State: 'pending', Err: 'no suitable node (host-mode port already in use on 1 node)' },
    });
    expect(assess([service()], [pending(55)], opts).state).toBe('waiting');
    expect(assess([service()], [pending(40)], opts)).toMatchObject({
      state: 'failed',
      failure: { message: 'no suitable node (host-mode port already in use on 1 node)' },
    });
  });

  it('does not hold failures from before this deploy against it', () => {
    const old = [-30, -20, -10].map((s) => task('failed', { err: 'task: non-zero exit (1)', at: s }));
    expect(assess([service()], [...old, task('running', { at: 2 })], opts).state).toBe('converged');
  });

  it.each([
    ['paused', 'update-paused'],
    ['rollback_started', 'rolled-back'],
    ['rollback_completed', 'rolled-back'],
  ])('fails when the update is %s', (state, kind) => {
    const v = assess([service({ UpdateStatus: { State: state, Message: `update ${state}` } })], [task('running')], opts);
    expect(v).toMatchObject({ state: 'failed', failure: { kind, message: `update ${state}` } });
  });

  it('waits when no service exists yet', () => {
    expect(assess([], [], opts).state).toBe('waiting');
  });
});
