/**
 * planProbes: for every router, a request that matches it, the router traefik would really pick
 * for that request (priority, then the entrypoint's redirection), and what then happens: the
 * middlewares' redirect or error, or the request the app's task receives.
 */

import { run, type ChainCtx } from './chain';
import { proxyHeaders, routeRequest, type ClientRequest } from './forwarded';
import { fieldKey } from './labels';
import { buildModel, DEFAULT_ENTRYPOINTS, type Model, type Route } from './model';
import { canonicalHost, type RouteRequest } from './request';
import { evaluate, leaves } from './rule';
import { initialState } from './state';
import { DEFAULT_CLIENT_IP, synthesize } from './synthesize';
import { resolveTarget, type TargetCtx } from './target';
import type { HttpRequestShape, LabelledService, ProbeOutcome, ProbePlan, RoutingFinding, RoutingOptions } from './types';
import { RegexTimeout } from '../errors';

const secure = (r: Route, ep: string) => r.tls || ep === 'web-secure';

function ownDomain(location: string, domain: string, model: Model): boolean {
  const m = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/([^/?#]*)/.exec(location) ?? /^\/\/([^/?#]*)/.exec(location);
  if (!m) return true;
  const host = canonicalHost(m[1]!.replace(/^.*@/, ''));
  const req: RouteRequest = { method: 'GET', host, path: '/', query: '', headers: new Map(), clientIP: DEFAULT_CLIENT_IP, tls: true };
  return host === domain.toLowerCase() || model.routes.some((r) => r.tree && leaves(r.tree).some((l) => l.dim === 'host' && l.test(req)));
}

/** The router traefik picks among those on the same entrypoint: highest priority; ties unspecified. */
function winner(r: Route, ep: string, req: RouteRequest, model: Model, notes: string[]): Route {
  const matching = model.routes.filter(
    (x) => x.tree && !x.dropped && x.entrypoints.includes(ep) && secure(x, ep) === secure(r, ep) && evaluate(x.tree, req),
  );
  const top = Math.max(...matching.map((x) => x.priority));
  const tied = matching.filter((x) => x.priority === top).sort((a, b) => (a === r ? -1 : b === r ? 1 : a.name.localeCompare(b.name)));
  const w = tied[0] ?? r;
  if (tied.length > 1)
    notes.push(
      `routers ${tied.map((x) => x.name).join(', ')} tie at priority ${top}: traefik's order between them is unspecified; cc-ci assumes ${w.name}`,
    );
  if (w !== r)
    notes.push(
      `traefik sends this request to router ${w.name} (priority ${w.priority}), not ${r.name} (priority ${r.priority}); set a priority label to change that`,
    );
  return w;
}

function shape(c: ClientRequest): HttpRequestShape {
  return { method: c.method, scheme: c.scheme, host: c.host, path: c.target, headers: Object.fromEntries(c.headers) };
}

function outcomeFor(
  r: Route,
  ep: string,
  client: ClientRequest,
  model: Model,
  opts: RoutingOptions,
  notes: string[],
  finding: TargetCtx['finding'],
): ProbeOutcome {
  if (ep === 'web' && !r.tls) {
    notes.push("Co-op Cloud's traefik redirects every request on entrypoint web to web-secure (entryPoints.web.http.redirections)");
    return {
      kind: 'redirect',
      middleware: 'redirect-web-to-web-secure@internal',
      status: client.method === 'GET' ? 301 : 308,
      location: `https://${canonicalHost(client.host)}${client.target}`,
      ownDomain: true,
    };
  }
  const req = routeRequest(client);
  if (opts.path !== undefined && !model.routes.some((x) => x.tree && !x.dropped && x.entrypoints.includes(ep) && evaluate(x.tree, req))) {
    return {
      kind: 'unroutable',
      detail: `traefik answers 404: no router matches ${client.method} ${canonicalHost(client.host)}${client.target}`,
    };
  }
  const w = winner(r, ep, req, model, notes);
  const state = initialState(client);
  const ctx: ChainCtx = { middlewares: model.middlewares, traefik: model.traefik, notes };
  try {
    run(w.middlewares, initialState(client), { ...ctx, notes: [] }, [], true);
  } catch (e) {
    if (e instanceof RegexTimeout) throw e;
    finding(
      {
        level: 'error',
        label: fieldKey(w.el, 'middlewares', 'routers'),
        message: `traefik refuses router ${w.name}: ${(e as Error).message}`,
      },
      w.owner.svc.name,
    );
    return { kind: 'unroutable', detail: `traefik refuses router ${w.name}: ${(e as Error).message}` };
  }
  const end = run(w.middlewares, state, ctx);
  if (end.kind === 'redirect')
    return {
      kind: 'redirect',
      middleware: end.middleware!,
      status: end.status,
      location: end.location,
      ownDomain: ownDomain(end.location, opts.domain, model),
    };
  if (end.kind === 'error') return { kind: 'unroutable', detail: `traefik answers ${end.status}: ${end.detail}` };
  const t = resolveTarget(w.el, w.owner, {
    decoded: model.decoded,
    proxyNetwork: opts.proxyNetwork,
    networkLabel: model.traefik === 'v3' ? 'traefik.swarm.network' : 'traefik.docker.network',
    notes,
    finding,
  });
  if ('unroutable' in t) return { kind: 'unroutable', detail: t.unroutable };
  if (!t.passHost)
    notes.push(`passHostHeader is false: traefik sends the task's ip:${t.port} as Host (shown as tasks.${t.service}:${t.port})`);
  const request: HttpRequestShape = {
    method: state.method,
    scheme: t.scheme,
    host: t.passHost ? state.host : `tasks.${t.service}:${t.port}`,
    path: state.requestURI,
    headers: proxyHeaders(state.headers, state.clientIP),
  };
  return {
    kind: 'forward',
    service: t.service,
    port: t.port,
    portDeclared: true,
    scheme: t.scheme,
    network: t.network,
    request,
    ...(ctx.auth ? { auth: ctx.auth } : {}),
  };
}

function label(inc: HttpRequestShape, o: ProbeOutcome): string {
  const head = `${inc.method} ${inc.scheme}://${inc.host}${inc.path}`;
  if (o.kind === 'forward')
    return `${head} → ${o.service}:${o.port} ${o.request.method} ${o.request.path}${o.auth ? ` (behind ${o.auth.type})` : ''}`;
  if (o.kind === 'redirect') return `${head} → ${o.status} ${o.location}`;
  return `${head} → unroutable: ${o.detail}`;
}

function planRoute(r: Route, model: Model, opts: RoutingOptions, finding: TargetCtx['finding']): ProbePlan {
  const notes: string[] = [];
  const svc = r.owner.svc.name;
  if (r.defaultRule) notes.push(`no rule label: traefik's default rule ${r.rule}`);
  const unknown = r.entrypoints.filter((e) => !DEFAULT_ENTRYPOINTS.includes(e));
  if (unknown.length)
    finding(
      {
        level: 'warn',
        label: fieldKey(r.el, 'entrypoints', 'routers'),
        message: `entrypoint ${unknown.join(', ')} is not one of Co-op Cloud's (web, web-secure); use web-secure`,
      },
      svc,
    );
  const ep = r.entrypoints.includes('web-secure') ? 'web-secure' : r.entrypoints.includes('web') ? 'web' : undefined;
  const scheme = ep === 'web-secure' || r.tls ? 'https' : 'http';
  const done = (incoming: HttpRequestShape, outcome: ProbeOutcome): ProbePlan => ({
    router: r.name,
    incoming,
    outcome,
    notes,
    label: label(incoming, outcome),
  });
  const fallback: HttpRequestShape = { method: 'GET', scheme, host: opts.domain, path: '/', headers: {} };
  if (r.dropped) return done(fallback, { kind: 'unroutable', detail: r.dropped });
  if (!ep) return done(fallback, { kind: 'unroutable', detail: `router ${r.name} has no valid entrypoint (${r.entrypoints.join(', ')})` });
  if (ep === 'web-secure' && !r.tls) {
    finding(
      {
        level: 'warn',
        label: `traefik.http.routers.${r.name}.tls.certresolver`,
        message: `router ${r.name} is on web-secure without tls: traefik serves it to plain HTTP on :443 only, unless the entrypoint itself sets tls; add a tls.certresolver label`,
      },
      svc,
    );
  }
  const synthesized = synthesize(r.tree!, { domain: opts.domain, scheme });
  if (!synthesized) return done(fallback, { kind: 'unroutable', detail: `cc-ci found no request that rule ${r.rule} matches` });
  const client = opts.path === undefined ? synthesized : { ...synthesized, target: opts.path };
  if (client.clientIP !== DEFAULT_CLIENT_IP)
    notes.push(`the rule wants client IP ${client.clientIP}; cc-ci's probe bypasses traefik, so that is assumed`);
  return done(shape(client), outcomeFor(r, ep, client, model, opts, notes, finding));
}

/** Plans one probe per router of the given services, as traefik would route it. */
export function planProbes(services: LabelledService[], opts: RoutingOptions): { plans: ProbePlan[]; findings: RoutingFinding[] } {
  const model = buildModel(services, opts);
  const findings: RoutingFinding[] = [];
  const seen = new Set<string>();
  const finding = (f: Omit<RoutingFinding, 'service'>, service: string) => {
    const full = { ...f, service };
    const key = JSON.stringify(full);
    if (!seen.has(key)) {
      seen.add(key);
      findings.push(full);
    }
  };
  for (const f of model.findings) finding(f, f.service);
  const plans = model.routes
    .slice()
    .sort((a, b) => a.owner.svc.name.localeCompare(b.owner.svc.name) || a.name.localeCompare(b.name))
    .map((r): ProbePlan => {
      try {
        return planRoute(r, model, opts, finding);
      } catch (e) {
        if (!(e instanceof RegexTimeout)) throw e;
        finding({ level: 'error', label: `traefik.http.routers.${r.name}.rule`, message: e.message }, r.owner.svc.name);
        const incoming: HttpRequestShape = { method: 'GET', scheme: 'https', host: opts.domain, path: '/', headers: {} };
        return {
          router: r.name,
          incoming,
          outcome: { kind: 'unroutable', detail: e.message },
          notes: [],
          label: `router ${r.name} → not evaluated: ${e.message}`,
        };
      }
    });
  return { plans, findings };
}
