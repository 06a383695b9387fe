import { describe, expect, it } from 'vitest';
import { planProbes, type LabelledService } from '../../src/traefik';
import { app, opts, plan, R } from '../support/traefik-app';

describe('which router traefik picks', () => {
  const two = (extra: Record<string, string> = {}) => [
    app({
      [`${R}.rule`]: 'Host(`foobar.traefik.com`)',
      'traefik.http.routers.catchall.rule': 'HostRegexp(`[a-z]+\\.traefik\\.com`)',
      'traefik.http.routers.catchall.entrypoints': 'web-secure',
      'traefik.http.routers.catchall.tls': 'true',
      'traefik.http.routers.catchall.middlewares': 'away',
      'traefik.http.middlewares.away.redirectregex.regex': '.*',
      'traefik.http.middlewares.away.redirectregex.replacement': 'https://elsewhere.test/',
      ...extra,
    }),
  ];

  it('routes through the longer rule (the routers docs example) and says so', () => {
    const p = planProbes(two(), { ...opts, ruleSyntax: 'v3' }).plans.find((x) => x.router === 'app')!;
    expect(p.outcome).toMatchObject({ kind: 'redirect', middleware: 'away' });
    expect(p.notes).toContainEqual(
      expect.stringMatching(/traefik sends this request to router catchall \(priority 34\), not app \(priority 26\)/),
    );
  });

  it('follows priority labels', () => {
    const p = planProbes(two({ 'traefik.http.routers.catchall.priority': '1', [`${R}.priority`]: '2' }), {
      ...opts,
      ruleSyntax: 'v3',
    }).plans.find((x) => x.router === 'app')!;
    expect(p.outcome.kind).toBe('forward');
  });

  it('notes a tie, which traefik leaves unordered', () => {
    const p = planProbes(
      [
        app({
          'traefik.http.routers.twin.rule': 'Host(`app.ci.local`)',
          'traefik.http.routers.twin.entrypoints': 'web-secure',
          'traefik.http.routers.twin.tls': 'true',
        }),
      ],
      opts,
    ).plans[0]!;
    expect(p.notes).toContainEqual(expect.stringMatching(/app, twin tie at priority 20/));
  });

  it('only competes with routers of the same entrypoint', () => {
    const p = planProbes(two({ 'traefik.http.routers.catchall.entrypoints': 'web' }), { ...opts, ruleSyntax: 'v3' }).plans.find(
      (x) => x.router === 'app',
    )!;
    expect(p.outcome.kind).toBe('forward');
  });
});

describe('rule syntax choice and errors', () => {
  it('defaults to v2 syntax, so multi-host Host() works', () => {
    expect(plan({ [`${R}.rule`]: 'Host(`app.ci.local`, `www.app.ci.local`)' }).plans[0]!.outcome.kind).toBe('forward');
  });

  it('with ruleSyntax v3 refuses a v2 rule, naming the label and the fix', () => {
    const { plans, findings } = plan({ [`${R}.rule`]: 'Host(`app.ci.local`, `www.app.ci.local`)' }, { ...opts, ruleSyntax: 'v3' });
    expect(plans[0]!.outcome.kind).toBe('unroutable');
    expect(findings).toEqual([
      expect.objectContaining({ level: 'error', label: `${R}.rule`, message: expect.stringContaining(`set ${R}.ruleSyntax=v2`) }),
    ]);
  });

  it("lets a router's ruleSyntax label win over the option", () => {
    const labels = { [`${R}.rule`]: 'Host(`app.ci.local`) && PathRegexp(`^/api`)', [`${R}.ruleSyntax`]: 'v3' };
    expect(plan(labels).plans[0]).toMatchObject({ incoming: { path: '/api' }, outcome: { kind: 'forward' } });
  });

  it('warns about a ruleSyntax value traefik does not know (it parses v3)', () => {
    expect(plan({ [`${R}.ruleSyntax`]: 'V2' }).findings).toEqual([
      expect.objectContaining({ level: 'warn', message: expect.stringContaining('parses the rule as v3') }),
    ]);
  });

  it('on traefik v2, a ruleSyntax label is an unknown field and traefik ignores the service', () => {
    const { plans, findings } = plan({ [`${R}.ruleSyntax`]: 'v2' }, { ...opts, traefik: 'v2' });
    expect(plans[0]!.outcome.kind).toBe('unroutable');
    expect(findings[0]).toMatchObject({ level: 'error', label: `${R}.ruleSyntax` });
  });
});

