import { describe, expect, it } from 'vitest';
import { planProbes, type LabelledService, type RoutingOptions } from '../../src/traefik';

// Service, port, scheme and network selection as traefik's swarm provider does it
// (pkg/provider/docker/config.go, shared_labels.go, pkg/provider/configuration.go).

const opts: RoutingOptions = { domain: 'app.ci.local', proxyNetwork: 'proxy' };
const R = 'traefik.http.routers.app';
const S = 'traefik.http.services.app';

function svc(labels: Record<string, string>, networks = ['proxy', 'stack_internal'], name = 'stack_app'): LabelledService {
  return {
    name,
    networks,
    labels: {
      'traefik.enable': 'true',
      [`${R}.rule`]: 'Host(`app.ci.local`)',
      [`${R}.entrypoints`]: 'web-secure',
      [`${R}.tls.certresolver`]: 'production',
      ...labels,
    },
  };
}
const only = (services: LabelledService[], o: RoutingOptions = opts) => {
  const r = planProbes(services, o);
  return { ...r, plan: r.plans[0]!, outcome: r.plans[0]!.outcome };
};

describe('service and port', () => {
  it('uses the only service the labels define, with its port', () => {
    expect(only([svc({ [`${S}.loadbalancer.server.port`]: '8787' })]).outcome).toMatchObject({
      kind: 'forward',
      service: 'stack_app',
      port: 8787,
      portDeclared: true,
      scheme: 'http',
      network: 'proxy',
    });
  });

  it('follows the router service label among several services', () => {
    const s = svc({
      [`${S}.loadbalancer.server.port`]: '80',
      'traefik.http.services.api.loadbalancer.server.port': '3000',
      [`${R}.service`]: 'api',
    });
    expect(only([s]).outcome).toMatchObject({ kind: 'forward', port: 3000 });
  });

  it('refuses to guess among several services without a router service label', () => {
    const s = svc({ [`${S}.loadbalancer.server.port`]: '80', 'traefik.http.services.api.loadbalancer.server.port': '3000' });
    const r = only([s]);
    expect(r.outcome).toMatchObject({ kind: 'unroutable' });
    expect(r.findings).toContainEqual(expect.objectContaining({ level: 'error', label: `${R}.service` }));
  });

  it('follows a router service defined by another service of the stack, reached on that service', () => {
    const front = svc({ [`${R}.service`]: 'api@docker', [`${S}.loadbalancer.server.port`]: '80' });
    const api = {
      name: 'stack_api',
      networks: ['proxy'],
      labels: { 'traefik.enable': 'true', 'traefik.http.services.api.loadbalancer.server.port': '9000' },
    };
    const r = planProbes([front, api], opts);
    expect(r.plans.find((p) => p.router === 'app')!.outcome).toMatchObject({ kind: 'forward', service: 'stack_api', port: 9000 });
  });

  it('marks a service of another provider as not an app service', () => {
    expect(only([svc({ [`${R}.service`]: 'api@internal', [`${S}.loadbalancer.server.port`]: '80' })]).outcome).toMatchObject({
      kind: 'unroutable',
      detail: expect.stringContaining('internal'),
    });
  });

  it('treats a missing port as traefik does on swarm: the whole service is ignored', () => {
    const r = only([svc({})]);
    expect(r.outcome).toMatchObject({ kind: 'unroutable', detail: expect.stringContaining('port is missing') });
    expect(r.findings).toContainEqual(
      expect.objectContaining({ level: 'error', label: 'traefik.http.services.stack-app.loadbalancer.server.port' }),
    );
  });

  it('refuses a port that is not a number', () => {
    const r = only([svc({ [`${S}.loadbalancer.server.port`]: 'web' })]);
    expect(r.outcome.kind).toBe('unroutable');
    expect(r.findings[0]).toMatchObject({ level: 'error', message: expect.stringContaining('must be a port number') });
  });

  it('reads the server scheme; h2c is cleartext', () => {
    expect(only([svc({ [`${S}.loadbalancer.server.port`]: '443', [`${S}.loadbalancer.server.scheme`]: 'https' })]).outcome).toMatchObject({
      scheme: 'https',
      request: { scheme: 'https' },
    });
    const h2c = only([svc({ [`${S}.loadbalancer.server.port`]: '80', [`${S}.loadbalancer.server.scheme`]: 'h2c' })]);
    expect([h2c.outcome, h2c.plan.notes]).toEqual([expect.objectContaining({ scheme: 'http' }), [expect.stringContaining('h2c')]]);
  });

  it('passes the client Host unless passHostHeader is false', () => {
    expect(only([svc({ [`${S}.loadbalancer.server.port`]: '80' })]).outcome).toMatchObject({ request: { host: 'app.ci.local' } });
    expect(only([svc({ [`${S}.loadbalancer.server.port`]: '80', [`${S}.loadbalancer.passhostheader`]: 'false' })]).outcome).toMatchObject({
      request: { host: 'tasks.stack_app:80' },
    });
  });

  it('does not probe a service given as a URL (v3)', () => {
    expect(only([svc({ [`${S}.loadbalancer.server.url`]: 'http://elsewhere:80' })]).outcome).toMatchObject({
      kind: 'unroutable',
      detail: expect.stringContaining('http://elsewhere:80'),
    });
  });
});

