import { describe, expect, it } from 'vitest';
import { decodeLabels, field, fieldKey, type Element } from '../../src/traefik/labels';
import type { RuleSyntax } from '../../src/traefik/types';

const decode = (labels: Record<string, string>, traefik: RuleSyntax = 'v3') =>
  decodeLabels({ name: 'app_web', labels, networks: ['proxy'] }, traefik);

describe('decodeLabels: provider labels', () => {
  it('accepts a boolean lbswarm and refuses any other value', () => {
    expect(decode({ 'traefik.docker.lbswarm': 'true' }).error).toBeUndefined();
    expect(decode({ 'traefik.swarm.lbswarm': 'maybe' }).error).toEqual({
      label: 'traefik.swarm.lbswarm',
      message: 'traefik.swarm.lbswarm must be true or false',
    });
  });
  it('refuses an unknown provider field', () => {
    expect(decode({ 'traefik.docker.nework': 'proxy' }).error).toEqual({
      label: 'traefik.docker.nework',
      message: "traefik does not know the label traefik.docker.nework (it then ignores this service's labels)",
    });
  });
  it('takes traefik.docker.network when it is the only network label', () => {
    expect(decode({ 'traefik.docker.network': 'proxy' }).network).toEqual({ key: 'traefik.docker.network', value: 'proxy' });
    // traefik.swarm.* is not a v2 label: ignored there.
    expect(decode({ 'traefik.swarm.network': 'proxy' }, 'v2').network).toBeUndefined();
  });
});

describe('decodeLabels: what is not an HTTP label', () => {
  it('flags a service with only TCP/UDP routers', () => {
    expect(
      decode({ 'traefik.tcp.routers.db.rule': 'HostSNI(`*`)', 'traefik.udp.services.dns.loadbalancer.server.port': '53' }).onlyTcpUdp,
    ).toBe(true);
    expect(decode({ 'traefik.tcp.routers.db.rule': 'HostSNI(`*`)', 'traefik.http.routers.web.rule': 'Host(`a`)' }).onlyTcpUdp).toBe(false);
  });
  it('ignores traefik labels of other sections and non-traefik labels', () => {
    const d = decode({ 'traefik.tls.stores.default.x': '1', 'com.example.x': '1' });
    expect(d.error).toBeUndefined();
    expect(d.routers.size + d.services.size + d.middlewares.size).toBe(0);
  });
});

describe('decodeLabels: malformed HTTP labels fail the service', () => {
  it('refuses an empty element', () => {
    expect(decode({ 'traefik.http.routers..rule': 'Host(`a`)' }).error).toEqual({
      label: 'traefik.http.routers..rule',
      message: 'invalid label traefik.http.routers..rule: empty element',
    });
  });
  it.each(['traefik.http.widgets.x.y', 'traefik.http.routers.web', 'traefik.http.routers'])('refuses %s', (key) => {
    expect(decode({ [key]: 'x' }).error).toEqual({
      label: key,
      message: `traefik cannot read ${key} (it then ignores this service's labels)`,
    });
  });
  it('lets serverstransports labels pass', () => {
    const d = decode({ 'traefik.http.serverstransports.t.insecureskipverify': 'true' });
    expect(d.error).toBeUndefined();
    expect(d.onlyTcpUdp).toBe(false);
  });
  it('refuses a priority that is not an integer', () => {
    expect(decode({ 'traefik.http.routers.web.priority': 'high' }).error).toEqual({
      label: 'traefik.http.routers.web.priority',
      message: 'priority must be an integer, not "high"',
    });
    expect(decode({ 'traefik.http.routers.web.priority': ' -5 ' }).error).toBeUndefined();
  });
});

describe('field and fieldKey', () => {
  it('fieldKey names the label as written, or the canonical key of an absent field', () => {
    const d = decode({ 'traefik.http.routers.Web.Rule': 'Host(`a`)' });
    const web = d.routers.get('Web') as Element;
    expect(field(web, 'rule')).toBe('Host(`a`)');
    expect(fieldKey(web, 'rule', 'routers')).toBe('traefik.http.routers.Web.Rule');
    expect(fieldKey(web, 'service', 'routers')).toBe('traefik.http.routers.Web.service');
    expect(field(web, 'service')).toBeUndefined();
  });
});
