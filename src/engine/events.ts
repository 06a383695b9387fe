import type { OpName, OpResult } from '../report/schema';

/** How the engine tells its front end (CLI or action) what is happening. */
export interface RunEvents {
  info(message: string): void;
  warn(message: string): void;
  /**
   * Only for debugging a run (resolved paths, limits, time spent waiting on Docker): the action
   * sends it to the step's debug log (shown when step debug logging is on), the CLI prints it with
   * CCCI_DEBUG set.
   */
  debug(message: string): void;
  /** A generated secret: never printed, masked in logs. */
  mask(secret: string): void;
  opStarted(op: OpName): void;
  opProgress(op: OpName, detail: string): void;
  opFinished(result: OpResult): void;
}

export const silentEvents: RunEvents = {
  info: () => {},
  warn: () => {},
  debug: () => {},
  mask: () => {},
  opStarted: () => {},
  opProgress: () => {},
  opFinished: () => {},
};
