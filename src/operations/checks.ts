import type { ConvergeFailure } from '../backends/backend';
import type { Assertion, FailureReason } from '../report/schema';
import { fail, type OpContext, type OpOutcome } from './operation';
import { recipeService } from '../recipe/app';
import { locate, type SourcePos } from '../recipe/compose';
import { shownIn } from '../recipe/recipe';
import { PORT_TAKEN } from '../report/autopsy';

import type { DeployPlan } from '../recipe/deploy-plan';
import { linkedSignal } from '../util/signals';
import { DeployRejected, OpTimeout } from '../errors';

/**
 * Waits for the stack to converge; on failure, the op fails with the swarm's own error. After a
 * deploy, `wait` is abra's deploy wait: abra fails a deploy that has not converged by then.
 */
export async function converged(
  ctx: OpContext,
  since: Date,
  wait?: DeployPlan['wait'],
): Promise<{ assertion: Assertion; failed?: OpOutcome }> {
  const limit = wait
    ? linkedSignal([ctx.signal], wait.seconds * 1000, () => new OpTimeout(wait.seconds, `abra's deploy wait, from ${wait.from}`))
    : undefined;
  let outcome;
  try {
    outcome = await ctx.backend.waitConverged(since, limit?.signal ?? ctx.signal, (d) => ctx.progress(`converging: ${d}`));
  } finally {
    limit?.dispose();
  }
  if (outcome.ok) return { assertion: { name: 'converged', status: 'pass', detail: outcome.detail } };
  const f = { ...outcome.failure, service: recipeService(ctx.app, outcome.failure.service) };
  const message = f.taskError && !f.message.includes(f.taskError) ? `${f.message} (${f.taskError})` : f.message;
  const where = ctx.deploys.current && f.service ? keyAt(ctx.deploys.current, f.service, f.kind, message) : undefined;
  const detail = `${where ? `${where.file}:${where.line}: ` : ''}${f.service ? `${f.service}: ` : ''}${portTaken(message) ?? message}`;
  const assertion: Assertion = {
    name: 'converged',
    status: 'fail',
    detail,
    ...(where ? { source: { file: where.file, line: where.line ?? null } } : {}),
  };
  return {
    assertion,
    failed: fail(detail, [assertion], {
      reason: reasonOf(f),
      service: f.service || undefined,
      exitCode: f.exitCode,
      containerId: f.containerId,
      event: message,
    }),
  };
}

/** dockerd's long "driver failed programming external connectivity ... bind: address already in use", said shortly (the event keeps it whole). */
function portTaken(message: string): string | undefined {
  const port = /:(\d+): bind: address already in use/.exec(message)?.[1];
  return port
    ? `host port ${port} is already taken on this machine (bind: address already in use); free it, or publish another port`
    : undefined;
}

/** The compose key a convergence failure is about (a missing image, a taken port), where one is. */
function keyAt(plan: DeployPlan, service: string, kind: ConvergeFailure['kind'], message: string): SourcePos | undefined {
  const key = kind === 'image-missing' ? 'image' : PORT_TAKEN.test(message) ? 'ports' : undefined;
  const at = key ? locate(plan.compose, ['services', service, key]) : undefined;
  return at && { ...at, file: shownIn(plan.tree, at.file) };
}

export function reasonOf(f: ConvergeFailure): FailureReason {
  switch (f.kind) {
    case 'image-missing':
      return 'image_missing';
    case 'update-paused':
      return 'update_paused';
    case 'rolled-back':
      return 'rolled_back';
    case 'timeout':
      // Out of time while tasks kept failing: the failures are the cause, the timeout the symptom.
      if (/last failure: .*unhealthy|is unhealthy/i.test(f.message)) return 'unhealthy';
      if (/last failure: .*non-zero exit/i.test(f.message)) return 'crash_loop';
      return 'timeout';
    case 'task-failed':
      return /unhealthy/i.test(f.taskError ?? '') ? 'unhealthy' : 'crash_loop';
  }
}

/** An assertion left out because config.yml's skip-generic names the op. */
export const genericSkipped = (name: string): Assertion => ({
  name,
  status: 'skip',
  detail: 'generic assertion skipped by config (skip-generic)',
});

/** The op's outcome when the deploy (or the upgrade's redeploy) was refused; other errors go on up. */
export function rejected(e: unknown): OpOutcome {
  if (!(e instanceof DeployRejected)) throw e;
  const source = e.source ? { source: { file: e.source.file, line: e.source.line ?? null } } : {};
  return fail(e.message, [{ name: 'deployed', status: 'fail', detail: e.message, ...source }], {
    reason: 'deploy_rejected',
    event: e.message,
    lines: e.lines,
  });
}
