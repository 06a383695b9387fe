import { describe, expect, it } from 'vitest';
import { planProbes, type LabelledService } from '../../src/traefik';
import { app, opts, plan, R } from '../support/traefik-app';

describe('what the app receives', () => {
  it('strips the prefix traefik strips: Host && PathPrefix(/cms) + stripprefix → the app gets /', () => {
    const { plans, findings } = plan({
      [`${R}.rule`]: 'Host(`app.ci.local`) && PathPrefix(`/cms`)',
      [`${R}.middlewares`]: 'strip',
      'traefik.http.middlewares.strip.stripprefix.prefixes': '/cms',
    });
    expect(findings).toEqual([]);
    expect(plans[0]).toMatchObject({
      router: 'app',
      incoming: { method: 'GET', scheme: 'https', host: 'app.ci.local', path: '/cms', headers: {} },
      outcome: {
        kind: 'forward',
        service: 'app_ci_local_app',
        port: 8787,
        network: 'proxy',
        request: { method: 'GET', scheme: 'http', host: 'app.ci.local', path: '/' },
      },
      label: 'GET https://app.ci.local/cms → app_ci_local_app:8787 GET /',
    });
  });

  it('adds the forwarded headers traefik adds, and X-Forwarded-Prefix from stripprefix', () => {
    const { plans } = plan({
      [`${R}.rule`]: 'Host(`app.ci.local`) && PathPrefix(`/cms`)',
      [`${R}.middlewares`]: 'strip',
      'traefik.http.middlewares.strip.stripprefix.prefixes': '/cms',
    });
    expect(plans[0]!.outcome).toMatchObject({
      request: {
        headers: {
          'X-Forwarded-For': '203.0.113.10',
          'X-Real-Ip': '203.0.113.10',
          'X-Forwarded-Proto': 'https',
          'X-Forwarded-Port': '443',
          'X-Forwarded-Host': 'app.ci.local',
          'X-Forwarded-Server': 'traefik',
          'X-Forwarded-Prefix': '/cms',
        },
      },
    });
  });

  it('rewrites the path through a nested chain in order (addprefix after stripprefix)', () => {
    const { plans } = plan({
      [`${R}.rule`]: 'Host(`app.ci.local`) && PathPrefix(`/cms`)',
      [`${R}.middlewares`]: 'both',
      'traefik.http.middlewares.both.chain.middlewares': 'strip,add',
      'traefik.http.middlewares.strip.stripprefix.prefixes': '/cms',
      'traefik.http.middlewares.add.addprefix.prefix': '/app',
    });
    expect(plans[0]!.outcome).toMatchObject({ request: { path: '/app' } });
    // v2 defaults stripPrefix.forceSlash to true, so / is left before addPrefix.
    expect(
      plan(
        {
          [`${R}.rule`]: 'Host(`app.ci.local`) && PathPrefix(`/cms`)',
          [`${R}.middlewares`]: 'strip,add',
          'traefik.http.middlewares.strip.stripprefix.prefixes': '/cms',
          'traefik.http.middlewares.add.addprefix.prefix': '/app',
        },
        { ...opts, traefik: 'v2' },
      ).plans[0]!.outcome,
    ).toMatchObject({ request: { path: '/app/' } });
  });

  it('applies customRequestHeaders: set, remove, override Host, blank X-Forwarded-For', () => {
    const { plans } = plan({
      [`${R}.middlewares`]: 'hdr',
      'traefik.http.middlewares.hdr.headers.customrequestheaders.X-Script-Name': '/app',
      'traefik.http.middlewares.hdr.headers.customrequestheaders.X-Real-Ip': '',
      'traefik.http.middlewares.hdr.headers.customrequestheaders.Host': 'internal.host',
      'traefik.http.middlewares.hdr.headers.customrequestheaders.X-Forwarded-For': '',
    });
    const out = plans[0]!.outcome;
    expect(out).toMatchObject({ request: { host: 'internal.host', headers: { 'X-Script-Name': '/app' } } });
    expect(out.kind === 'forward' && Object.keys(out.request.headers)).not.toContain('X-Real-Ip');
    expect(out.kind === 'forward' && Object.keys(out.request.headers)).not.toContain('X-Forwarded-For');
  });

  it('answers 500 itself when headers.allowedHosts excludes the host', () => {
    expect(
      plan({ [`${R}.middlewares`]: 'sec', 'traefik.http.middlewares.sec.headers.allowedhosts': 'other.test' }).plans[0]!.outcome,
    ).toMatchObject({ kind: 'unroutable', detail: expect.stringContaining('traefik answers 500') });
  });

  it('marks basicauth/digestauth and still plans the request to the app', () => {
    const { plans } = plan({ [`${R}.middlewares`]: 'auth', 'traefik.http.middlewares.auth.basicauth.users': 'u:$apr1$x' });
    expect(plans[0]!.outcome).toMatchObject({ kind: 'forward', auth: { middleware: 'auth', type: 'basicauth' } });
    expect(plans[0]!.label).toContain('(behind basicauth)');
  });
});

