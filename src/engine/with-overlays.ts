import { join } from 'node:path';
import { fail, pass, skip, type OpContext, type OpOutcome, type Operation } from '../operations/operation';
import type { Assertion } from '../report/schema';
import type { FoundFile } from '../overlays/discover';
import { contractEnv, runExecutable, type Contract } from '../overlays/executables';
import { OpTimeout } from '../errors';

const REASON_LINES = 3;

function contractOf(ctx: OpContext): Contract {
  const { app, facts } = ctx;
  return {
    recipe: app.recipe.name,
    recipeDir: app.recipe.dir,
    domain: app.domain,
    stack: app.stack,
    backend: ctx.backend.name,
    stateDir: facts.stateDir,
    envFile: app.envFile,
    baseVersion: facts.path[0]?.release.tag ?? '',
    headVersion: facts.headPlan.version ?? '',
    snapshot: ctx.from.backup?.snapshot.id,
  };
}

/** Runs one hook or test with the contract env; a failure carries its last output lines. */
async function runOne(ctx: OpContext, file: FoundFile, kind: 'hook' | 'test'): Promise<{ assertion: Assertion; failed?: OpOutcome }> {
  ctx.progress(`${kind} ${file.shown}`);
  const r = await runExecutable(
    file,
    contractEnv(contractOf(ctx), ctx.op),
    ctx.app.recipe.dir,
    join(ctx.facts.stateDir, 'logs', ctx.op),
    ctx.signal,
    ctx.redact,
  );
  if (r.code === 0) return { assertion: { name: file.shown, status: 'pass', detail: r.lines.filter(Boolean).at(-1) ?? 'exit 0' } };
  const last = r.lines
    .filter((l) => l.trim())
    .slice(-REASON_LINES)
    .join(' | ');
  const cause: unknown = r.killed && ctx.signal.aborted ? ctx.signal.reason : undefined;
  // Stopped for another reason than the op's limit (an interrupt): that error is the run's.
  if (cause !== undefined && !(cause instanceof OpTimeout)) throw cause as Error;
  // Killed at the op's limit, the hook or test is what hung: the failure names it, as one that exits non-zero.
  const detail = cause
    ? `did not finish: the op ${cause.message}${last ? `; last output: ${last}` : ''}`
    : `exit ${r.code}${last ? `: ${last}` : ''}`;
  const reason = cause ? 'timeout' : kind === 'hook' ? 'hook_failed' : 'test_failed';
  return {
    assertion: { name: file.shown, status: 'fail', detail },
    failed: fail(cause ? `${file.shown} ${detail}` : `${file.shown} failed (${detail})`, [], {
      reason,
      ...(cause ? {} : { exitCode: r.code }),
      event: `${file.shown} (full output: ${r.log})`,
      lines: r.lines,
    }),
  };
}

/**
 * The recipe-specific layer around an op: skipped by config; install_steps.sh (install only) and
 * hooks/pre-<op>.sh before it; once it passed, tests/<op>/* from every overlay after it, each
 * failing the op with its own last lines.
 */
export function withOverlays(op: Operation): Operation {
  return {
    ...op,
    async run(ctx) {
      const { overlays } = ctx.facts;
      const disabled = overlays.config.skip?.[op.name];
      if (disabled) return skip(`disabled by config: ${disabled}`);
      const before: Assertion[] = [];
      for (const file of [op.name === 'install' ? overlays.installSteps : undefined, overlays.preHooks[op.name]]) {
        if (!file) continue;
        const r = await runOne(ctx, file, 'hook');
        before.push(r.assertion);
        if (r.failed) return { ...r.failed, assertions: before };
      }
      const outcome = await op.run(ctx);
      const assertions = [...before, ...outcome.assertions];
      if (outcome.status !== 'pass') return { ...outcome, assertions };
      const tests = overlays.tests[op.name] ?? [];
      let failed: OpOutcome | undefined;
      for (const file of tests) {
        // Once the op's time is up (a test hung), the rest are not started: they would have no limit.
        if (ctx.signal.aborted) {
          assertions.push({ name: file.shown, status: 'skip', detail: "not run: the op's time was up" });
          continue;
        }
        const r = await runOne(ctx, file, 'test');
        assertions.push(r.assertion);
        failed ??= r.failed;
      }
      // The upgrade's hops stay the op's record whatever its tests say (they run after the last hop).
      const hops = outcome.hops ? { hops: outcome.hops } : {};
      if (failed) return { ...failed, assertions, ...hops };
      const passed = `${tests.length} overlay test(s) passed`;
      const reason = !tests.length ? outcome.reason : outcome.reason ? `${outcome.reason}; ${passed}` : passed;
      return { ...pass(reason, assertions, outcome.output), ...hops };
    },
  };
}
