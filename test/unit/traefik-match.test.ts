import { describe, expect, it } from 'vitest';
import { compileRule, evaluate } from '../../src/traefik/rule';
import type { RouteRequest } from '../../src/traefik/request';
import type { RuleSyntax } from '../../src/traefik/types';

// Tables adapted from traefik's pkg/muxer/http/mux_test.go, matcher_test.go and matcher_v2_test.go.

function req(url: string, extra: Partial<RouteRequest> = {}): RouteRequest {
  const u = /^(https?):\/\/([^/?]*)([^?]*)(?:\?(.*))?$/.exec(url)!;
  return {
    method: 'GET',
    host: u[2]!,
    path: u[3] || '/',
    query: u[4] ?? '',
    headers: new Map(),
    clientIP: '10.0.0.1',
    tls: u[1] === 'https',
    ...extra,
  };
}

function table(syntax: RuleSyntax, rule: string, cases: Record<string, boolean>) {
  const tree = compileRule(rule, syntax);
  const got = Object.fromEntries(Object.keys(cases).map((url) => [url, evaluate(tree, req(url))]));
  expect(got).toEqual(cases);
}

describe('combining matchers (both syntaxes)', () => {
  it.each(['v2', 'v3'] as const)('%s: host OR host AND path groups as && before ||', (syntax) => {
    table(syntax, 'Host("example.com") || Host("example.org") && Path("/css")', {
      'https://example.com/css': true,
      'https://example.com/js': true,
      'https://example.org/css': true,
      'https://example.org/js': false,
      'https://example.eu/css': false,
    });
  });

  it.each(['v2', 'v3'] as const)('%s: (host OR host) AND path', (syntax) => {
    table(syntax, '(Host("example.com") || Host("example.org")) && Path("/css")', {
      'https://example.com/css': true,
      'https://example.com/js': false,
      'https://example.org/css': true,
      'https://example.eu/css': false,
    });
  });

  it.each(['v2', 'v3'] as const)('%s: not over a conjunction with another not inside', (syntax) => {
    table(syntax, '!(Host("example.com") && !Path("/css"))', {
      'https://example.com/css': true,
      'https://example.org/css': true,
      'https://example.com/js': false,
    });
  });
});

describe('v3 matchers', () => {
  it('Host matches case-insensitively, ignores the port and trailing dots', () => {
    table('v3', 'Host(`example.com`)', {
      'https://example.com': true,
      'https://example.com:8080': true,
      'https://EXAMPLE.COM/path': true,
      'https://example.com./path': true,
      'https://example.org': false,
    });
    table('v3', 'Host(`example.com.`)', { 'https://example.com': true, 'https://example.com.': true });
  });

  it('Host supports one-label wildcards and the bare * catch-all', () => {
    table('v3', 'Host(`*.example.com`)', {
      'https://foo.example.com': true,
      'https://foo.bar.example.com': false,
      'https://example.com': false,
    });
    table('v3', 'Host(`*`)', { 'https://anything.test': true, 'http:///x': true });
  });

  it('HostRegexp is a Go regexp on the lower-cased host', () => {
    table('v3', 'HostRegexp(`^[a-z]+\\.traefik\\.com$`)', {
      'https://foobar.traefik.com': true,
      'https://FOO.traefik.com': true,
      'https://foo1.traefik.com': false,
    });
  });

  it('Path is exact, PathPrefix is a plain prefix, PathRegexp is unanchored', () => {
    table('v3', 'Path(`/products`)', { 'https://a/products': true, 'https://a/products/': false, 'https://a/products/shoes': false });
    table('v3', 'PathPrefix(`/products`)', {
      'https://a/products': true,
      'https://a/products/shoes': true,
      'https://a/products-for-sale': true,
      'https://a/product': false,
    });
    table('v3', 'PathRegexp(`\\.(jpeg|jpg|png)$`)', { 'https://a/x/y.png': true, 'https://a/x/y.gif': false });
    table('v3', 'PathPrefix(`/css/{name:[a-z]+}`)', { 'https://a/css/main': false, 'https://a/css/{name:[a-z]+}': true });
  });

  it('paths match with non-reserved escapes decoded and reserved ones kept', () => {
    table('v3', 'Path(`/foo bar`)', { 'https://a/foo%20bar': true });
    table('v3', 'Path(`/a%2Fb`)', { 'https://a/a%2Fb': true, 'https://a/a/b': false });
  });

  it('Method compares the upper-cased method', () => {
    const tree = compileRule('Method(`get`)', 'v3');
    expect([evaluate(tree, req('https://a/')), evaluate(tree, req('https://a/', { method: 'POST' }))]).toEqual([true, false]);
  });

  it('Header and HeaderRegexp look up the canonical header key', () => {
    const h = (k: string, v: string[]) => req('https://a/', { headers: new Map([[k, v]]) });
    expect(evaluate(compileRule('Header(`content-type`, `application/yaml`)', 'v3'), h('Content-Type', ['application/yaml']))).toBe(true);
    const re = compileRule('HeaderRegexp(`Content-Type`, `^application/(json|yaml)$`)', 'v3');
    expect(
      [h('Content-Type', ['text/html', 'application/json']), h('Content-Type', ['application/xml'])].map((r) => evaluate(re, r)),
    ).toEqual([true, false]);
  });

  it('Query with one value matches a bare key; QueryRegexp matches any value', () => {
    table('v3', 'Query(`mobile`)', {
      'https://a/search?mobile': true,
      'https://a/search?mobile=': true,
      'https://a/search?mobile=1': false,
    });
    table('v3', 'Query(`mobile`, `true`)', {
      'https://a/?mobile=true': true,
      'https://a/?mobile=false&mobile=true': true,
      'https://a/?x=true': false,
    });
    table('v3', 'QueryRegexp(`mobile`, `^(true|yes)$`)', { 'https://a/?mobile=yes': true, 'https://a/?mobile=no': false });
  });

  it('ClientIP matches IPv4, IPv6 and CIDRs on the connection address', () => {
    const t = compileRule('ClientIP(`192.168.1.0/24`) || ClientIP(`fe80::/10`)', 'v3');
    const ips = ['192.168.1.77', '192.168.2.1', 'fe80::1', '2001:db8::1', '::ffff:192.168.1.5'];
    expect(ips.map((clientIP) => evaluate(t, req('https://a/', { clientIP })))).toEqual([true, false, true, false, true]);
  });
});

