import type { Backend } from '../backends/backend';
import type { App } from '../recipe/app';
import type { OpFailure } from '../report/autopsy';
import type { Assertion, OpName, UpgradeHop } from '../report/schema';
import type { DeployPlan } from '../recipe/deploy-plan';
import type { Finding } from '../lint';
import type { Overlays } from '../overlays/overlays';
import type { Recipe } from '../recipe/recipe';
import type { ReleaseTag } from '../recipe/releases';
import type { Snapshot, Witness } from './snapshot';
import { Interrupted, OpTimeout, errorMessage } from '../errors';

/** The facts of the run an op reads, all settled before anything was deployed (engine/prepare.ts). */
export interface RunFacts {
  /** Head's checkout. */
  head: Recipe;
  /**
   * The releases the upgrade passes through, oldest first: the base the deploy starts from, then
   * each later one (a chain). Empty when there is no upgrade (and `noBaseReason` says why).
   */
  path: PathRelease[];
  noBaseReason: string;
  /** What head intends: its compose files with its own .env.sample and the config's env. */
  headPlan: DeployPlan;
  /** Lint findings on head's files. */
  findings: Finding[];
  overlays: Overlays;
  /** The run's private directory (snapshots, logs). */
  stateDir: string;
}

/** A release on the upgrade path: its files, and what it intends (its compose files with its own .env.sample and the config's env). */
export interface PathRelease {
  release: ReleaseTag;
  tree: Recipe;
  intended: DeployPlan;
}

/** One in-place move of the live deployment: from a release to the next one on the path, or to head. */
export interface Hop {
  since: Date;
  plan: DeployPlan;
  /** Keys the target's .env.sample has that the app env file lacked (added, as abra's upgrade prompts for them). */
  addedKeys: string[];
}

/** The run's guarded deploys: the one counted deploy, and the in-place upgrades along the path to head. */
export interface Deploys {
  /** The plan deployed now (null until the deploy). */
  readonly current: DeployPlan | null;
  /** Resolves with the time the deploy was issued (task history before it is not this deploy's). */
  deploy(signal: AbortSignal): Promise<Date>;
  /** Moves the deployment one hop: to the next release on the path, or to head after the last. */
  upgrade(signal: AbortSignal): Promise<Hop>;
}

/** What an op hands to the ops after it, typed per op (the orchestrator carries them). */
export interface OpOutputs {
  /** cc-ci's snapshot, its witness, and the backup tool's own backup when the backend has a tool. */
  backup: { snapshot: Snapshot; witness?: Witness; tool?: { label: string; id: string } };
}

/** What an operation may use: the one app, its backend, the run's facts and the guarded deploys. */
export interface OpContext {
  op: OpName;
  app: App;
  facts: RunFacts;
  backend: Backend;
  deploys: Deploys;
  /** Outputs of the ops that ran before this one. */
  from: Readonly<Partial<OpOutputs>>;
  /** False when config.yml's skip-generic names this op: its generic assertions are not run. */
  generic: boolean;
  /** Aborted when the op's time is up (reason OpTimeout) or the run is interrupted (reason Interrupted). */
  signal: AbortSignal;
  progress(detail: string): void;
  /** Generated secrets out of a line of output cc-ci writes to a file (a hook's or test's log). */
  redact: (line: Buffer) => Buffer;
}

/** What an op found; the orchestrator adds timing and turns it into an OpResult. */
export interface OpOutcome {
  status: 'pass' | 'fail' | 'skip';
  reason: string;
  assertions: Assertion[];
  /** Machine-readable cause of a failure, for the autopsy. */
  failure?: OpFailure;
  /** What the next ops get from this one (whatever the status: restore reads a failed backup's nothing). */
  output?: Partial<OpOutputs>;
  /** The upgrade op's hops. */
  hops?: UpgradeHop[];
}

export interface Operation {
  name: OpName;
  /** Ops that must not have failed first; if one failed or was blocked, this op is blocked. */
  needs: OpName[];
  /** A reason the op cannot run at all, checked before its hooks (e.g. a spec the swarm refuses). */
  blockedBy?(ctx: OpContext): { reason: string; assertions: Assertion[] } | null;
  run(ctx: OpContext): Promise<OpOutcome>;
}

export const pass = (reason: string, assertions: Assertion[], output?: Partial<OpOutputs>): OpOutcome => ({
  status: 'pass',
  reason,
  assertions,
  ...(output ? { output } : {}),
});
export const skip = (reason: string, assertions: Assertion[] = []): OpOutcome => ({ status: 'skip', reason, assertions });
export const fail = (reason: string, assertions: Assertion[], failure?: OpOutcome['failure']): OpOutcome => ({
  status: 'fail',
  reason,
  assertions,
  failure,
});

/**
 * The outcome of an op that threw: stopped by its time limit or an interrupt (the signal's reason
 * says which, whatever the throw was), or an error nothing expected.
 */
export function thrown(e: unknown, signal: AbortSignal): OpOutcome {
  const cause: unknown = signal.aborted ? signal.reason : e;
  const reason = cause instanceof OpTimeout ? 'timeout' : cause instanceof Interrupted ? 'interrupted' : 'unknown';
  return {
    status: 'fail',
    reason: cause instanceof Interrupted || cause instanceof OpTimeout ? cause.message : errorMessage(e),
    assertions: [],
    failure: { reason },
  };
}
