import { waitingOn } from './waits';

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
