import type { Backend, HttpResponse } from '../backends/backend';
import type { Config } from '../overlays/config';
import { recipeService } from '../recipe/app';
import type { DeployedService } from '../backends/backend';
import type { Assertion } from '../report/schema';
import { planProbes, routingOptions, type ProbePlan } from '../traefik';
import { boundedTest } from '../util/bounded-regex';
import { sleep } from '../util/time';
import { linkedSignal } from '../util/signals';
import { fail, type OpContext, type OpOutcome } from './operation';
import { genericSkipped } from './checks';
import { OpTimeout, RegexTimeout } from '../errors';

export type ProbeConfig = NonNullable<Config['probe']>;

/** Statuses that show an app answering for real, unless config says otherwise; 404 never does. */
export const defaultOkStatus = (s: number) => (s >= 200 && s < 400) || s === 401;
const SERVE_WINDOW_MS = 60_000;
const NOTES_SHOWN = 3;

/** Pages a reverse proxy or an empty server answers with, which never prove the app serves. */
const FALLBACK_BODIES = [
  /^404 page not found\s*$/i,
  /no available server/i,
  /^Bad Gateway\s*$/i,
  /^Service Unavailable\s*$/i,
  /<title>404 Not Found<\/title>/i,
];
export const isFallbackBody = (body: string) => FALLBACK_BODIES.some((re) => re.test(body.trim()));

/**
 * What traefik would do with one request per router the deployed services' labels declare
 * (or with config.probe's path), narrowed to config.probe's service. A string says why nothing
 * can be probed.
 */
export function probePlans(
  services: DeployedService[],
  app: { stack: string; domain: string },
  config: Config,
  probe: ProbeConfig = {},
): ProbePlan[] | string {
  const labelled = services.map((s) => ({ name: s.swarmName, labels: s.labels, networks: s.networks }));
  const { plans } = planProbes(labelled, routingOptions(app.domain, config.traefik, probe.path));
  const chosen = probe.service
    ? plans.filter((p) => p.outcome.kind === 'forward' && recipeService(app, p.outcome.service) === probe.service)
    : plans;
  if (probe.service && chosen.length === 0)
    return `probe.service ${probe.service} has no traefik router (traefik.enable=true and a router rule)`;
  const seen = new Set<string>();
  return chosen.filter((p) => !seen.has(p.label) && seen.add(p.label));
}

/** Judges one response: allowed status (never 404), not a fallback page, body regex if set. */
export function judge(r: HttpResponse | { error: string }, probe: ProbeConfig = {}): { ok: boolean; detail: string } {
  if ('error' in r) return { ok: false, detail: r.error };
  if (r.status === 404 || !(probe.status ? probe.status.includes(r.status) : defaultOkStatus(r.status)))
    return { ok: false, detail: `${r.status}` };
  if (isFallbackBody(r.body)) return { ok: false, detail: `${r.status} with a fallback page "${r.body.trim().slice(0, 40)}"` };
  if (probe.body) {
    try {
      if (!boundedTest(new RegExp(probe.body), r.body))
        return { ok: false, detail: `${r.status}, but the body does not match /${probe.body}/` };
    } catch (e) {
      if (e instanceof RegexTimeout) return { ok: false, detail: `probe.body: ${e.message}` };
      throw e;
    }
  }
  return { ok: true, detail: `${r.status}` };
}

/**
 * One probe of a plan. traefik's own answers decide without the app: a redirect to the app's own
 * domain counts as serving, one elsewhere does not, and a route traefik cannot use fails. Else
 * the request goes to the service's tasks as traefik would forward it; behind an auth
 * middleware, a 401 counts as serving behind auth.
 */
