import { describe, expect, it } from 'vitest';
import { compileGo } from '../../src/traefik/go-regex';
import { addPrefix, replacePath, replacePathRegex, stripPrefix, stripPrefixRegex } from '../../src/traefik/mw-path';
import { redirectRegex, redirectScheme } from '../../src/traefik/mw-redirect';
import { initialState, type MwState, type Step } from '../../src/traefik/state';

// Tables adapted from traefik's middleware tests (pkg/middlewares/*/..._test.go), with requests in
// origin form as a client sends them.

function state(target: string, opts: { scheme?: 'http' | 'https'; host?: string; method?: string } = {}): MwState {
  return initialState({
    method: opts.method ?? 'GET',
    scheme: opts.scheme ?? 'http',
    host: opts.host ?? 'foo',
    target,
    headers: [],
    clientIP: '10.0.0.1',
  });
}
const seen = (s: MwState, step: Step) => ({
  status: step.kind === 'error' ? step.status : 200,
  path: s.path,
  rawPath: s.rawPath,
  uri: s.requestURI,
  prefix: s.headers.get('X-Forwarded-Prefix')?.join(', '),
});

describe('stripPrefix (strip_prefix_test.go)', () => {
  it.each([
    // [desc, prefixes, target, status, path, requestURI, header]
    ['no prefixes configured', [], '/noprefixes', 200, '/noprefixes', '/noprefixes', undefined],
    ['wildcard', ['/'], '/', 200, '', '/', '/'],
    ['prefix and path matching', ['/stat'], '/stat', 200, '', '/', '/stat'],
    ['path prefix on exactly matching path', ['/stat/'], '/stat/', 200, '', '/', '/stat/'],
    ['path prefix on matching longer path', ['/stat/'], '/stat/us', 200, '/us', '/us', '/stat/'],
    ['path prefix on mismatching path', ['/stat/'], '/status', 200, '/status', '/status', undefined],
    ['general prefix on matching path', ['/stat'], '/stat/', 200, '/', '/', '/stat'],
    ['earlier prefix matching', ['/stat', '/stat/us'], '/stat/us', 200, '/us', '/us', '/stat'],
    ['later prefix matching', ['/mismatch', '/stat'], '/stat', 200, '', '/', '/stat'],
    ['prefix matching within slash boundaries', ['/stat'], '/status', 200, '/us', '/us', '/stat'],
    ['raw path is also stripped', ['/stat'], '/stat/a%2Fb', 200, '/a/b', '/a%2Fb', '/stat'],
    ['encoded char in prefix segment of raw path', ['/api/'], '/ap%69/a%2Fb', 200, '/a/b', '/a%2Fb', '/api/'],
    ['dot in the path not stripped by the prefix', ['/api'], '/api./foo', 400, undefined, undefined, undefined],
    ['multiple dots in the path not stripped by the prefix', ['/api'], '/api../foo', 400, undefined, undefined, undefined],
    ['a double slash left by the prefix', ['/cms'], '/cms//x', 400, undefined, undefined, undefined],
  ])('%s', (_, prefixes, target, status, path, uri, prefix) => {
    const s = state(target);
    const r = seen(s, stripPrefix(s, prefixes, false));
    expect(r.status).toBe(status);
    if (status === 200) expect({ path: r.path, uri: r.uri, prefix: r.prefix }).toEqual({ path, uri, prefix });
  });

  it('with forceSlash (the v2 default) leaves / instead of an empty path', () => {
    const s = state('/stat');
    stripPrefix(s, ['/stat'], true);
    expect([s.path, s.requestURI]).toEqual(['/', '/']);
  });

  it('keeps the query', () => {
    const s = state('/cms/page?x=1');
    stripPrefix(s, ['/cms'], false);
    expect(s.requestURI).toBe('/page?x=1');
  });
});

describe('stripPrefixRegex (strip_prefix_regex_test.go)', () => {
  it.each([
    ['/a/api/', '/a/test', '/a/test', '/a/test', undefined],
    ['/a/api/', '/a/api/', '', '/', '/a/api/'],
    ['/a/api/', '/a/api/test/', '/test/', '/test/', '/a/api/'],
    ['/b/([a-z0-9]+)/', '/b/api', '/b/api', '/b/api', undefined],
    ['/b/([a-z0-9]+)/', '/b/api2/test2', '/test2', '/test2', '/b/api2/'],
    ['/c/[a-z0-9]+/[0-9]+/', '/c/api/123/test3', '/test3', '/test3', '/c/api/123/'],
  ])('%s on %s → %j', (regex, target, path, uri, prefix) => {
    const s = state(target);
    stripPrefixRegex(s, [compileGo(regex)]);
    expect({ path: s.path, uri: s.requestURI, prefix: s.headers.get('X-Forwarded-Prefix')?.[0] }).toEqual({ path, uri, prefix });
  });

  it('skips a match that is not a prefix of the path', () => {
    const s = state('/x/a/api/');
    stripPrefixRegex(s, [compileGo('/a/api/')]);
    expect(s.path).toBe('/x/a/api/');
  });
});

