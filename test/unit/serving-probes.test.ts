import { describe, expect, it } from 'vitest';

import type { Backend, DeployedService, HttpResponse, HttpTarget } from '../../src/backends/backend';
import { Interrupted, OpTimeout } from '../../src/errors';
import { judge, probeOnce, probePlans, serving } from '../../src/operations/serving';
import type { OpContext } from '../../src/operations/operation';
import type { ProbePlan } from '../../src/traefik/types';

const app = { stack: 'st', domain: 'st.ci.local' };

/** A service traefik routes to, by its labels; `extra` adds labels (middlewares). */
function routed(name: string, extra: Record<string, string> = {}): DeployedService {
  return {
    name,
    swarmName: `st_${name}`,
    image: 'img',
    replicas: 1,
    mounts: [],
    networks: ['proxy'],
    labels: {
      'traefik.enable': 'true',
      [`traefik.http.routers.${name}.rule`]: `Host(\`${name}.st.ci.local\`)`,
      [`traefik.http.routers.${name}.entrypoints`]: 'web-secure',
      [`traefik.http.services.${name}.loadbalancer.server.port`]: '80',
      ...extra,
    },
  };
}

const response = (status: number, body = 'hello'): HttpResponse => ({ status, headers: {}, body });

function ctxOf(
  services: DeployedService[],
  http: (t: HttpTarget) => Promise<HttpResponse | { error: string }>,
  over: Partial<OpContext> = {},
) {
  const progress: string[] = [];
  const backend = { services: async () => services, http } as unknown as Backend;
  const ctx = {
    generic: true,
    app,
    facts: { overlays: { config: {} } },
    backend,
    signal: new AbortController().signal,
    progress: (d: string) => progress.push(d),
    ...over,
  } as unknown as OpContext;
  return { ctx, progress };
}

describe('probePlans with probe.service', () => {
  it("keeps only that service's routers, and says when it has none", () => {
    const services = [routed('app'), routed('admin')];
    const plans = probePlans(services, app, {}, { service: 'admin' });
    expect(Array.isArray(plans)).toBe(true);
    expect((plans as ProbePlan[]).map((p) => p.outcome.kind === 'forward' && p.outcome.service)).toEqual(['st_admin']);
    expect(probePlans(services, app, {}, { service: 'db' })).toBe(
      'probe.service db has no traefik router (traefik.enable=true and a router rule)',
    );
  });

  it('does not count a router traefik answers with a redirect as the service serving', () => {
    const away = routed('away', {
      'traefik.http.routers.away.middlewares': 'off',
      'traefik.http.middlewares.off.redirectregex.regex': '.*',
      'traefik.http.middlewares.off.redirectregex.replacement': 'https://elsewhere.example/',
    });
    const all = probePlans([away], app, {}) as ProbePlan[];
    expect(all.map((p) => p.outcome.kind)).toEqual(['redirect']);
    expect(probePlans([away], app, {}, { service: 'away' })).toBe(
      'probe.service away has no traefik router (traefik.enable=true and a router rule)',
    );
  });
});

describe('judge', () => {
  it('counts 401 as answering by default (an app behind its own login), never 404', () => {
    expect(judge(response(401))).toEqual({ ok: true, detail: '401' });
    expect(judge(response(404))).toEqual({ ok: false, detail: '404' });
  });

  it('holds a response to config.probe.status when set', () => {
    expect(judge(response(418), { status: [418] })).toEqual({ ok: true, detail: '418' });
    expect(judge(response(200), { status: [418] })).toEqual({ ok: false, detail: '200' });
  });

  it("calls a proxy's fallback page not serving, whatever its status", () => {
    expect(judge(response(200, '404 page not found\n'))).toEqual({ ok: false, detail: '200 with a fallback page "404 page not found"' });
  });

  it('passes on an error that is not the regex timeout', () => {
    expect(() => judge(response(200), { body: '(' })).toThrow(SyntaxError);
  });
});

