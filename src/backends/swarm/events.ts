import type { Readable } from 'node:stream';
import type { DockerApi, Filters } from './docker-api';
import { sleep } from '../../util/time';
import { waitingOn } from '../../util/waits';
import { errorMessage } from '../../errors';

/**
 * One stack's Engine API event stream (`GET /events`), used only to wake a wait up: what an event
 * says is never believed, the wait lists services, tasks and containers again and judges from that.
 *
 * What the daemon sends, as checked in moby's source and on the test bed (docker.io 20.10.24, API
 * 1.41, `docker events` while deploying, upgrading and removing a two-service stack):
 * - Swarm *task* state changes emit no event (moby#37403, still open): a task reaching running
 *   shows up as its container's `start` (no healthcheck) or `health_status: healthy` event, and
 *   the task list catches up later. The manager's dispatcher writes task states in batches every
 *   100 ms (swarmkit manager/dispatcher/dispatcher.go maxBatchInterval), so a wait re-lists
 *   quickly for a while after such an event (wakeups.ts).
 * - Container events carry the container's labels (com.docker.stack.namespace among them) and its
 *   name, `<stack>_<service>.<slot>.<task id>`, plus com.docker.swarm.task.id (daemon/events.go
 *   LogContainerEventWithAttributes). Service, network, secret and config events of the swarm
 *   carry only `name` (and `updatestate.*`, `replicas.*`, `image.*` on a service update:
 *   logServiceEvent), never labels, so a `label` filter, which applies to every event type, would
 *   drop them all.
 * - Filters of different keys are ANDed, values of one key ORed (daemon/events/filter.go
 *   Include). `container`, `service` and `network` match an event's actor ID or name *as a prefix*
 *   (fuzzyMatchName, filters.FuzzyMatch), whatever the event's type. So `<stack>_` under all
 *   three keys keeps exactly the events of things named after the stack, and still does if a
 *   later engine applies each key to its own type only.
 * - The daemon answers and flushes its headers before it subscribes (api/server/router/system
 *   getEvents); `since` replays what it buffered from then, so a stream opened just before the
 *   first list misses nothing.
 * - Health checks run as execs: every probe emits exec_create/exec_start/exec_die, hence the
 *   `event` filter. `health_status` in it matches `health_status: healthy` and `: unhealthy`
 *   (filter.go matchEvent fuzzy-matches it).
 */
const ACTIONS = ['start', 'die', 'oom', 'stop', 'health_status', 'destroy', 'create', 'update', 'remove'];
const TYPES = ['container', 'service', 'network'];

/** The daemon-side filter for one stack's containers, services and networks. */
export function stackEventFilters(stack: string): Filters {
  const prefix = [`${stack}_`];
  return { type: TYPES, event: ACTIONS, container: prefix, service: prefix, network: prefix };
}

export interface StackEvent {
  type: string;
  action: string;
  /** The actor's ID and name: a container's, service's or network's. */
  id: string;
  name: string;
  /** The swarm task a container event is about. */
  taskId?: string;
  /** When the daemon logged it (Unix ms, with fractions). */
  at: number;
}

/** Time as the waits see it; unit tests pass a fake one. */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const systemClock: Clock = { now: () => Date.now(), sleep: (ms, signal) => sleep(ms, signal) };

/** How far back a stream opened for a wait replays: covers what happened while it was being opened. */
const REPLAY_MS = 1000;

/** Where a stream comes from: the Engine API, or a test's stand-in. */
export type OpenStream = (signal: AbortSignal) => Promise<Readable>;

export class StackEvents {
  private queue: StackEvent[] = [];
  private wake?: () => void;
  private rest = '';
  private readonly ctrl = new AbortController();
  private source?: Readable;
  /** Why the stream is gone (undefined while it is live). */
  ended?: string;

  /**
   * Opens the stream at once and without waiting for the daemon's answer: `since` (a moment before
   * the caller's first list; by default a second before now) makes the daemon replay what
   * happened in between.
   */
  static open(api: DockerApi, stack: string, o: { since?: Date; clock?: Clock } = {}): StackEvents {
    const clock = o.clock ?? systemClock;
    const since = o.since ?? new Date(clock.now() - REPLAY_MS);
    return new StackEvents(
      (signal) =>
        api.stream('GET', '/events', {
          query: { since: (since.getTime() / 1000).toFixed(3), filters: JSON.stringify(stackEventFilters(stack)) },
          signal,
          idleMs: 0, // an idle stack sends nothing for minutes
        }),
      stack,
      clock,
    );
  }

  constructor(
    open: OpenStream,
    private readonly stack: string,
    private readonly clock: Clock = systemClock,
  ) {
    let opened: Promise<Readable>;
    try {
      opened = open(this.ctrl.signal);
    } catch (e) {
      opened = Promise.reject(e);
    }
    opened.then((s) => this.attach(s)).catch((e: unknown) => this.end(`could not be opened (${errorMessage(e)})`));
  }

  get live(): boolean {
    return this.ended === undefined;
  }

  /**
   * The events that arrived since the last call. Waits up to `ms` for the first one when none is
   * waiting; returns early (maybe with none) when the stream ends or `signal` aborts.
   */
  async next(ms: number, signal?: AbortSignal): Promise<StackEvent[]> {
    if (!this.queue.length && this.live && ms > 0 && !signal?.aborted) {
      const stop = new AbortController();
      const onAbort = () => stop.abort();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.wake = onAbort;
      try {
        await waitingOn(this.clock.sleep(ms, stop.signal).catch(() => undefined));
      } finally {
        signal?.removeEventListener('abort', onAbort);
        this.wake = undefined;
        stop.abort(); // the timer, when an event came first
      }
    }
    return this.queue.splice(0);
  }

  /** Ends the request: the socket is destroyed now, not when the daemon next writes. */
  close(): void {
    this.end('closed');
    this.ctrl.abort(new Error('event stream closed'));
    this.source?.destroy();
  }

  private attach(source: Readable): void {
    if (this.ended) {
      source.destroy();
      return;
    }
    source.setEncoding('utf8'); // a character split between chunks stays whole
    this.source = source;
    source.on('data', (c: string) => this.take(c));
    source.on('error', (e: Error) => this.end(`failed (${e.message})`));
    source.on('close', () => this.end('ended'));
  }

  /** The daemon writes one JSON object per line (json.Encoder). */
  private take(text: string): void {
    const lines = (this.rest + text).split('\n');
    this.rest = lines.pop()!; // split gives one string at least
    for (const line of lines) {
      const e = parseEvent(line);
      // The daemon's prefix filter also keeps `<stack>_x_…`, another stack's; a wake-up too many costs one list.
      if (e && e.name.startsWith(`${this.stack}_`)) this.queue.push(e);
    }
    if (this.queue.length) this.wake?.();
  }

  private end(why: string): void {
    this.ended ??= why;
    this.wake?.();
  }
}

interface RawEvent {
  Type?: string;
  Action?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  timeNano?: number;
}

function parseEvent(line: string): StackEvent | undefined {
  if (!line.trim()) return undefined;
  let raw: RawEvent;
  try {
    raw = JSON.parse(line) as RawEvent;
  } catch {
    return undefined; // not an event: nothing to wake for
  }
  const attrs = raw.Actor?.Attributes ?? {};
  return {
    type: raw.Type ?? '',
    action: raw.Action ?? '',
    id: raw.Actor?.ID ?? '',
    name: attrs.name ?? '',
    taskId: attrs['com.docker.swarm.task.id'] || undefined,
    at: (raw.timeNano ?? 0) / 1e6,
  };
}