describe('addPrefix, replacePath, replacePathRegex', () => {
  it.each([
    ['/foo', '/bar', '/foo/bar'],
    ['/foo', '/bar/', '/foo/bar/'],
    ['foo', '/bar', '/foo/bar'],
  ])('addPrefix %s to %s → %s', (prefix, target, uri) => {
    const s = state(target);
    addPrefix(s, prefix);
    expect(s.requestURI).toBe(uri);
  });

  it('replacePath replaces the whole path, keeps the query and records X-Replaced-Path', () => {
    const s = state('/foo/bar?x=1');
    replacePath(s, '/api/v1');
    expect([s.requestURI, s.headers.get('X-Replaced-Path')]).toEqual(['/api/v1?x=1', ['/foo/bar']]);
  });

  it('replacePath with an invalid escape answers 500', () => {
    expect(replacePath(state('/'), '/bad%zz')).toMatchObject({ kind: 'error', status: 500 });
  });

  it.each([
    ['^/foo/(.*)', '/bar/$1', '/foo/baz', '/bar/baz'],
    ['^/foo/(.*)', '/bar/$1', '/other', '/other'],
    ['^/whoami/(.*)', '/who-am-i/$1', '/whoami/and/whoami', '/who-am-i/and/whoami'],
    ['/foo/(.*)', '/$1x', '/foo/baz', '/'], // Go reads $1x as group "1x"
    ['^/foo/(.*)', '/${1}x', '/foo/baz', '/bazx'],
  ])('replacePathRegex %s → %s on %s → %s', (regex, replacement, target, uri) => {
    const s = state(target);
    replacePathRegex(s, compileGo(regex), replacement);
    expect(s.requestURI).toBe(uri);
  });
});

describe('redirectRegex (redirect_regex_test.go)', () => {
  it.each([
    // [regex, replacement, permanent, target, scheme, host, method, status, location]
    [
      '^(?:http?:\\/\\/)(foo)(\\.com)(:\\d+)(.*)$',
      'https://${1}bar$2:443$4',
      false,
      '/',
      'http',
      'foo.com:80',
      'GET',
      302,
      'https://foobar.com:443/',
    ],
    ['^(?:http?:\\/\\/)(foo)(\\.com)(:\\d+)(.*)$', 'https://${1}bar$2:443$4', false, '/', 'http', 'bar.com:80', 'GET', 0, undefined],
    ['^http://', 'https://$1', true, '/', 'http', 'foo', 'GET', 301, 'https://foo/'],
    ['https://foo', 'http://foo', true, '/', 'https', 'foo', 'GET', 301, 'http://foo/'],
    ['^http://', 'https://$1', false, '/', 'http', 'foo', 'POST', 307, 'https://foo/'],
    ['^http://', 'https://$1', true, '/', 'http', 'foo', 'PUT', 308, 'https://foo/'],
    [
      '(https?)://[^/:]+(:[0-9]+)?/(.*)',
      '$1://example.com$2/$3',
      true,
      '/path',
      'http',
      'www.example.com:8080',
      'GET',
      301,
      'http://example.com:8080/path',
    ],
    ['^https://www\\.(.*)', 'https://${1}', false, '/x?y=1', 'https', 'www.app.test', 'GET', 302, 'https://app.test/x?y=1'],
    ['^(.*)$', 'http://192.168.0.%31/', false, '/', 'http', 'foo.com', 'GET', 502, undefined],
    ['^(https://app.test)(.*)', '$1$2', false, '/', 'https', 'app.test', 'GET', 0, undefined], // same URL: no redirect
  ])('%s → %s, permanent %s, path %s over %s to %s', (regex, replacement, permanent, target, scheme, host, method, status, location) => {
    const s = state(target, { scheme: scheme as 'http' | 'https', host: host, method: method });
    const step = redirectRegex(s, compileGo(regex), replacement, permanent);
    if (status === 0) expect(step.kind).toBe('next');
    else if (step.kind === 'redirect') expect({ status: step.status, location: step.location }).toEqual({ status, location });
    else expect(step).toMatchObject({ kind: 'error', status });
  });
});

describe('redirectScheme (redirect_scheme_test.go)', () => {
  it.each([
    ['https', '', false, 'http', 'foo', '/', 302, 'https://foo/'],
    ['https', '', false, 'https', 'foo', '/', 0, undefined],
    ['https', '', false, 'http', 'foo:8080', '/', 302, 'https://foo/'],
    ['https', '8443', false, 'http', 'foo', '/', 302, 'https://foo:8443/'],
    ['https', '8443', false, 'http', 'foo:8000', '/', 302, 'https://foo:8443/'],
    ['https', '8443', false, 'https', 'foo:8000', '/', 302, 'https://foo:8443/'],
    ['https', '', false, 'https', 'foo:8000', '/theother', 302, 'https://foo/theother'],
    ['https', '8443', true, 'http', 'foo', '/', 301, 'https://foo:8443/'],
    ['https', '443', false, 'http', 'foo', '/a?b=c', 302, 'https://foo/a?b=c'],
    ['http', '', false, 'https', 'foo', '/', 302, 'http://foo/'],
  ])('to %s port %j (permanent %s) from %s://%s%s', (scheme, port, permanent, from, host, target, status, location) => {
    const s = state(target, { scheme: from as 'http' | 'https', host: host });
    const step = redirectScheme(s, scheme, port, permanent);
    if (status === 0) expect(step.kind).toBe('next');
    else expect(step).toEqual({ kind: 'redirect', status, location });
  });
});