describe('probeOnce', () => {
  const backend = (http: () => Promise<HttpResponse>) => ({ http }) as unknown as Backend;
  const plan = (outcome: ProbePlan['outcome']): ProbePlan =>
    ({ router: 'r', incoming: {}, outcome, notes: [], label: 'GET https://st.ci.local/ → app:80 GET /' }) as unknown as ProbePlan;
  const never = backend(() => Promise.reject(new Error('must not be asked')));
  const signal = new AbortController().signal;

  it("decides an unroutable router, and traefik's redirects, without asking the app", async () => {
    expect(await probeOnce(never, plan({ kind: 'unroutable', detail: 'no such service' }), {}, signal)).toEqual({
      ok: false,
      detail: 'no such service',
      final: true,
    });
    const own = {
      kind: 'redirect',
      middleware: 'redirect-web-secure@internal',
      status: 301,
      location: 'https://st.ci.local/',
      ownDomain: true,
    } as const;
    expect(await probeOnce(never, plan(own), {}, signal)).toEqual({
      ok: true,
      detail: "301 redirect to https://st.ci.local/ by the web entrypoint: the app's own domain, so serving",
      final: true,
    });
    expect(
      await probeOnce(never, plan({ ...own, middleware: 'away@docker', ownDomain: false, location: 'https://x.example/' }), {}, signal),
    ).toEqual({
      ok: false,
      detail: "301 redirect to https://x.example/ by middleware away@docker, away from the app's domain",
      final: true,
    });
  });

  it('turns a failed request into a detail, with no response', async () => {
    const forward = {
      kind: 'forward',
      service: 'st_app',
      port: 80,
      portDeclared: true,
      scheme: 'http',
      network: 'proxy',
      request: { method: 'GET', path: '/', headers: {}, host: 'st.ci.local' },
    } as unknown as ProbePlan['outcome'];
    const r = await probeOnce(
      backend(() => Promise.reject(new Error('connection refused'))),
      plan(forward),
      {},
      signal,
    );
    expect(r).toEqual({ ok: false, detail: 'connection refused', final: false });
  });
});

describe('serving', () => {
  it('fails naming probe.service when that service has no router', async () => {
    const { ctx } = ctxOf([routed('app')], async () => response(200));
    (ctx.facts.overlays.config as { probe?: object }).probe = { service: 'db' };
    expect(await serving(ctx)).toEqual({
      assertion: {
        name: 'serving',
        status: 'fail',
        detail: 'probe.service db has no traefik router (traefik.enable=true and a router rule)',
      },
      service: 'db',
    });
  });

  it('shows at most three notes of a router, and how many more there are', async () => {
    const refs = ['a@file', 'b@file', 'c@file', 'd@file'];
    const { ctx } = ctxOf([routed('app', { 'traefik.http.routers.app.middlewares': refs.join(',') })], async () => response(200));
    const s = await serving(ctx);
    expect(s.assertion.status).toBe('pass');
    expect(s.assertion.detail).toMatch(/ \[middleware a@file [^\]]*; middleware c@file [^\]]* \(\+1 more\)\]$/);
    expect(s.assertion.detail).not.toContain('d@file');
  });

  it("says nothing of the app when the op's time ran out mid-request", async () => {
    const op = new AbortController();
    const { ctx } = ctxOf(
      [routed('app')],
      async () => {
        op.abort(new OpTimeout(5));
        return response(502, 'Bad Gateway');
      },
      { signal: op.signal },
    );
    const s = await serving(ctx);
    expect(s.assertion.status).toBe('fail');
    expect(s.assertion.detail).toMatch(/: no answer yet$/);
    expect(s.service).toBe('app');
  });

  it('passes an interruption on instead of judging the app', async () => {
    const op = new AbortController();
    let asked = 0;
    const { ctx, progress } = ctxOf(
      [routed('app')],
      async () => {
        if (++asked === 1) setTimeout(() => op.abort(new Interrupted('SIGINT')), 20);
        return response(503);
      },
      { signal: op.signal },
    );
    await expect(serving(ctx)).rejects.toBeInstanceOf(Interrupted);
    expect(asked).toBe(1);
    expect(progress).toEqual([expect.stringMatching(/^serving: .*: 503$/)]);
  });
});
