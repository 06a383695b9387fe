import type { Clock } from '../../src/backends/swarm/events';

/**
 * A clock whose time moves only when a test says so: `sleep` waits for `advance` (or its signal),
 * so an event-driven wait's every look can be placed in time exactly.
 */
export class FakeClock implements Clock {
  t = 0;
  private timers: { at: number; fire: () => void }[] = [];

  now(): number {
    return this.t;
  }

  sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const timer = { at: this.t + ms, fire: resolve };
      this.timers.push(timer);
      signal.addEventListener(
        'abort',
        () => {
          this.timers = this.timers.filter((x) => x !== timer);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }

  /** The times sleepers are waiting for, soonest first. */
  get pending(): number[] {
    return this.timers.map((x) => x.at).sort((a, b) => a - b);
  }

  /** Moves time on by `ms`, firing each timer due on the way (and letting what it wakes run). */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await settle();
      const due = this.timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.t = Math.max(this.t, due.at);
      this.timers = this.timers.filter((x) => x !== due);
      due.fire();
    }
    this.t = end;
    await settle();
  }
}

/** Lets every promise that can move on do so (a few turns of the event loop). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}
