import type { OpName, OpResult } from '../report/schema';

/** How the engine tells its front end (CLI or action) what is happening. */
export interface RunEvents {
  info(message: string): void;
  warn(message: string): void;
  /** A generated secret: never printed, masked in logs. */
  mask(secret: string): void;
  opStarted(op: OpName): void;
  opProgress(op: OpName, detail: string): void;
  opFinished(result: OpResult): void;
}

export const silentEvents: RunEvents = {
  info: () => {},
  warn: () => {},
  mask: () => {},
  opStarted: () => {},
  opProgress: () => {},
  opFinished: () => {},
};
