import type { Backend } from '../backends/backend';
import { isFallbackBody, type HttpResponse, type Router } from '../backends/swarm/routers';
import type { Config } from '../overlays/config';
import { recipeService } from '../recipe/app';
import type { Assertion } from '../report/schema';
import { OpTimeout, sleep } from '../util/time';
import { linkedSignal } from '../util/signals';
import { fail, type OpContext, type OpOutcome } from '../engine/operation';
import { genericSkipped } from './checks';

export type ProbeConfig = NonNullable<Config['probe']>;

/** Statuses that show an app answering for real, unless config says otherwise; 404 never does. */
export const defaultOkStatus = (s: number) => (s >= 200 && s < 400) || s === 401;
const SERVE_WINDOW_MS = 60_000;

export interface ProbeTarget {
  router: Router;
  host: string;
  path: string;
  label: string;
}

/** The routers to probe and how: every router, or config.probe's service and path. */
export function probeTargets(routers: Router[], app: { stack: string; domain: string }, probe: ProbeConfig = {}): ProbeTarget[] | string {
  const chosen = probe.service ? routers.filter((r) => recipeService(app, r.service) === probe.service) : routers;
  if (probe.service && chosen.length === 0) return `probe.service ${probe.service} has no traefik router (traefik.enable=true and a Host/PathPrefix rule)`;
  const seen = new Set<string>();
  const targets: ProbeTarget[] = [];
  for (const router of chosen) {
    const host = router.host ?? app.domain;
    const path = probe.path ?? router.path;
    const key = `${router.service}|${router.port}|${host}|${path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    targets.push({ router, host, path, label: `GET ${host}${path} → ${recipeService(app, router.service)}:${router.port}${router.portDeclared ? '' : ' (port assumed)'}` });
  }
  return targets;
}

/** Judges one response: allowed status (never 404), not a fallback page, body regex if set. */
export function judge(r: HttpResponse | { error: string }, probe: ProbeConfig = {}): { ok: boolean; detail: string } {
  if ('error' in r) return { ok: false, detail: r.error };
  if (r.status === 404 || !(probe.status ? probe.status.includes(r.status) : defaultOkStatus(r.status))) return { ok: false, detail: `${r.status}` };
  if (isFallbackBody(r.body)) return { ok: false, detail: `${r.status} with a fallback page "${r.body.trim().slice(0, 40)}"` };
  if (probe.body && !new RegExp(probe.body).test(r.body)) return { ok: false, detail: `${r.status}, but the body does not match /${probe.body}/` };
  return { ok: true, detail: `${r.status}` };
}

export async function probeOnce(backend: Backend, t: ProbeTarget, probe: ProbeConfig, signal: AbortSignal) {
  const r = await backend.httpGet({ service: t.router.service, port: t.router.port, host: t.host, path: t.path }, signal).catch((e: Error) => ({ error: e.message }));
  return { response: r, ...judge(r, probe) };
}

/** Fails an op on a failed serving check, naming the service for the autopsy. */
export function notServing(served: Served, assertions: Assertion[], when = ''): OpOutcome {
  const detail = served.assertion.detail;
  return fail(`not serving${when}: ${detail}`, assertions, { reason: 'not_serving', service: served.service, event: detail });
}

/**
 * The serving check: every router the recipe's traefik labels declare (or config.probe's) answers
 * a GET, sent to the service's tasks with the router's Host header, as judge() requires. Retries
 * for up to a minute, as apps warm up after converging.
 */
export async function serving(ctx: OpContext): Promise<Served> {
  if (!ctx.generic) return { assertion: genericSkipped('serving') };
  const probe = ctx.prepared.overlays.config.probe ?? {};
  const routers = await ctx.backend.routers();
  if (routers.length === 0) return { assertion: { name: 'serving', status: 'skip', detail: 'no HTTP router: no service has traefik.enable=true and a Host/PathPrefix router rule' } };
  const targets = probeTargets(routers, ctx.app, probe);
  if (typeof targets === 'string') return { assertion: { name: 'serving', status: 'fail', detail: targets }, service: probe.service };
  const window = linkedSignal([ctx.signal], SERVE_WINDOW_MS);
  try {
    return await probeUntilServing(ctx, targets, probe, window.signal);
  } finally {
    window.dispose();
  }
}

/** The serving assertion, and on failure the (recipe) service that did not serve. */
export interface Served {
  assertion: Assertion;
  service?: string;
}

async function probeUntilServing(ctx: OpContext, targets: ProbeTarget[], probe: ProbeConfig, signal: AbortSignal): Promise<Served> {
  const results: string[] = [];
  for (const t of targets) {
    let last = 'no answer yet';
    for (;;) {
      const r = await probeOnce(ctx.backend, t, probe, signal);
      if (signal.aborted) break; // a request cut short by the deadline says nothing about the app
      if (r.ok) {
        results.push(`${t.label}: ${r.detail}`);
        break;
      }
      last = r.detail;
      ctx.progress(`serving: ${t.label}: ${last}`);
      if (!(await sleep(1000, signal).then(() => true, () => false))) break;
    }
    if (signal.aborted) {
      if (ctx.signal.aborted && !(ctx.signal.reason instanceof OpTimeout)) throw ctx.signal.reason;
      return { assertion: { name: 'serving', status: 'fail', detail: `${t.label}: ${last}` }, service: recipeService(ctx.app, t.router.service) };
    }
  }
  return { assertion: { name: 'serving', status: 'pass', detail: results.join('; ') } };
}
