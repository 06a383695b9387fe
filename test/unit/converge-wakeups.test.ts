import { describe, expect, it } from 'vitest';
import { assess, listShows, nextDeadline } from '../../src/backends/swarm/converge';
import type { ServiceInfo, TaskInfo } from '../../src/backends/swarm/docker-api';
import type { StackEvent } from '../../src/backends/swarm/events';

/**
 * What an event-driven convergence wait needs from the pure rules: when a time-based rule would
 * change the verdict with no event to say so, and whether a task list already shows what a
 * container event announced.
 */
const t0 = Date.parse('2026-01-01T00:00:00Z');
const iso = (ms: number) => new Date(t0 + ms).toISOString();
const rules = (nowMs: number) => ({ since: new Date(t0), failAfter: 3, now: new Date(t0 + nowMs), settleMs: 5000 });

function service(id: string, healthcheck?: string[]): ServiceInfo {
  return {
    ID: id,
    Spec: {
      Name: `st_${id}`,
      TaskTemplate: { ContainerSpec: { Image: 'web:1', ...(healthcheck ? { Healthcheck: { Test: healthcheck } } : {}) } },
      Mode: { Replicated: { Replicas: 1 } },
    },
  };
}

function task(id: string, serviceId: string, state: string, atMs: number, err?: string): TaskInfo {
  return {
    ID: id,
    ServiceID: serviceId,
    CreatedAt: iso(atMs),
    DesiredState: 'running',
    Status: { State: state, Timestamp: iso(atMs), Err: err },
    Spec: { ContainerSpec: { Image: 'web:1' } },
  };
}

const event = (action: string, taskId = 't1'): StackEvent => ({ type: 'container', action, id: 'c1', name: 'st_a.1.t1', taskId, at: 0 });

describe('nextDeadline', () => {
  it('is when a running task without healthcheck has settled, the soonest of several', () => {
    const plain = service('a');
    const tasks = [task('t1', 'a', 'running', 1000), task('t2', 'a', 'running', 300)];
    expect(nextDeadline([plain], tasks, rules(2000))).toBe(t0 + 5300);
    expect(assess([plain], [tasks[1]!], rules(5299)).state).toBe('waiting');
    expect(assess([plain], [tasks[1]!], rules(5300)).state).toBe('converged');
  });

  it('is when a task pending for a node becomes a failure, just after assess would still wait', () => {
    const svc = service('a', ['CMD', 'true']);
    const pending = task('t1', 'a', 'pending', 0, 'no suitable node (scheduling constraints not satisfied)');
    const at = nextDeadline([svc], [pending], rules(1000))!;
    expect(at).toBe(t0 + 10_001);
    expect(assess([svc], [pending], rules(10_000)).state).toBe('waiting');
    expect(assess([svc], [pending], rules(at - t0))).toMatchObject({ state: 'failed', failure: { kind: 'task-failed' } });
  });

  it('is none with a healthcheck (its events wake the wait), for a pending task of another cause, or once passed', () => {
    const checked = service('a', ['CMD', 'true']);
    expect(nextDeadline([checked], [task('t1', 'a', 'running', 0)], rules(100))).toBeUndefined();
    expect(nextDeadline([service('b', ['NONE'])], [task('t1', 'b', 'running', 0)], rules(100))).toBe(t0 + 5000);
    expect(nextDeadline([checked], [task('t1', 'a', 'pending', 0, 'no such image')], rules(100))).toBeUndefined();
    expect(nextDeadline([service('a')], [task('t1', 'a', 'running', 0)], rules(6000))).toBeUndefined();
    expect(nextDeadline([service('a')], [task('t1', 'x', 'running', 0)], rules(100))).toBeUndefined(); // not its service's
  });
});

describe('listShows', () => {
  const plain = service('a');
  const checked = service('a', ['CMD', 'true']);

  it('a start of a task without healthcheck: shown once the task runs (or is past running)', () => {
    expect(listShows(event('start'), [plain], [task('t1', 'a', 'starting', 0)])).toBe(false);
    expect(listShows(event('start'), [plain], [task('t1', 'a', 'running', 0)])).toBe(true);
    expect(listShows(event('start'), [plain], [task('t1', 'a', 'failed', 0)])).toBe(true);
  });

  it('a start with a healthcheck announces nothing yet; healthy does, the task running', () => {
    expect(listShows(event('start'), [checked], [task('t1', 'a', 'starting', 0)])).toBe(true);
    expect(listShows(event('health_status: healthy'), [checked], [task('t1', 'a', 'starting', 0)])).toBe(false);
    expect(listShows(event('health_status: healthy'), [checked], [task('t1', 'a', 'running', 0)])).toBe(true);
  });

  it('a die or oom: shown once the task no longer runs', () => {
    for (const action of ['die', 'oom']) {
      expect(listShows(event(action), [plain], [task('t1', 'a', 'running', 0)])).toBe(false);
      expect(listShows(event(action), [plain], [task('t1', 'a', 'starting', 0)])).toBe(false);
      expect(listShows(event(action), [plain], [task('t1', 'a', 'failed', 0)])).toBe(true);
    }
  });

  it('nothing to wait for: other events, a task not listed, a service not listed', () => {
    expect(listShows(event('destroy'), [plain], [task('t1', 'a', 'running', 0)])).toBe(true);
    expect(listShows(event('health_status: unhealthy'), [plain], [task('t1', 'a', 'running', 0)])).toBe(true);
    expect(listShows(event('start', 'gone'), [plain], [task('t1', 'a', 'starting', 0)])).toBe(true);
    expect(listShows(event('start'), [], [task('t1', 'a', 'starting', 0)])).toBe(true);
  });
});
