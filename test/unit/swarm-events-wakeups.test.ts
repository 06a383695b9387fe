import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { StackEvents, stackEventFilters, type StackEvent } from '../../src/backends/swarm/events';
import { IDLE_MS, watch, type Step, type Waiting } from '../../src/backends/swarm/wakeups';
import { routedApi } from '../support/fake-docker-api';
import { FakeClock, settle } from '../support/fake-clock';

/**
 * The stack's event stream and the wake-up logic on a fake event source and a fake clock: when a
 * wait looks again (at once on an event, quickly while the task list lags one, at a deadline,
 * when idle), and how it falls back to polling when the stream is gone.
 */
const line = (type: string, action: string, name: string, taskId?: string, timeNano = 1_500_000_000) =>
  `${JSON.stringify({
    Type: type,
    Action: action,
    Actor: { ID: 'x', Attributes: { name, ...(taskId ? { 'com.docker.swarm.task.id': taskId } : {}) } },
    timeNano,
  })}\n`;

function feed(clock = new FakeClock()) {
  const source = new PassThrough();
  const signals: AbortSignal[] = [];
  const events = new StackEvents(
    async (signal) => {
      signals.push(signal);
      return source;
    },
    'st',
    clock,
  );
  return { source, events, clock, signals };
}

describe('StackEvents', () => {
  it('asks the daemon for the stack-named containers, services and networks, since a moment before, with no idle limit', async () => {
    const { api, requests } = routedApi(() => new PassThrough());
    const events = StackEvents.open(api, 'st', { since: new Date(1_700_000_000_123) });
    await settle();
    expect(requests).toEqual([
      {
        method: 'GET',
        path: '/events',
        arg: expect.objectContaining({ query: { since: '1700000000.123', filters: JSON.stringify(stackEventFilters('st')) }, idleMs: 0 }),
      },
    ]);
    expect(stackEventFilters('st')).toEqual({
      type: ['container', 'service', 'network'],
      event: ['start', 'die', 'oom', 'stop', 'health_status', 'destroy', 'create', 'update', 'remove'],
      container: ['st_'],
      service: ['st_'],
      network: ['st_'],
    });
    expect(events.live).toBe(true);
    events.close();
  });

  it('reads events split anywhere across chunks, keeps only names of its stack, skips what is not JSON', async () => {
    const { source, events } = feed();
    await settle();
    const text =
      line('container', 'start', 'st_app.1.abc', 'abc', 2_000_500_000) +
      'not json\n\n' +
      line('container', 'start', 'st_x_app.1.def', 'def') + // a longer stack's: the daemon's prefix filter lets it through
      line('service', 'update', 'other_app') +
      '{}\n' + // no actor, no name: not this stack's
      '{"Actor":{"Attributes":{"name":"st_bare"}}}\n' +
      line('network', 'destroy', 'st_default');
    source.write(text.slice(0, 17));
    source.write(text.slice(17, 150));
    source.write(text.slice(150));
    await settle();
    const got = await events.next(0);
    expect(got).toEqual<StackEvent[]>([
      { type: 'container', action: 'start', id: 'x', name: 'st_app.1.abc', taskId: 'abc', at: 2000.5 },
      { type: 'container', action: 'start', id: 'x', name: 'st_x_app.1.def', taskId: 'def', at: 1500 },
      { type: '', action: '', id: '', name: 'st_bare', taskId: undefined, at: 0 },
      { type: 'network', action: 'destroy', id: 'x', name: 'st_default', taskId: undefined, at: 1500 },
    ]);
    expect(await events.next(0)).toEqual([]);
    events.close();
  });

  it('next: at once with what is queued, at the timer with nothing, early when the stream ends or the signal aborts', async () => {
    const { source, events, clock } = feed();
    await settle();
    source.write(line('container', 'die', 'st_app.1.a', 'a'));
    await settle();
    expect(await events.next(1000)).toHaveLength(1);

    const timed = events.next(1000);
    await clock.advance(999);
    let done = false;
    void timed.then(() => (done = true));
    await settle();
    expect(done).toBe(false);
    await clock.advance(1);
    expect(await timed).toEqual([]);

    const ctrl = new AbortController();
    const aborted = events.next(1000, ctrl.signal);
    await settle();
    ctrl.abort(new Error('stop'));
    expect(await aborted).toEqual([]);
    expect(clock.pending).toEqual([]); // its timer is gone

    const ended = events.next(60_000);
    await settle();
    source.end();
    source.destroy();
    expect(await ended).toEqual([]);
    expect(events.live).toBe(false);
    expect(events.ended).toBe('ended');
    expect(await events.next(60_000)).toEqual([]); // a gone stream never waits
  });

  it('a stream that fails or cannot be opened says why; a throw before the request is the same', async () => {
    const broken = feed();
    await settle();
    broken.source.destroy(new Error('socket hang up'));
    await settle();
    expect(broken.events.ended).toBe('failed (socket hang up)');

    const refused = new StackEvents(() => Promise.reject(new Error('cannot reach the Docker daemon')), 'st');
    await settle();
    expect(refused.ended).toBe('could not be opened (cannot reach the Docker daemon)');

    const thrown = new StackEvents(() => {
      throw new Error('no endpoint');
    }, 'st');
    await settle();
    expect(thrown.ended).toBe('could not be opened (no endpoint)');

    const junk = new StackEvents(async () => ({}) as PassThrough, 'st'); // not a stream: cannot be read
    await settle();
    expect(junk.ended).toMatch(/^could not be opened \(.*setEncoding is not a function\)$/);
  });

  it('close ends the request and destroys the stream at once, also one that arrives later', async () => {
    const { source, events, signals } = feed();
    await settle();
    events.close();
    expect(signals[0]!.aborted).toBe(true);
    expect(source.destroyed).toBe(true);
    expect(events.ended).toBe('closed');

    let late!: (s: PassThrough) => void;
    const stream = new PassThrough();
    const pending = new StackEvents(() => new Promise((r) => (late = r)), 'st');
    pending.close();
    late(stream);
    await settle();
    expect(stream.destroyed).toBe(true);
  });
});