describe('redirects traefik answers itself', () => {
  const www = {
    [`${R}.rule`]: 'Host(`app.ci.local`, `www.app.ci.local`)',
    [`${R}.middlewares`]: 'app-redirect',
    'traefik.http.middlewares.app-redirect.redirectregex.regex': '^https://www.app.ci.local/(.*)',
    'traefik.http.middlewares.app-redirect.redirectregex.replacement': 'https://app.ci.local/${1}',
    'traefik.http.middlewares.app-redirect.redirectregex.permanent': 'true',
  };

  it('passes a request to DOMAIN through the www→apex redirect of a Co-op Cloud recipe', () => {
    expect(plan(www).plans[0]!.outcome).toMatchObject({ kind: 'forward', request: { path: '/' } });
  });

  it('gives the redirect, with its own domain recognised, for the www host', () => {
    const { plans } = planProbes([app({ ...www, [`${R}.rule`]: 'Host(`www.app.ci.local`)' })], opts);
    expect(plans[0]!.outcome).toEqual({
      kind: 'redirect',
      middleware: 'app-redirect',
      status: 301,
      location: 'https://app.ci.local/',
      ownDomain: true,
    });
    expect(plans[0]!.label).toBe('GET https://www.app.ci.local/ → 301 https://app.ci.local/');
  });

  it('says when the redirect leaves the app', () => {
    const { plans } = plan({
      [`${R}.middlewares`]: 'away',
      'traefik.http.middlewares.away.redirectregex.regex': '.*',
      'traefik.http.middlewares.away.redirectregex.replacement': 'https://example.org/',
    });
    expect(plans[0]!.outcome).toMatchObject({ kind: 'redirect', status: 302, location: 'https://example.org/', ownDomain: false });
  });

  it('counts a host another router of the app serves as its own', () => {
    const services = [
      app({
        [`${R}.middlewares`]: 'docs',
        'traefik.http.middlewares.docs.redirectregex.regex': '.*',
        'traefik.http.middlewares.docs.redirectregex.replacement': 'https://docs.app.test/',
        'traefik.http.routers.docs.rule': 'HostRegexp(`{sub:[a-z]+}.app.test`)',
        'traefik.http.routers.docs.entrypoints': 'web-secure',
        'traefik.http.routers.docs.tls': 'true',
      }),
    ];
    expect(planProbes(services, opts).plans.find((p) => p.router === 'app')!.outcome).toMatchObject({ kind: 'redirect', ownDomain: true });
  });

  it('passes https requests through redirectscheme https', () => {
    expect(
      plan({ [`${R}.middlewares`]: 'https', 'traefik.http.middlewares.https.redirectscheme.scheme': 'https' }).plans[0]!.outcome.kind,
    ).toBe('forward');
  });

  it("answers a router on entrypoint web with Co-op Cloud's redirection to web-secure", () => {
    const web: LabelledService = {
      name: 'app_ci_local_app',
      networks: ['proxy'],
      labels: {
        'traefik.enable': 'true',
        'traefik.http.services.app.loadbalancer.server.port': '80',
        [`${R}.rule`]: 'Host(`app.ci.local`) && Path(`/x`)',
        [`${R}.entrypoints`]: 'web',
      },
    };
    expect(planProbes([web], opts).plans[0]!.outcome).toEqual({
      kind: 'redirect',
      middleware: 'redirect-web-to-web-secure@internal',
      status: 301,
      location: 'https://app.ci.local/x',
      ownDomain: true,
    });
  });
});

describe('middleware references', () => {
  it('continues without middlewares of other providers or stacks, and names them', () => {
    const { plans } = plan({
      [`${R}.middlewares`]: 'security@file,sso@kubernetescrd,other-stack-mw,strip@docker',
      'traefik.http.middlewares.strip.stripprefix.prefixes': '/x',
    });
    expect(plans[0]!.outcome.kind).toBe('forward');
    expect(plans[0]!.notes).toEqual([
      expect.stringMatching(/security@file comes from traefik's file provider/),
      expect.stringMatching(/sso@kubernetescrd comes from traefik's kubernetescrd provider/),
      expect.stringMatching(/other-stack-mw is not defined in these services' labels/),
      expect.stringMatching(/strip@docker: traefik v3 names these labels' middlewares @swarm/),
    ]);
  });

  it('notes middlewares that may change the answer but are not modelled', () => {
    const { plans } = plan({
      [`${R}.middlewares`]: 'rl,gz',
      'traefik.http.middlewares.rl.ratelimit.average': '10',
      'traefik.http.middlewares.gz.compress': 'true',
    });
    expect(plans[0]!.notes).toEqual([expect.stringContaining('429')]);
  });

  it.each([
    [
      'a middleware with two types',
      { 'traefik.http.middlewares.m.stripprefix.prefixes': '/a', 'traefik.http.middlewares.m.addprefix.prefix': '/b' },
      /multi-types/,
    ],
    [
      'a chain that includes itself',
      { 'traefik.http.middlewares.m.chain.middlewares': 'n', 'traefik.http.middlewares.n.chain.middlewares': 'm' },
      /recursion/,
    ],
    [
      'an invalid regex',
      { 'traefik.http.middlewares.m.replacepathregex.regex': '(a', 'traefik.http.middlewares.m.replacepathregex.replacement': '/' },
      /missing closing/,
    ],
    ['redirectscheme without a scheme', { 'traefik.http.middlewares.m.redirectscheme.permanent': 'true' }, /target scheme/],
  ])('drops the router over %s, as traefik does', (_, labels, message) => {
    const { plans, findings } = plan({ [`${R}.middlewares`]: 'm', ...labels });
    expect(plans[0]!.outcome).toMatchObject({ kind: 'unroutable', detail: expect.stringMatching(message) });
    expect(findings).toContainEqual(expect.objectContaining({ level: 'error', label: `${R}.middlewares` }));
  });
});