describe('v2 matchers', () => {
  it('Host takes several hosts; HostHeader is the same matcher', () => {
    table('v2', 'Host(`example.com`, `example.org`)', {
      'https://example.com:8080': true,
      'https://EXAMPLE.COM/path': true,
      'https://example.org/path': true,
      'https://example.net': false,
    });
    table('v2', 'HostHeader(`example.com`)', { 'https://example.com': true, 'https://example.org': false });
  });

  it('HostRegexp takes mux templates, case-insensitive', () => {
    table('v2', 'HostRegexp(`{subdomain:(foo\\.)?bar\\.com}`)', {
      'http://foo.bar.com': true,
      'http://bar.com': true,
      'http://fooubar.com': false,
      'http://barucom': false,
    });
    table('v2', 'HostRegexp(`{dummy:[A-Za-z-]+\\.bar\\.com}`)', { 'http://FOO.bar.com': true, 'http://foo.bar.com': true });
    table('v2', 'HostRegexp(`{subdomain:[a-z]+}.traefik.com`)', { 'https://abc.traefik.com': true, 'https://abc.traefikxcom': false });
    table('v2', 'HostRegexp(`example.com`, `example.org`)', { 'https://example.com:8080': true, 'https://example.org/path': true });
  });

  it('Path and PathPrefix take templates with a default [^/]+ segment', () => {
    table('v2', 'Path(`/css{path:(/.*)?}`)', {
      'https://a/css/main.css': true,
      'https://a/css/components/component.css': true,
      'https://a/js/main.js': false,
    });
    table('v2', 'PathPrefix(`/css-{name:[0-9]?}`)', {
      'https://a/css-1/main.css': true,
      'https://a/css-222/main.css': true,
      'https://a/js/main.js': false,
    });
    table('v2', 'Path(`/user/{id}`)', { 'https://a/user/42': true, 'https://a/user/42/x': false });
    table('v2', 'PathPrefix(`/css`, `/js`)', { 'https://a/css/x': true, 'https://a/js': true, 'https://a/img': false });
  });

  it('Method takes several methods', () => {
    const t = compileRule('Method(`GET`, `POST`)', 'v2');
    expect(['GET', 'POST', 'PUT'].map((method) => evaluate(t, req('https://a/', { method })))).toEqual([true, true, false]);
  });

  it('Headers needs every pair; HeadersRegexp values are Go regexps', () => {
    const h = (v: string) => req('https://a/', { headers: new Map([['X-Forwarded-Proto', [v]]]) });
    const exact = compileRule('Headers(`x-forwarded-proto`, `https`)', 'v2');
    expect([evaluate(exact, h('https')), evaluate(exact, h('http'))]).toEqual([true, false]);
    const re = compileRule('HeadersRegexp(`X-Forwarded-Proto`, `http{secure:s?}`)', 'v2');
    expect([evaluate(re, h('https')), evaluate(re, h('http{secure:s}'))]).toEqual([false, true]);
  });

  it('Query compares `key=first value` with each key=value template', () => {
    table('v2', 'Query(`foo=bar`)', { 'https://a/?foo=bar': true, 'https://a/?foo=baz': false, 'https://a/?foo=baz&foo=bar': false });
    table('v2', 'Query(`foo=`)', { 'https://a/?foo=anything': true, 'https://a/?bar=1': false });
    table('v2', 'Query(`foo={v:[0-9]+}`, `bar=1`)', { 'https://a/?foo=12&bar=1': true, 'https://a/?foo=x&bar=1': false });
  });
});
