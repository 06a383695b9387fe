import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BackendKind, RunOwner, RunRecord, RunRegistry } from '../backends/backend';
import { errorMessage } from '../errors';
import { readManifest } from './manifest';
import { currentOwner, liveness } from './owner';

/** A run on another host whose heartbeat is older than this is taken for dead (20 missed beats). */
export const DEFAULT_STALE_SECONDS = 600;

export interface ReapSettings {
  /** Seconds without a heartbeat after which a run cc-ci cannot check directly is dead. */
  staleSeconds: number;
  /** The backend kind named in a record (records of every backend share the host). */
  kindOf: (name: string) => BackendKind;
  /** This process's state root: a reaped run's state dir under it goes too. */
  stateRoot: string;
}

export type Judgement = { reap: boolean; why: string };

/**
 * Whether a recorded run is gone: kept apps never are (their run chose to keep them); a run this
 * host can check is gone when its process is; any other run when its heartbeat stopped. A live
 * run's stack is never reaped, however old its heartbeat.
 */
export function judge(rec: RunRecord, staleSeconds: number, now = new Date(), self: RunOwner = currentOwner(), live = liveness): Judgement {
  if (rec.state === 'kept') return { reap: false, why: `kept on purpose; remove it with cc-ci teardown ${rec.stack}` };
  const l = live(rec.owner, self);
  if (l.alive !== undefined) return { reap: !l.alive, why: l.why };
  const silent = Math.round((now.getTime() - rec.heartbeat.getTime()) / 1000);
  return silent > staleSeconds
    ? { reap: true, why: `${l.why}, no heartbeat for ${silent} s` }
    : { reap: false, why: `${l.why}, alive ${silent} s ago` };
}

export interface ReapOutcome {
  stack: string;
  why: string;
  /** reaped: torn down and forgotten; would: a dry run's; left: teardown left objects; spared: alive or kept. */
  action: 'reaped' | 'would' | 'left' | 'spared';
  leftovers: string[];
}

/** Judges every recorded run on the host and tears down the dead ones (or, dry, says which). */
export async function reapRuns(registry: RunRegistry, s: ReapSettings, dryRun = false): Promise<ReapOutcome[]> {
  const out: ReapOutcome[] = [];
  for (const rec of await registry.list()) {
    const j = judge(rec, s.staleSeconds);
    if (!j.reap || dryRun) {
      out.push({ stack: rec.stack, why: j.why, action: j.reap ? 'would' : 'spared', leftovers: [] });
      continue;
    }
    out.push(await reapOne(registry, rec, j.why, s));
  }
  return out;
}

async function reapOne(registry: RunRegistry, rec: RunRecord, why: string, s: ReapSettings): Promise<ReapOutcome> {
  const ownDir = join(s.stateRoot, rec.stack);
  // The dead run's own state (abra's app dir) when it ran from this state root; never a path the
  // record names: anyone who can label a service could name one.
  const mine = readManifestQuietly(join(ownDir, 'manifest.json'))?.stack === rec.stack;
  const stateDir = mine ? ownDir : mkdtempSync(join(tmpdir(), 'cc-ci-reap-'));
  let done = false;
  try {
    const report = await s.kindOf(rec.backend).forApp({ stack: rec.stack, domain: rec.domain, stateDir }).teardown();
    if (report.leftovers.length)
      return {
        stack: rec.stack,
        why: `${why}; ${report.problems[0] ?? 'teardown incomplete'}`,
        action: 'left',
        leftovers: report.leftovers,
      };
    await registry.forget(rec.stack);
    done = true;
    return { stack: rec.stack, why, action: 'reaped', leftovers: [] };
  } catch (e) {
    return { stack: rec.stack, why: `${why}; ${errorMessage(e)}`, action: 'left', leftovers: [] };
  } finally {
    // The run's own state stays while anything of it is left: the next reap needs it.
    if (done || !mine) rmSync(stateDir, { recursive: true, force: true });
  }
}

function readManifestQuietly(path: string) {
  try {
    return readManifest(path);
  } catch {
    return undefined;
  }
}

/** One line per outcome, as the CLI and the pre step print them. */
export function describeOutcome(o: ReapOutcome): string {
  const verb = { reaped: 'reaped', would: 'would reap', left: 'could not fully reap', spared: 'left alone' }[o.action];
  return `${verb} stack ${o.stack}: ${o.why}${o.leftovers.length ? ` (left: ${o.leftovers.join(', ')})` : ''}`;
}

/** What an automatic reap before a run says: the runs it reaped or could not (live ones are not news). */
export function reapLines(outcomes: ReapOutcome[]): string[] {
  return outcomes.filter((o) => o.action === 'reaped' || o.action === 'left').map(describeOutcome);
}