describe('which services and routers count', () => {
  it('ignores services without traefik.enable=true (Co-op Cloud sets exposedByDefault: false)', () => {
    expect(plan({ 'traefik.enable': 'false' }).plans).toEqual([]);
    const unlabelled = { ...app({}).labels };
    delete unlabelled['traefik.enable'];
    expect(planProbes([{ ...app({}), labels: unlabelled }], opts)).toEqual({ plans: [], findings: [] });
  });

  it("reads traefik.enable as Go's ParseBool does", () => {
    expect(plan({ 'traefik.enable': 'TRUE' }).plans).toHaveLength(1);
    expect(plan({ 'traefik.enable': 'yes' }).findings).toEqual([expect.objectContaining({ level: 'error', label: 'traefik.enable' })]);
  });

  it("gives a router without rule traefik's default rule, Host(normalized service name)", () => {
    const { plans } = plan({ [`${R}.rule`]: '' });
    expect(plans[0]).toMatchObject({
      incoming: { host: 'app-ci-local-app' },
      notes: [expect.stringContaining('Host(`app-ci-local-app`)')],
    });
  });

  it('creates the default router when a service has a port but no router', () => {
    const s: LabelledService = {
      name: 'stack_web',
      networks: ['proxy'],
      labels: { 'traefik.enable': 'true', 'traefik.http.services.web.loadbalancer.server.port': '80' },
    };
    expect(planProbes([s], opts).plans).toEqual([
      expect.objectContaining({ router: 'stack-web', incoming: expect.objectContaining({ scheme: 'https', host: 'stack-web' }) }),
    ]);
  });

  it('treats an unknown router field as traefik does: the service is ignored', () => {
    const { plans, findings } = plan({ [`${R}.entrypoint`]: 'web-secure' });
    expect(plans[0]!.outcome.kind).toBe('unroutable');
    expect(findings[0]).toMatchObject({ level: 'error', label: `${R}.entrypoint` });
  });

  it('drops a router two services define differently', () => {
    const other = app(
      {
        [`${R}.rule`]: 'Host(`other.test`)',
        'traefik.http.services.app2.loadbalancer.server.port': '80',
        'traefik.http.services.app.loadbalancer.server.port': '80',
      },
      'app_ci_local_other',
    );
    const { plans, findings } = planProbes([app({}), other], opts);
    expect(plans.every((p) => p.outcome.kind === 'unroutable')).toBe(true);
    expect(findings).toContainEqual(
      expect.objectContaining({ label: 'traefik.http.routers.app', message: expect.stringContaining('defined differently') }),
    );
  });

  it('warns about a router on web-secure without tls, and about unknown entrypoints', () => {
    const { findings } = planProbes(
      [
        {
          ...app({}),
          labels: {
            'traefik.enable': 'true',
            'traefik.http.services.app.loadbalancer.server.port': '80',
            [`${R}.rule`]: 'Host(`app.ci.local`)',
            [`${R}.entrypoints`]: 'web-secure,websecure',
          },
        },
      ],
      opts,
    );
    expect(findings.map((f) => [f.level, f.label])).toEqual([
      ['warn', `${R}.entrypoints`],
      ['warn', `${R}.tls.certresolver`],
    ]);
  });

  it('sends a client X-Forwarded-* header nowhere: traefik drops untrusted ones before routing', () => {
    const { plans } = plan({ [`${R}.rule`]: 'Host(`app.ci.local`) && Header(`X-Forwarded-Host`, `evil.test`)', [`${R}.ruleSyntax`]: 'v3' });
    expect(plans[0]!.outcome).toMatchObject({ kind: 'unroutable', detail: expect.stringContaining('no request') });
  });
});