describe('network traefik dials', () => {
  const port = { [`${S}.loadbalancer.server.port`]: '80' };

  it('uses the provider default (proxy) when the service is on it', () => {
    expect(only([svc(port)]).outcome).toMatchObject({ kind: 'forward', network: 'proxy' });
  });

  it('uses the labelled network (traefik.swarm.network in v3, traefik.docker.network in v2)', () => {
    expect(only([svc({ ...port, 'traefik.swarm.network': 'proxy' })]).outcome).toMatchObject({ network: 'proxy' });
    expect(only([svc({ ...port, 'traefik.docker.network': 'proxy' })], { ...opts, traefik: 'v2' }).outcome).toMatchObject({
      network: 'proxy',
    });
  });

  it('is unroutable when the labelled network is one traefik is not on', () => {
    const r = only([svc({ ...port, 'traefik.docker.network': 'stack_internal' })]);
    expect(r.outcome).toMatchObject({ kind: 'unroutable', detail: expect.stringContaining('stack_internal') });
    expect(r.findings).toContainEqual(expect.objectContaining({ level: 'error', label: 'traefik.docker.network' }));
  });

  it('is unroutable when the service is not on the proxy network', () => {
    const r = only([svc(port, ['stack_internal'])]);
    expect(r.outcome).toMatchObject({ kind: 'unroutable', detail: expect.stringContaining('not on proxy') });
  });

  it('warns that traefik picks a network at random when the label names one the service is not on', () => {
    const r = only([svc({ ...port, 'traefik.docker.network': 'internal' })]);
    expect(r.outcome).toMatchObject({ kind: 'forward', network: 'proxy' });
    expect(r.findings).toContainEqual(
      expect.objectContaining({ level: 'error', message: expect.stringMatching(/did you mean stack_internal\?.*at random/) }),
    );
  });

  it('falls back deterministically when the service has one network', () => {
    const r = only([svc({ ...port, 'traefik.docker.network': 'internal' }, ['proxy'])]);
    expect(r.outcome).toMatchObject({ kind: 'forward', network: 'proxy' });
    expect(r.findings).toContainEqual(expect.objectContaining({ level: 'warn' }));
  });

  it('refuses both traefik.docker.* and traefik.swarm.* labels in v3', () => {
    const r = only([svc({ ...port, 'traefik.docker.network': 'proxy', 'traefik.swarm.network': 'proxy' })]);
    expect(r.outcome.kind).toBe('unroutable');
    expect(r.findings[0]).toMatchObject({ level: 'error', message: expect.stringContaining('both') });
  });
});
