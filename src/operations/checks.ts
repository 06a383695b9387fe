import type { ConvergeFailure } from '../backends/swarm/converge';
import { isFallbackBody, type Router } from '../backends/swarm/routers';
import type { Assertion, FailureReason } from '../report/schema';
import { OpTimeout, sleep } from '../util/time';
import { fail, type OpContext, type OpOutcome } from '../engine/operation';
import { recipeService } from '../recipe/app';

/** Statuses that show an app answering for real; 404 never does. */
export const DEFAULT_OK_STATUS = (s: number) => (s >= 200 && s < 400) || s === 401;
const SERVE_WINDOW_MS = 60_000;

/** Waits for the stack to converge; on failure, the op fails with the swarm's own error. */
export async function converged(ctx: OpContext, since: Date): Promise<{ assertion: Assertion; failed?: OpOutcome }> {
  const outcome = await ctx.backend.waitConverged(since, ctx.signal, (d) => ctx.progress(`converging: ${d}`));
  if (outcome.ok) return { assertion: { name: 'converged', status: 'pass', detail: outcome.detail } };
  const f = { ...outcome.failure, service: recipeService(ctx.app, outcome.failure.service) };
  const detail = `${f.service ? `${f.service}: ` : ''}${f.taskError && !f.message.includes(f.taskError) ? `${f.message} (${f.taskError})` : f.message}`;
  const assertion: Assertion = { name: 'converged', status: 'fail', detail };
  return {
    assertion,
    failed: fail(detail, [assertion], { reason: reasonOf(f), service: f.service, exitCode: f.exitCode, containerId: f.containerId, event: f.taskError ?? f.message }),
  };
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
      return 'timeout';
    case 'task-failed':
      return /unhealthy/i.test(f.taskError ?? '') ? 'unhealthy' : 'crash_loop';
  }
}

/**
 * The serving check: every router the recipe's traefik labels declare answers a GET, sent to the
 * service's tasks with the router's Host header, with an allowed status (never 404) and a body
 * that is not a proxy's fallback page. Retries for up to a minute, as apps warm up after converging.
 */
export async function serving(ctx: OpContext): Promise<Assertion> {
  const routers = await ctx.backend.routers();
  if (routers.length === 0) {
    return { name: 'serving', status: 'skip', detail: 'no HTTP router: no service has traefik.enable=true and a Host/PathPrefix router rule' };
  }
  const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(SERVE_WINDOW_MS)]);
  const results: string[] = [];
  for (const router of unique(routers)) {
    const host = router.host ?? ctx.app.domain;
    const label = `GET ${host}${router.path} → ${recipeService(ctx.app, router.service)}:${router.port}${router.portDeclared ? '' : ' (port assumed)'}`;
    let last = 'no answer';
    for (;;) {
      const r = await ctx.backend.httpGet({ service: router.service, port: router.port, host, path: router.path }, signal).catch((e: Error) => ({ error: e.message }));
      if ('status' in r) {
        if (DEFAULT_OK_STATUS(r.status) && !isFallbackBody(r.body)) {
          results.push(`${label}: ${r.status}`);
          break;
        }
        last = `${r.status}${isFallbackBody(r.body) ? ` with a fallback page "${r.body.trim().slice(0, 40)}"` : ''}`;
      } else last = r.error;
      ctx.progress(`serving: ${label}: ${last}`);
      try {
        await sleep(1000, signal);
      } catch {
        if (ctx.signal.aborted && !(ctx.signal.reason instanceof OpTimeout)) throw ctx.signal.reason;
        return { name: 'serving', status: 'fail', detail: `${label}: ${last}` };
      }
    }
  }
  return { name: 'serving', status: 'pass', detail: results.join('; ') };
}

function unique(routers: Router[]): Router[] {
  const seen = new Set<string>();
  return routers.filter((r) => {
    const key = `${r.service}|${r.port}|${r.host}|${r.path}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}