export async function probeOnce(
  backend: Backend,
  plan: ProbePlan,
  probe: ProbeConfig,
  signal: AbortSignal,
): Promise<{ ok: boolean; detail: string; final: boolean; response?: HttpResponse }> {
  const o = plan.outcome;
  if (o.kind === 'unroutable') return { ok: false, detail: o.detail, final: true };
  if (o.kind === 'redirect') {
    const by = o.middleware.endsWith('@internal') ? 'the web entrypoint' : `middleware ${o.middleware}`;
    return o.ownDomain
      ? { ok: true, detail: `${o.status} redirect to ${o.location} by ${by}: the app's own domain, so serving`, final: true }
      : { ok: false, detail: `${o.status} redirect to ${o.location} by ${by}, away from the app's domain`, final: true };
  }
  const { method, path, headers } = o.request;
  const r = await backend
    .http(
      { service: o.service, port: o.port, exchange: { scheme: o.scheme, method, path, headers: { ...headers, host: o.request.host } } },
      signal,
    )
    .catch((e: Error) => ({ error: e.message }));
  if (o.auth && 'status' in r && r.status === 401)
    return { ok: true, detail: `401: serving behind ${o.auth.type} (middleware ${o.auth.middleware})`, final: false, response: r };
  return { ...judge(r, probe), final: false, ...('status' in r ? { response: r } : {}) };
}

/** Fails an op on a failed serving check, naming the service for the autopsy. */
export function notServing(served: Served, assertions: Assertion[], when = ''): OpOutcome {
  const detail = served.assertion.detail;
  return fail(`not serving${when}: ${detail}`, assertions, { reason: 'not_serving', service: served.service, event: detail });
}

/**
 * The serving check: every router the recipe's traefik labels declare (or config.probe's path)
 * answers as traefik would have it answered, with the request the app would receive from
 * traefik. Retries for up to a minute, as apps warm up after converging.
 */
export async function serving(ctx: OpContext): Promise<Served> {
  if (!ctx.generic) return { assertion: genericSkipped('serving') };
  const config = ctx.facts.overlays.config;
  const probe = config.probe ?? {};
  const plans = probePlans(await ctx.backend.services(), ctx.app, config, probe);
  if (typeof plans === 'string') return { assertion: { name: 'serving', status: 'fail', detail: plans }, service: probe.service };
  if (plans.length === 0)
    return { assertion: { name: 'serving', status: 'skip', detail: 'no HTTP router: no service has traefik.enable=true and a router' } };
  const window = linkedSignal([ctx.signal], SERVE_WINDOW_MS);
  try {
    return await probeUntilServing(ctx, plans, probe, window.signal);
  } finally {
    window.dispose();
  }
}

/** The serving assertion, and on failure the (recipe) service that did not serve. */
export interface Served {
  assertion: Assertion;
  service?: string;
}

async function probeUntilServing(ctx: OpContext, plans: ProbePlan[], probe: ProbeConfig, signal: AbortSignal): Promise<Served> {
  const results: string[] = [];
  const short = (p: ProbePlan) => p.label.replaceAll(`${ctx.app.stack}_`, '');
  const service = (p: ProbePlan) => (p.outcome.kind === 'forward' ? recipeService(ctx.app, p.outcome.service) : undefined);
  for (const p of plans) {
    let last = 'no answer yet';
    let ok = false;
    for (;;) {
      const r = await probeOnce(ctx.backend, p, probe, signal);
      if (signal.aborted) break; // a request cut short by the deadline says nothing about the app
      last = r.detail;
      if (r.ok || r.final) {
        ok = r.ok;
        break;
      }
      ctx.progress(`serving: ${short(p)}: ${last}`);
      if (
        !(await sleep(1000, signal).then(
          () => true,
          () => false,
        ))
      )
        break;
    }
    if (signal.aborted && ctx.signal.aborted && !(ctx.signal.reason instanceof OpTimeout)) throw ctx.signal.reason;
    if (!ok) return { assertion: { name: 'serving', status: 'fail', detail: withNotes(`${short(p)}: ${last}`, p) }, service: service(p) };
    results.push(withNotes(`${short(p)}: ${last}`, p));
  }
  return { assertion: { name: 'serving', status: 'pass', detail: results.join('; ') } };
}

function withNotes(detail: string, p: ProbePlan): string {
  if (!p.notes.length) return detail;
  const more = p.notes.length > NOTES_SHOWN ? ` (+${p.notes.length - NOTES_SHOWN} more)` : '';
  return `${detail} [${p.notes.slice(0, NOTES_SHOWN).join('; ')}${more}]`;
}