/** A check that records when it looked and answers from `next` (waiting unless told). */
function checker(clock: FakeClock, answer: () => Step<string> = () => ({ waiting: {} })) {
  const at: number[] = [];
  return {
    at,
    check: async () => {
      at.push(clock.now());
      return answer();
    },
  };
}

describe('watch', () => {
  it('looks again the moment an event comes, and takes a burst that arrived while it looked together', async () => {
    const { source, events, clock } = feed();
    let release!: () => void;
    const { at, check } = checker(clock);
    let slow = false;
    const ctrl = new AbortController();
    const looking = watch(
      async () => {
        const answer = await check();
        if (slow) await new Promise<void>((r) => (release = r));
        return answer;
      },
      { events, pollMs: 400, clock, signal: ctrl.signal },
    );
    await settle();
    expect(at).toEqual([0]);
    await clock.advance(5);
    slow = true;
    source.write(line('container', 'start', 'st_app.1.a'));
    await settle();
    expect(at).toEqual([0, 5]); // no time passed: woken by the event
    for (const n of [1, 2, 3]) source.write(line('container', 'destroy', `st_app.${n}.b`));
    await settle();
    slow = false;
    release();
    await settle();
    expect(at).toEqual([0, 5, 5]); // three events, one more look
    await clock.advance(IDLE_MS - 1);
    expect(at).toHaveLength(3);
    await clock.advance(1);
    expect(at).toEqual([0, 5, 5, IDLE_MS + 5]); // nothing for a while: a look anyway
    ctrl.abort(new Error('stop'));
    expect(await looking).toBeUndefined();
  });

  it('re-lists every 10 ms while the list lags an event, then rests; at most for 500 ms', async () => {
    const { source, events, clock } = feed();
    let shown = false;
    const { at, check } = checker(clock, () => ({ waiting: { caughtUp: (e) => e.taskId !== 'a' || shown } }));
    const debug: string[] = [];
    const ctrl = new AbortController();
    const looking = watch(check, { events, pollMs: 400, clock, signal: ctrl.signal, debug: (m) => debug.push(m), what: 'convergence' });
    await settle();
    source.write(line('container', 'start', 'st_app.1.a', 'a'));
    await settle();
    await clock.advance(30);
    expect(at).toEqual([0, 0, 10, 20, 30]);
    shown = true;
    await clock.advance(10);
    expect(at).toEqual([0, 0, 10, 20, 30, 40]);
    await clock.advance(100);
    expect(at).toHaveLength(6); // caught up: resting until the next event or IDLE_MS

    shown = false;
    source.write(line('container', 'die', 'st_app.1.a', 'a'));
    await settle();
    await clock.advance(1000);
    const fast = at.filter((t) => t >= 140);
    expect(fast[0]).toBe(140);
    expect(fast.at(-1)).toBe(640); // gave up catching up 500 ms after the event
    expect(fast).toHaveLength(51);
    ctrl.abort(new Error('stop'));
    expect(await looking).toBeUndefined();
    expect(debug).toEqual([
      'convergence: stopped after 57 looks (2 event, 54 catch-up, 0 deadline, 0 idle, 0 poll); the last one: catch-up',
    ]);
  });

  it('an event whose check has no caughtUp (teardown) wakes one look, no catching up', async () => {
    const { source, events, clock } = feed();
    const { at, check } = checker(clock);
    const ctrl = new AbortController();
    const looking = watch(check, { events, pollMs: 400, clock, signal: ctrl.signal });
    await settle();
    source.write(line('container', 'destroy', 'st_app.1.a', 'a'));
    await clock.advance(100);
    expect(at).toEqual([0, 0]);
    ctrl.abort(new Error('stop'));
    await looking;
  });

  it('looks at the deadline check gives (a settle time), and returns what check is done with', async () => {
    const { events, clock } = feed();
    const waiting: Waiting = { until: 1234 };
    const { at, check } = checker(clock, () => (clock.now() >= 1234 ? { done: 'converged' } : { waiting }));
    const debug: string[] = [];
    const looking = watch(check, { events, pollMs: 400, clock, debug: (m) => debug.push(m), what: 'convergence' });
    await clock.advance(1234);
    expect(await looking).toBe('converged');
    expect(at).toEqual([0, 1234]);
    expect(debug).toEqual(['convergence: done after 2 looks (0 event, 0 catch-up, 1 deadline, 0 idle, 0 poll); the last one: deadline']);
  });

  it('when the stream ends mid-wait: one debug line, then the polling loop for the rest of the wait', async () => {
    const { source, events, clock } = feed();
    const { at, check } = checker(clock, () => (clock.now() >= 3000 ? { done: 'ok' } : { waiting: {} }));
    const debug: string[] = [];
    const looking = watch(check, { events, pollMs: 400, clock, debug: (m) => debug.push(m), what: 'convergence' });
    await clock.advance(100);
    source.destroy(); // cut: 'close' without 'end'
    await clock.advance(3200);
    expect(await looking).toBe('ok');
    expect(at).toEqual([0, 100, 500, 900, 1300, 1700, 2100, 2500, 2900, 3300]);
    expect(debug).toEqual([
      'event stream ended: polling every 400 ms for the rest of this wait',
      'convergence: done after 10 looks (0 event, 0 catch-up, 0 deadline, 0 idle, 9 poll); the last one: poll',
    ]);
  });

  it('without a stream it is the polling loop, quietly; a deadline ends it with nothing', async () => {
    const clock = new FakeClock();
    const { at, check } = checker(clock);
    const debug: string[] = [];
    const looking = watch(check, { pollMs: 250, clock, deadline: 600, debug: (m) => debug.push(m), what: 'containers gone' });
    await clock.advance(1000);
    expect(await looking).toBeUndefined();
    expect(at).toEqual([0, 250, 500]);
    expect(debug).toEqual(['containers gone: gave up after 3 looks (0 event, 0 catch-up, 0 deadline, 0 idle, 2 poll); the last one: poll']);
  });

  it('an already aborted signal: no look at all', async () => {
    const { events, clock } = feed();
    const { at, check } = checker(clock);
    const debug: string[] = [];
    expect(
      await watch(check, { events, pollMs: 400, clock, signal: AbortSignal.abort(), debug: (m) => debug.push(m), what: 'x' }),
    ).toBeUndefined();
    expect(at).toEqual([]);
    expect(debug).toEqual(['x: stopped after 0 looks (0 event, 0 catch-up, 0 deadline, 0 idle, 0 poll); the last one: none']);
  });

  it('returns at once when the signal aborts during a wait for events, without a look more', async () => {
    const { events, clock } = feed();
    const { at, check } = checker(clock);
    const ctrl = new AbortController();
    const looking = watch(check, { events, pollMs: 400, clock, signal: ctrl.signal });
    await settle();
    ctrl.abort(new Error('op timed out'));
    expect(await looking).toBeUndefined();
    expect(at).toEqual([0]);
    expect(clock.pending).toEqual([]);
  });
});
