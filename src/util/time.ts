import { waitingOn } from './waits';

/** The abort reason of an op that ran out of time (as opposed to an interrupted run). */
export class OpTimeout extends Error {
  /** `limit`: which limit ran out, when it is not the op's own (e.g. abra's deploy wait). */
  constructor(
    readonly seconds: number,
    limit?: string,
  ) {
    super(`timed out after ${seconds}s${limit ? ` (${limit})` : ''}`);
    this.name = 'OpTimeout';
  }
}

/** Sleeps between polls of Docker or the app; counted as waiting (util/waits.ts). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return waitingOn(pause(ms, signal));
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
