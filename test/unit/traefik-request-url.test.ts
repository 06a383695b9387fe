import { describe, expect, it } from 'vitest';
import {
  canonicalHeaderKey,
  canonicalHost,
  escapedPath,
  escapePath,
  hostWithoutPort,
  parseQuery,
  pathUnescape,
} from '../../src/traefik/request';

describe('canonicalHeaderKey', () => {
  it('canonicalises tokens and leaves non-token keys as they are', () => {
    expect(canonicalHeaderKey('x-forwarded-for')).toBe('X-Forwarded-For');
    expect(canonicalHeaderKey('bad key')).toBe('bad key');
    expect(canonicalHeaderKey('')).toBe('');
  });
});

describe('hosts', () => {
  it('canonicalHost strips brackets and port of an IPv6 host', () => {
    expect(canonicalHost(' [::1]:8080 ')).toBe('::1');
    expect(canonicalHost('[FE80::1]')).toBe('fe80::1');
    expect(canonicalHost('App.Example:443')).toBe('app.example');
  });
  it('hostWithoutPort strips an IPv6 port without lower-casing', () => {
    expect(hostWithoutPort('[FE80::1]:80')).toBe('FE80::1');
    expect(hostWithoutPort('App.Example:80')).toBe('App.Example');
    expect(hostWithoutPort('::1')).toBe('::1');
  });
});

describe('paths', () => {
  it('pathUnescape keeps + and decodes UTF-8', () => {
    expect(pathUnescape('a+b%20c%C3%A9')).toBe('a+b cé');
    expect(() => pathUnescape('%zz')).toThrow('invalid URL escape "%zz"');
  });
  it('escapePath escapes what Go escapes in a path', () => {
    expect(escapePath('/a b/é?')).toBe('/a%20b/%C3%A9%3F');
  });
  it('escapedPath keeps a valid RawPath and otherwise escapes Path', () => {
    expect(escapedPath('/a/b', '/a%2Fb')).toBe('/a%2Fb');
    expect(escapedPath('/a b', '/a%2Fb')).toBe('/a%20b');
    expect(escapedPath('/a b', '/a%zz')).toBe('/a%20b');
    expect(escapedPath('/a b', '')).toBe('/a%20b');
  });
});

describe('parseQuery', () => {
  it('decodes + as space, skips empty and ;-carrying pairs and malformed escapes', () => {
    const q = parseQuery('a+b=c+d&&x=1;y=2&bad=%zz&k&k=2');
    expect([...q]).toEqual([
      ['a b', ['c d']],
      ['k', ['', '2']],
    ]);
  });
});
