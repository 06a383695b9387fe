import type { App } from '../recipe/app';
import type { Backend } from '../backends/backend';
import type { Assertion, FailureReason, OpName } from '../report/schema';
import type { Deployment } from './deployment';
import type { Prepared } from './prepare';
import type { Snapshot, Witness } from '../operations/snapshot';

/** What one op leaves for the next ones (backup's snapshot for restore). */
export interface RunState {
  snapshot?: Snapshot;
  witness?: Witness;
}

/** What an operation may use: the one app and its backend, and the engine's guarded actions. */
export interface OpContext {
  op: OpName;
  app: App;
  prepared: Prepared;
  backend: Backend;
  deployment: Deployment;
  state: RunState;
  /** False when config.yml's skip-generic names this op: its generic assertions are not run. */
  generic: boolean;
  /** Aborted when the op's time is up (reason OpTimeout) or the run is interrupted (reason Interrupted). */
  signal: AbortSignal;
  progress(detail: string): void;
}

/** What an op found; the orchestrator adds timing and turns it into an OpResult. */
export interface OpOutcome {
  status: 'pass' | 'fail' | 'skip';
  reason: string;
  assertions: Assertion[];
  /** Machine-readable cause of a failure, for the autopsy. */
  failure?: { reason: FailureReason; service?: string; exitCode?: number; containerId?: string; event?: string; lines?: string[] };
}

export interface Operation {
  name: OpName;
  /** Ops that must not have failed first; if one failed or was blocked, this op is blocked. */
  needs: OpName[];
  /** A reason the op cannot run at all, checked before its hooks (e.g. a spec the swarm refuses). */
  blockedBy?(ctx: OpContext): { reason: string; assertions: Assertion[] } | null;
  run(ctx: OpContext): Promise<OpOutcome>;
}

export const pass = (reason: string, assertions: Assertion[]): OpOutcome => ({ status: 'pass', reason, assertions });
export const skip = (reason: string, assertions: Assertion[] = []): OpOutcome => ({ status: 'skip', reason, assertions });
export const fail = (reason: string, assertions: Assertion[], failure?: OpOutcome['failure']): OpOutcome => ({ status: 'fail', reason, assertions, failure });
