import { describe, expect, it } from 'vitest';
import { compileGo } from '../../src/traefik/go-regex';
import { redirectRegex, redirectScheme, sslRedirect } from '../../src/traefik/mw-redirect';
import type { MwState } from '../../src/traefik/state';

const state = (over: Partial<MwState> = {}): MwState => ({
  method: 'GET',
  scheme: 'http',
  host: 'app.example',
  path: '/p',
  rawPath: '',
  query: '',
  requestURI: '/p',
  headers: new Map(),
  clientIP: '10.0.0.1',
  ...over,
});

describe('redirectRegex', () => {
  it('redirects to a relative target', () => {
    expect(redirectRegex(state(), compileGo('^http://app.example/(.*)$'), '/new/$1', false)).toEqual({
      kind: 'redirect',
      status: 302,
      location: '/new/p',
    });
  });
  it('answers 502 for a target with escaped ASCII in its host', () => {
    expect(redirectRegex(state(), compileGo('^http://app.example/p$'), 'https://a%41b/', true)).toMatchObject({
      kind: 'error',
      status: 502,
    });
  });
});

describe('redirectScheme', () => {
  it('uses the request scheme when no X-Forwarded-Proto is set', () => {
    expect(redirectScheme(state({ scheme: 'https' }), 'https', '', true)).toEqual({ kind: 'next' });
    expect(redirectScheme(state(), 'https', '', true)).toEqual({ kind: 'redirect', status: 301, location: 'https://app.example/p' });
  });
  it("drops the request's default port", () => {
    expect(redirectScheme(state({ host: 'app.example:80' }), 'https', '', false)).toEqual({
      kind: 'redirect',
      status: 302,
      location: 'https://app.example/p',
    });
    const https = state({ scheme: 'https', host: 'app.example:443', headers: new Map([['X-Forwarded-Proto', ['https']]]) });
    expect(redirectScheme(https, 'http', '', false)).toEqual({ kind: 'redirect', status: 302, location: 'http://app.example/p' });
  });
  it("keeps a target port unless it is the scheme's default", () => {
    expect(redirectScheme(state(), 'https', '8443', false)).toEqual({
      kind: 'redirect',
      status: 302,
      location: 'https://app.example:8443/p',
    });
    expect(redirectScheme(state(), 'https', '443', false)).toEqual({ kind: 'redirect', status: 302, location: 'https://app.example/p' });
    expect(redirectScheme(state({ scheme: 'https' }), 'http', '80', false)).toEqual({
      kind: 'redirect',
      status: 302,
      location: 'http://app.example/p',
    });
  });
});

describe('sslRedirect (v2 headers)', () => {
  it('lets HTTPS through and sends HTTP to https, on sslHost when set', () => {
    expect(sslRedirect(state({ scheme: 'https' }), false, undefined)).toEqual({ kind: 'next' });
    expect(sslRedirect(state({ requestURI: '/p?q=1' }), false, undefined)).toEqual({
      kind: 'redirect',
      status: 301,
      location: 'https://app.example/p?q=1',
    });
    expect(sslRedirect(state(), true, 'secure.example')).toEqual({ kind: 'redirect', status: 302, location: 'https://secure.example/p' });
    expect(sslRedirect(state(), true, '')).toEqual({ kind: 'redirect', status: 302, location: 'https://app.example/p' });
  });
});
