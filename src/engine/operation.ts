import type { App } from '../recipe/app';
import type { Backend } from '../backends/backend';
import type { Assertion, FailureReason, OpName } from '../report/schema';
import type { RunEvents } from './events';

/** What an operation may use: the one app and its backend, and the engine's guarded actions. */
export interface OpContext {
  app: App;
  backend: Backend;
  events: RunEvents;
  /** Aborted when the op's time is up (reason OpTimeout) or the run is interrupted (reason Interrupted). */
  signal: AbortSignal;
  progress(detail: string): void;
  /** The single counted deploy of the run. Resolves with the time the deploy was issued. */
  deployApp(): Promise<Date>;
}

/** What an op found; the orchestrator adds timing and turns it into an OpResult. */
export interface OpOutcome {
  status: 'pass' | 'fail' | 'skip';
  reason: string;
  assertions: Assertion[];
  /** Machine-readable cause of a failure, for the autopsy. */
  failure?: { reason: FailureReason; service?: string; exitCode?: number; containerId?: string; event?: string };
}

export interface Operation {
  name: OpName;
  /** Ops that must have passed (or been skipped) first; if one failed, this op is blocked. */
  needs: OpName[];
  run(ctx: OpContext): Promise<OpOutcome>;
}

export const pass = (reason: string, assertions: Assertion[]): OpOutcome => ({ status: 'pass', reason, assertions });
export const skip = (reason: string, assertions: Assertion[] = []): OpOutcome => ({ status: 'skip', reason, assertions });
export const fail = (reason: string, assertions: Assertion[], failure?: OpOutcome['failure']): OpOutcome => ({ status: 'fail', reason, assertions, failure });
