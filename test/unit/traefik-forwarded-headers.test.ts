import { describe, expect, it } from 'vitest';
import { entryHeaders, routeRequest, type ClientRequest } from '../../src/traefik/forwarded';

const client = (over: Partial<ClientRequest>): ClientRequest => ({
  method: 'GET',
  scheme: 'https',
  host: 'app.example',
  target: '/',
  headers: [],
  clientIP: '10.0.0.7',
  ...over,
});

describe('entryHeaders: what the entrypoint passes on', () => {
  it("drops the client's own X-Forwarded-* headers (any spelling) and sets traefik's", () => {
    const h = entryHeaders(
      client({
        headers: [
          ['X-Forwarded-For', '6.6.6.6'],
          ['x_real_ip', '6.6.6.6'],
          ['Accept', 'text/html'],
          ['Accept', '*/*'],
        ],
      }),
    );
    expect(h.get('X-Forwarded-For')).toBeUndefined();
    expect(h.has('x_real_ip')).toBe(false);
    expect(h.get('X-Real-Ip')).toEqual(['10.0.0.7']);
    expect(h.get('Accept')).toEqual(['text/html', '*/*']);
  });
  it('removes the headers Connection names as hop-by-hop, skipping blanks and managed ones', () => {
    const h = entryHeaders(
      client({
        headers: [
          ['Connection', 'keep-alive, x-secret,, X-Forwarded-Proto'],
          ['X-Secret', 's'],
          ['Keep-Alive', '5'],
          ['Accept', 'a'],
        ],
      }),
    );
    expect(h.has('X-Secret')).toBe(false);
    expect(h.has('Keep-Alive')).toBe(false);
    expect(h.has('Connection')).toBe(false);
    expect(h.get('Accept')).toEqual(['a']);
    expect(h.get('X-Forwarded-Proto')).toEqual(['https']);
  });
  it('sets no X-Forwarded-Host for an empty Host, and the port from the scheme', () => {
    const h = entryHeaders(client({ host: '', scheme: 'http' }));
    expect(h.has('X-Forwarded-Host')).toBe(false);
    expect(h.get('X-Forwarded-Port')).toEqual(['80']);
    expect(entryHeaders(client({ host: '[::1]:8443' })).get('X-Forwarded-Port')).toEqual(['8443']);
  });
});

describe('routeRequest', () => {
  it('splits path and query and carries the rewritten headers', () => {
    const r = routeRequest(client({ target: '/a/b?x=1&y', headers: [['X-Forwarded-Host', 'evil']] }));
    expect(r).toMatchObject({ path: '/a/b', query: 'x=1&y', tls: true, clientIP: '10.0.0.7' });
    expect(r.headers.get('X-Forwarded-Host')).toEqual(['app.example']);
  });
});
