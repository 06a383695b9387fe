import { describe, expect, it } from 'vitest';
import { isFallbackBody, parseHttpResponse, routersFromLabels } from '../../src/backends/swarm/routers';

describe('routersFromLabels', () => {
  const base = {
    'traefik.enable': 'true',
    'traefik.http.services.app_ci.loadbalancer.server.port': '8080',
    'traefik.http.routers.app_ci.rule': 'Host(`app.ci.local`, `www.app.ci.local`) && PathPrefix(`/api`)',
    'traefik.http.routers.app_ci.entrypoints': 'web-secure',
  };

  it('reads host, path and port the way traefik would', () => {
    expect(routersFromLabels('app_ci_app', base)).toEqual([
      { name: 'app_ci', service: 'app_ci_app', host: 'app.ci.local', path: '/api', port: 8080, portDeclared: true },
    ]);
  });

  it('ignores services without traefik.enable=true and rules without Host or PathPrefix', () => {
    expect(routersFromLabels('s', { ...base, 'traefik.enable': 'false' })).toEqual([]);
    expect(routersFromLabels('s', { 'traefik.enable': 'true', 'traefik.http.routers.r.rule': 'Headers(`X`, `y`)' })).toEqual([]);
  });

  it('assumes port 80 when no load balancer port is declared, and says so', () => {
    const [r] = routersFromLabels('s', { 'traefik.enable': 'true', 'traefik.http.routers.r.rule': 'Host(`a.b`)' });
    expect(r).toMatchObject({ port: 80, portDeclared: false, path: '/' });
  });

  it('follows an explicit router → service mapping among several services', () => {
    const labels = {
      'traefik.enable': 'true',
      'traefik.http.services.web.loadbalancer.server.port': '80',
      'traefik.http.services.api.loadbalancer.server.port': '3000',
      'traefik.http.routers.r.rule': 'Host(`a.b`)',
      'traefik.http.routers.r.service': 'api',
    };
    expect(routersFromLabels('s', labels)[0]?.port).toBe(3000);
  });
});

describe('HTTP response parsing and fallback pages', () => {
  it('splits status and body of an HTTP/1.0 response', () => {
    expect(parseHttpResponse('HTTP/1.1 302 Found\r\nLocation: /login\r\n\r\n<a>login</a>')).toEqual({ status: 302, body: '<a>login</a>' });
    expect(parseHttpResponse('HTTP/1.0 200 OK\nContent-Type: text/html\n\nhi')).toEqual({ status: 200, body: 'hi' });
    expect(parseHttpResponse('garbage')).toBeUndefined();
  });

  it('recognises proxy fallback bodies but not real pages', () => {
    expect(isFallbackBody('404 page not found\n')).toBe(true);
    expect(isFallbackBody('no available server')).toBe(true);
    expect(isFallbackBody('<h1>hello</h1>')).toBe(false);
  });
});
