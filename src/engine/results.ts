import type { Prepared } from './prepare';
import { SCHEMA_ID, type OpResult, type Results, type Teardown } from '../report/schema';

/** The one rule for a run's verdict: an op that failed, or could not run because of a failure, fails the run. */
export const failing = (op: Pick<OpResult, 'status'>): boolean => op.status === 'fail' || op.status === 'blocked';

/** What the results need besides the ops and the teardown, fixed once the run started. */
export interface RunRecord {
  prepared: Prepared;
  backend: Results['backend'];
  startedAt: Date;
  deployCount: () => number;
  dockerWaitMs: () => number;
}

/** The results document (results.json), unredacted: the caller masks generated secrets. */
export function buildResults(run: RunRecord, ops: OpResult[], teardown: Teardown): Results {
  const { app, path, headPlan, git, overlays, hostReach } = run.prepared;
  const base = path[0]?.release;
  return {
    schema: SCHEMA_ID,
    recipe: app.recipe.name,
    backend: run.backend,
    domain: app.domain,
    stack: app.stack,
    base: base ? { version: base.tag, ref: base.commit } : null,
    head: { version: headPlan.version, ref: git.head },
    deployCount: run.deployCount(),
    status: ops.some(failing) ? 'fail' : 'pass',
    ops,
    customization: overlays.manifest,
    hostAccess: hostReach.map((h) => ({ ...h, line: h.line ?? null })),
    teardown,
    sources: Object.fromEntries([...headPlan.compose.services].map(([name, s]) => [name, { file: s.file, line: s.line ?? null }])),
    startedAt: run.startedAt.toISOString(),
    durationMs: Date.now() - run.startedAt.getTime(),
    dockerWaitMs: run.dockerWaitMs(),
  };
}
