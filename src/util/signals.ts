/**
 * A signal that aborts when any parent does, or after `ms` with `timeoutReason`. Built by hand
 * rather than with AbortSignal.any(AbortSignal.timeout()): Node holds the sources of any() weakly,
 * and a collected timeout signal never fires (an op then waited out its whole timeout).
 * An undefined parent (an optional signal) is no parent.
 */
export function linkedSignal(
  given: readonly (AbortSignal | undefined)[],
  ms?: number,
  timeoutReason?: () => unknown,
): { signal: AbortSignal; dispose: () => void } {
  const parents = given.filter((p): p is AbortSignal => p !== undefined);
  const ctrl = new AbortController();
  const onAbort = (e: Event) => ctrl.abort((e.target as AbortSignal).reason);
  for (const p of parents) {
    if (p.aborted) ctrl.abort(p.reason);
    else p.addEventListener('abort', onAbort, { once: true });
  }
  const timer =
    ms === undefined
      ? undefined
      : setTimeout(() => ctrl.abort(timeoutReason ? timeoutReason() : new Error(`timed out after ${ms} ms`)), ms);
  return {
    signal: ctrl.signal,
    dispose() {
      if (timer) clearTimeout(timer);
      for (const p of parents) p.removeEventListener('abort', onAbort);
    },
  };
}
