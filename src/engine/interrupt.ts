import { Interrupted } from '../errors';

/**
 * Turns the first SIGINT or SIGTERM into an abort (reason Interrupted), so the run stops its
 * current op and still tears down; later signals only call `onSignal` (the teardown is under way).
 */
export function abortOnSignals(onSignal: (sig: NodeJS.Signals, first: boolean) => void = () => {}): {
  signal: AbortSignal;
  dispose: () => void;
} {
  const abort = new AbortController();
  const handler = (sig: NodeJS.Signals) => {
    onSignal(sig, !abort.signal.aborted);
    if (!abort.signal.aborted) abort.abort(new Interrupted(sig));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: abort.signal,
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}

const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

/** The CLI's exit code after an interrupt: 128 + the signal's number, as a shell reports it. */
export function signalExitCode(reason: unknown): number {
  return (reason instanceof Interrupted && SIGNAL_EXIT[reason.signal]) || 130;
}
