/**
 * Wall time spent waiting on Docker (CLI calls, Engine API calls, poll sleeps), counted once
 * however many waits overlap. A run's duration minus this is cc-ci's own overhead (bench/).
 */
let inFlight = 0;
let since = 0;
let total = 0;

export async function waitingOn<T>(work: Promise<T>): Promise<T> {
  if (inFlight++ === 0) since = performance.now();
  try {
    return await work;
  } finally {
    if (--inFlight === 0) total += performance.now() - since;
  }
}

export function waitedMs(): number {
  return Math.round(total + (inFlight > 0 ? performance.now() - since : 0));
}
