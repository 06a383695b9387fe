import type { RunEvents } from './events';
import { thrown, type OpContext, type OpOutcome, type OpOutputs, type Operation } from '../operations/operation';
import { OP_NAMES, type Autopsy, type OpName, type OpResult } from '../report/schema';

import { linkedSignal } from '../util/signals';
import { waitedMs } from '../util/waits';
import { Interrupted, OpTimeout } from '../errors';

export interface OrchestratorOptions {
  /** Ops to run; run in the canonical order whatever order they were given in. */
  selected: readonly OpName[];
  timeoutSeconds: (op: OpName) => number;
  /** Aborted (with an Interrupted reason) when the whole run is cancelled. */
  runSignal: AbortSignal;
  events: RunEvents;
  /** The context of one op: `from` holds what the ops before it handed on. */
  context: (op: OpName, signal: AbortSignal, from: Readonly<Partial<OpOutputs>>) => OpContext;
  /** The autopsy of a failed op (fail-open: it never throws). */
  autopsy?: (op: OpName, outcome: OpOutcome) => Promise<Autopsy>;
  /** Called with the results so far after each op, so a crash leaves partial results. */
  onProgress?: (results: OpResult[]) => void;
}

/**
 * Runs the selected ops in order against the one deployment. Each gets its own timeout; an op
 * whose prerequisite failed is `blocked` (reported, never silently dropped).
 */
export async function runOps(registry: readonly Operation[], opts: OrchestratorOptions): Promise<OpResult[]> {
  const results: OpResult[] = [];
  const outputs: Partial<OpOutputs> = {};
  /** Records an op's result, saves the partial results, then tells the front end (in that order). */
  const record = (
    op: OpName,
    outcome: OpOutcome,
    durationMs: number,
    status: OpResult['status'] = outcome.status,
    autopsy: Autopsy | null = null,
  ) => {
    const result: OpResult = {
      op,
      status,
      reason: outcome.reason,
      durationMs,
      assertions: outcome.assertions,
      autopsy,
      ...(outcome.hops ? { hops: outcome.hops } : {}),
    };
    results.push(result);
    opts.onProgress?.(results);
    opts.events.opFinished(result);
  };
  const statusOf = (op: OpName) => results.find((r) => r.op === op)?.status;
  for (const name of OP_NAMES) {
    if (!opts.selected.includes(name)) continue;
    const op = registry.find((o) => o.name === name);
    if (!op) throw new Error(`no operation registered for ${name}`);
    const blocker = op.needs.find((n) => statusOf(n) === 'fail' || statusOf(n) === 'blocked');
    if (opts.runSignal.aborted) {
      record(name, { status: 'skip', reason: 'not run: the run was interrupted', assertions: [] }, 0, 'skip');
      continue;
    }
    if (blocker) {
      record(
        name,
        { status: 'skip', reason: `${blocker} ${statusOf(blocker) === 'fail' ? 'failed' : 'was blocked'}`, assertions: [] },
        0,
        'blocked',
      );
      continue;
    }
    const seconds = opts.timeoutSeconds(name);
    const { signal, dispose } = linkedSignal([opts.runSignal], seconds * 1000, () => new OpTimeout(seconds));
    const held = op.blockedBy?.(opts.context(name, signal, outputs));
    if (held) {
      dispose();
      record(name, { status: 'skip', reason: held.reason, assertions: held.assertions }, 0, 'blocked');
      continue;
    }
    opts.events.opStarted(name);
    opts.events.debug(`${name}: time limit ${seconds}s`);
    const started = Date.now();
    const waitedBefore = waitedMs();
    let outcome: OpOutcome;
    try {
      outcome = await op.run(opts.context(name, signal, { ...outputs }));
      Object.assign(outputs, outcome.output);
    } catch (e) {
      outcome = thrown(e, signal);
    } finally {
      dispose();
    }
    if (outcome.status === 'fail' && signal.aborted && signal.reason instanceof Interrupted)
      outcome = interruptedOp(signal.reason, outcome);
    const durationMs = Date.now() - started;
    opts.events.debug(
      `${name}: ${outcome.status} after ${durationMs} ms, ${waitedMs() - waitedBefore} ms of them waiting on Docker and the app`,
    );
    const autopsy = outcome.status === 'fail' && opts.autopsy ? await opts.autopsy(name, outcome) : null;
    record(name, outcome, durationMs, outcome.status, autopsy);
  }
  return results;
}

/**
 * An op that returned a failure after the run was interrupted failed from the interrupt: what the
 * stop killed (a backupbot pre-hook's exec, say) reads as failing on its own, but the verdict, hint
 * and autopsy are the interrupt's. The op's own words stay. (Not so for its time limit: an op that
 * decides at its deadline, as the serving check does, has the more exact reason.)
 */
function interruptedOp(stop: Interrupted, outcome: OpOutcome): OpOutcome {
  if (outcome.failure?.reason === 'interrupted') return outcome;
  return {
    ...outcome,
    reason: `${stop.message}; ${outcome.reason}`,
    failure: { reason: 'interrupted', event: stop.message, ...(outcome.failure?.lines ? { lines: outcome.failure.lines } : {}) },
  };
}
