import { systemClock, type Clock, type StackEvent, type StackEvents } from './events';

/**
 * With a live stream and nothing to catch up on, how long a wait sleeps before it looks again
 * anyway: for changes that emit no event (a task refused before it has a container, one pending
 * for a node, a missed event).
 */
export const IDLE_MS = 2000;
/**
 * After a container event, the task list lags it: the manager writes agents' task states in
 * 100 ms batches (events.ts). The wait re-lists this often...
 */
const CATCH_UP_MS = 10;
/** ...until the list shows what the event announced, or for at most this long. */
const CATCH_UP_FOR_MS = 500;

export interface Waiting {
  /**
   * Whether the list just read already shows what an event announced (a task running after its
   * container started): until it does, the wait lists again every few milliseconds. Without it,
   * an event is acted on once.
   */
  caughtUp?: (event: StackEvent) => boolean;
  /** When (ms) the verdict may change with no event to say so: a settle or scheduling deadline. */
  until?: number;
}

export type Step<T> = { done: T } | { waiting: Waiting };

export interface WatchOptions {
  signal?: AbortSignal;
  /** The stack's event stream. Without one, or once it is gone, the wait polls every `pollMs`. */
  events?: StackEvents;
  pollMs: number;
  /** Time (ms) at which the wait gives up. */
  deadline?: number;
  idleMs?: number;
  clock?: Clock;
  debug?: (message: string) => void;
  /** What is waited for, for the debug line that counts the looks and what woke each. */
  what?: string;
}

/** Why a look was taken: an event, catching up after one, a deadline, nothing for a while, the polling loop. */
export type Wake = 'start' | 'event' | 'catch-up' | 'deadline' | 'idle' | 'poll';
const WAKES: Wake[] = ['event', 'catch-up', 'deadline', 'idle', 'poll'];

/**
 * Runs `check` until it is done: again at once on each batch of events (the first event of a
 * burst wakes it, the rest arrive while it lists and are taken together), quickly while the list
 * lags an event, at the deadline `check` gives, and every `idleMs` regardless. When the stream
 * fails or ends, the rest of the wait is the polling loop. Undefined when the signal aborted or
 * the deadline passed.
 */
export async function watch<T>(check: () => Promise<Step<T>>, o: WatchOptions): Promise<T | undefined> {
  const clock = o.clock ?? systemClock;
  const signal = o.signal ?? new AbortController().signal;
  let lagging: { event: StackEvent; until: number }[] = [];
  const looks: Wake[] = [];
  let why: Wake = 'start';
  let told = false;
  const summary = (ending: string) => {
    const by = WAKES.map((w) => `${looks.filter((x) => x === w).length} ${w}`).join(', ');
    if (o.what) o.debug?.(`${o.what}: ${ending} after ${looks.length} looks (${by}); the last one: ${looks.at(-1) ?? 'none'}`);
  };
  while (!signal.aborted && (o.deadline === undefined || clock.now() < o.deadline)) {
    looks.push(why);
    const step = await check();
    if ('done' in step) {
      summary('done');
      return step.done;
    }
    const { caughtUp, until } = step.waiting;
    const now = clock.now();
    lagging = caughtUp ? lagging.filter((l) => now < l.until && !caughtUp(l.event)) : [];
    const events = o.events?.live ? o.events : undefined;
    if (o.events && !events && !told) {
      told = true;
      o.debug?.(`event stream ${o.events.ended}: polling every ${o.pollMs} ms for the rest of this wait`);
    }
    let delay = !events ? o.pollMs : lagging.length ? CATCH_UP_MS : (o.idleMs ?? IDLE_MS);
    why = !events ? 'poll' : lagging.length ? 'catch-up' : 'idle';
    for (const t of [until, o.deadline]) {
      if (t !== undefined && t - now < delay) {
        delay = Math.max(0, t - now);
        why = 'deadline';
      }
    }
    if (!events) {
      await clock.sleep(delay, signal).catch(() => undefined);
      continue;
    }
    const batch = await events.next(delay, signal);
    if (batch.length) why = 'event';
    else if (!events.live) why = 'poll'; // woken by the stream's end
    const at = clock.now();
    for (const event of batch) lagging.push({ event, until: at + CATCH_UP_FOR_MS });
  }
  summary(signal.aborted ? 'stopped' : 'gave up');
  return undefined;
}
