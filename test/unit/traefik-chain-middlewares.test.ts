import { describe, expect, it } from 'vitest';
import { run, type ChainCtx } from '../../src/traefik/chain';
import { decodeLabels } from '../../src/traefik/labels';
import { initialState, type MwState } from '../../src/traefik/state';
import type { RuleSyntax } from '../../src/traefik/types';

// Unit tests of the middleware chain runner: each middleware type it applies or notes.

function ctx(labels: Record<string, string>, traefik: RuleSyntax = 'v3'): ChainCtx {
  const full = Object.fromEntries(Object.entries(labels).map(([k, v]) => [`traefik.http.middlewares.${k}`, v]));
  const d = decodeLabels({ name: 'app_web', labels: full, networks: ['proxy'] }, traefik);
  expect(d.error).toBeUndefined();
  return { middlewares: d.middlewares, traefik, notes: [] };
}

function state(target: string, opts: { scheme?: 'http' | 'https'; host?: string; clientIP?: string } = {}): MwState {
  return initialState({
    method: 'GET',
    scheme: opts.scheme ?? 'http',
    host: opts.host ?? 'app.example',
    target,
    headers: [],
    clientIP: opts.clientIP ?? '10.0.0.1',
  });
}

describe('chain: stripPrefix forceSlash', () => {
  it('defaults to forceSlash on v2 and off on v3', () => {
    const v2 = state('/api');
    expect(run(['s'], v2, ctx({ 's.stripprefix.prefixes': '/api' }, 'v2'))).toEqual({ kind: 'next' });
    expect(v2.path).toBe('/');
    const v3 = state('/api');
    run(['s'], v3, ctx({ 's.stripprefix.prefixes': '/api' }, 'v3'));
    expect(v3.path).toBe('');
  });
  it('follows an explicit forceSlash, and reads a non-bool as false', () => {
    const on = state('/api');
    run(['s'], on, ctx({ 's.stripprefix.prefixes': '/api', 's.stripprefix.forceSlash': 'true' }, 'v3'));
    expect(on.path).toBe('/');
    const bad = state('/api');
    run(['s'], bad, ctx({ 's.stripprefix.prefixes': '/api', 's.stripprefix.forceSlash': 'yes' }, 'v2'));
    expect(bad.path).toBe('');
  });
});

describe('chain: path middlewares', () => {
  it('stripPrefixRegex strips each trimmed regex of a list', () => {
    const s = state('/v1/users');
    expect(run(['r'], s, ctx({ 'r.stripprefixregex.regex': '/nope, /v[0-9]+' }))).toEqual({ kind: 'next' });
    expect(s.path).toBe('/users');
    expect(s.headers.get('X-Forwarded-Prefix')).toEqual(['/v1']);
  });
  it('stripPrefixRegex without a regex leaves the path', () => {
    const s = state('/v1/users');
    run(['r'], s, ctx({ 'r.stripprefixregex.other': 'x' }));
    expect(s.path).toBe('/v1/users');
  });
  it('replacePath replaces the path, and with no path set empties it', () => {
    const s = state('/old?q=1');
    run(['p'], s, ctx({ 'p.replacepath.path': '/new' }));
    expect(s.path).toBe('/new');
    expect(s.requestURI).toBe('/new?q=1');
    const e = state('/old');
    run(['p'], e, ctx({ 'p.replacepath.other': 'x' }));
    expect(e.path).toBe('');
  });
  it('replacePathRegex uses the trimmed regex and replacement, and defaults both to empty', () => {
    const s = state('/foo/bar');
    run(['p'], s, ctx({ 'p.replacepathregex.regex': ' ^/foo/(.*) ', 'p.replacepathregex.replacement': ' /x/$1 ' }));
    expect(s.path).toBe('/x/bar');
    // traefik skips the middleware when the replacement is empty (replace_path_regex.go).
    const noReplacement = state('/foo/bar');
    expect(run(['p'], noReplacement, ctx({ 'p.replacepathregex.regex': '^/foo' }))).toEqual({ kind: 'next' });
    expect(noReplacement.path).toBe('/foo/bar');
    expect(noReplacement.headers.has('X-Replaced-Path')).toBe(false);
    expect(() => run(['p'], state('/'), ctx({ 'p.replacepathregex.regex': '(' }))).toThrow();
    // An empty regex matches at every position, as Go's ReplaceAllString does.
    const noRegex = state('/foo');
    run(['p'], noRegex, ctx({ 'p.replacepathregex.replacement': '/z' }));
    expect(noRegex.path).toBe('/z//zf/zo/zo/z');
  });
  it('addPrefix refuses an empty prefix as traefik does', () => {
    expect(() => run(['a'], state('/x'), ctx({ 'a.addprefix.prefix': '' }))).toThrow('addPrefix: prefix cannot be empty');
    expect(() => run(['a'], state('/x'), ctx({ 'a.addprefix.other': 'y' }))).toThrow('prefix cannot be empty');
  });
});

describe('chain: redirects', () => {
  it('redirectRegex with no replacement answers an empty location', () => {
    const end = run(['r'], state('/x'), ctx({ 'r.redirectregex.regex': '^http://app.example/x$', 'r.redirectregex.permanent': 'true' }));
    expect(end).toEqual({ kind: 'redirect', status: 301, location: '', middleware: 'r' });
  });
  it('redirectRegex with no regex matches the empty string everywhere', () => {
    const end = run(['r'], state('/'), ctx({ 'r.redirectregex.replacement': 'X' }));
    expect(end).toMatchObject({ kind: 'redirect', status: 302, location: 'XhXtXtXpX:X/X/XaXpXpX.XeXxXaXmXpXlXeX/X' });
  });
  it('a redirect inside a chain middleware names the inner middleware', () => {
    const c = ctx({ 'outer.chain.middlewares': 'inner', 'inner.redirectscheme.scheme': 'https' });
    const end = run(['outer'], state('/p'), c);
    expect(end).toEqual({ kind: 'redirect', status: 302, location: 'https://app.example/p', middleware: 'inner' });
  });
});

describe('chain: forwardAuth and ipAllowList are noted', () => {
  it('forwardAuth notes the address it asks, or ? without one', () => {
    const c = ctx({ 'f.forwardauth.address': 'http://auth:9000', 'g.forwardauth.trustForwardHeader': 'true' });
    expect(run(['f', 'g'], state('/'), c)).toEqual({ kind: 'next' });
    expect(c.notes).toEqual([
      'middleware f: forwardAuth asks http://auth:9000 first; its answer decides whether the app is reached',
      'middleware g: forwardAuth asks ? first; its answer decides whether the app is reached',
    ]);
  });
  it.each(['ipallowlist', 'ipwhitelist'])('%s notes a 403 only for clients outside the range', (type) => {
    const c = ctx({ [`ip.${type}.sourceRange`]: '10.0.0.0/8, 192.168.1.1' });
    expect(run(['ip'], state('/', { clientIP: '10.2.3.4' }), c)).toEqual({ kind: 'next' });
    expect(c.notes).toEqual([]);
    expect(run(['ip'], state('/', { clientIP: '172.16.0.1' }), c)).toEqual({ kind: 'next' });
    expect(c.notes).toEqual(['middleware ip: traefik answers 403 to clients outside 10.0.0.0/8, 192.168.1.1']);
  });
});

describe('chain: headers sslRedirect', () => {
  it('v2 redirects plain HTTP permanently, to sslHost when set', () => {
    const c = ctx({ 'h.headers.sslRedirect': 'true', 'h.headers.sslHost': 'secure.example' }, 'v2');
    expect(run(['h'], state('/a?b=1'), c)).toEqual({
      kind: 'redirect',
      status: 301,
      location: 'https://secure.example/a?b=1',
      middleware: 'h',
    });
  });
  it('v2 sslTemporaryRedirect answers 302 to the same host; HTTPS requests pass', () => {
    const c = ctx({ 'h.headers.sslTemporaryRedirect': 'true' }, 'v2');
    expect(run(['h'], state('/a'), c)).toEqual({ kind: 'redirect', status: 302, location: 'https://app.example/a', middleware: 'h' });
    expect(run(['h'], state('/a', { scheme: 'https' }), c)).toEqual({ kind: 'next' });
  });
  it('v3 ignores sslRedirect and says so', () => {
    const c = ctx({ 'h.headers.sslRedirect': 'true' }, 'v3');
    expect(run(['h'], state('/a'), c)).toEqual({ kind: 'next' });
    expect(c.notes).toEqual(['middleware h: sslRedirect is ignored by traefik v3']);
  });
  it('a false sslRedirect does nothing', () => {
    const c = ctx({ 'h.headers.sslRedirect': 'false' }, 'v2');
    expect(run(['h'], state('/a'), c)).toEqual({ kind: 'next' });
    expect(c.notes).toEqual([]);
  });
});
