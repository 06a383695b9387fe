import { describe, expect, it } from 'vitest';
import { RuleError } from '../../src/errors';
import { regexExamples } from '../../src/traefik/matcher-kit';
import { muxTemplate, V2_MATCHERS } from '../../src/traefik/matchers-v2';
import { V3_MATCHERS } from '../../src/traefik/matchers-v3';
import type { RouteRequest } from '../../src/traefik/request';

const req = (over: Partial<RouteRequest> = {}): RouteRequest => ({
  method: 'GET',
  host: 'app.example',
  path: '/',
  query: '',
  headers: new Map(),
  clientIP: '10.0.0.1',
  tls: true,
  ...over,
});
const v2 = (name: string, ...args: string[]) => V2_MATCHERS[name]!(args);
const v3 = (name: string, ...args: string[]) => V3_MATCHERS[name]!(args);
// `a\bb` has no word boundary between two word characters: nothing matches it.
const UNSATISFIABLE = 'a\\bb';

describe('regexExamples', () => {
  it('gives a sample the regexp matches, or none when it has none', () => {
    expect(regexExamples('^ab+c$')).toEqual(['abc']);
    expect(regexExamples(UNSATISFIABLE)).toEqual([]);
  });
});

describe('v2 matchers', () => {
  it('refuses a closing brace before any opening one', () => {
    expect(() => muxTemplate('/a}{b}', 'path')).toThrow(RuleError);
    expect(() => muxTemplate('/a}{b}', 'path')).toThrow('mux: unbalanced braces in "/a}{b}"');
  });
  it('refuses non-ASCII hosts', () => {
    expect(() => v2('Host', 'ok.example', 'bücher.example')).toThrow('invalid value "bücher.example" for "Host" matcher');
    expect(() => v2('HostRegexp', 'bücher.example')).toThrow('invalid value for HostRegexp matcher, non-ASCII');
  });
  it('Host ignores one trailing dot on either side', () => {
    expect(v2('Host', 'app.example.').test(req())).toBe(true);
    expect(v2('Host', 'app.example').test(req({ host: 'App.Example.' }))).toBe(true);
    expect(v2('Host', 'app.example').test(req({ host: 'other.example' }))).toBe(false);
    expect(v2('Host', 'Other.Example.').examples('app.example')).toEqual([{ host: 'other.example' }]);
  });
  it('Method offers GET when allowed, else the first method', () => {
    expect(v2('Method', 'post', 'put').examples('d')).toEqual([{ method: 'POST' }]);
    expect(v2('Method', 'post', 'get').examples('d')).toEqual([{ method: 'GET' }]);
  });
  it('Headers and HeadersRegexp do not match a request without the header', () => {
    expect(v2('Headers', 'X-Env', 'ci').test(req())).toBe(false);
    expect(v2('Headers', 'x-env', 'ci').test(req({ headers: new Map([['X-Env', ['ci']]]) }))).toBe(true);
    expect(v2('HeadersRegexp', 'X-Env', '^c').test(req())).toBe(false);
  });
  it('HeadersRegexp offers examples only when every regexp has one', () => {
    expect(v2('HeadersRegexp', 'x-env', '^ci$').examples('d')).toEqual([{ headers: [['X-Env', 'ci']] }]);
    expect(v2('HeadersRegexp', 'X-Env', '^ci$', 'X-No', UNSATISFIABLE).examples('d')).toEqual([]);
  });
  it('Query offers no example when a value template cannot be satisfied', () => {
    const q = v2('Query', `k={v:${UNSATISFIABLE}}`);
    expect(q.examples('d')).toEqual([]);
    expect(q.test(req({ query: 'k=ab' }))).toBe(false);
    expect(v2('Query', 'k={v:[0-9]+}').examples('d')).toEqual([{ query: [['k', '0']] }]);
  });
});

describe('v3 matchers', () => {
  it('refuses a non-ASCII HostRegexp and a PathPrefix without a slash', () => {
    expect(() => v3('HostRegexp', 'bücher')).toThrow('invalid value "bücher" for HostRegexp matcher, non-ASCII characters are not allowed');
    expect(() => v3('PathPrefix', 'api')).toThrow(`path "api" does not start with a '/'`);
  });
  it('Header and HeaderRegexp do not match a request without the header', () => {
    expect(v3('Header', 'X-Env', 'ci').test(req())).toBe(false);
    expect(v3('HeaderRegexp', 'X-Env', '.*').test(req())).toBe(false);
    expect(v3('HeaderRegexp', 'x-env', '^c').test(req({ headers: new Map([['X-Env', ['ci']]]) }))).toBe(true);
  });
  it('QueryRegexp with one argument is Query with an empty value', () => {
    const q = v3('QueryRegexp', 'debug');
    expect(q.test(req({ query: 'debug' }))).toBe(true);
    expect(q.test(req({ query: 'debug=1' }))).toBe(false);
    expect(q.examples('d')).toEqual([{ query: [['debug', undefined]] }]);
  });
  it('QueryRegexp matches any value of the key and offers a sample', () => {
    const q = v3('QueryRegexp', 'id', '^[0-9]+$');
    expect(q.test(req({ query: 'id=x&id=42' }))).toBe(true);
    expect(q.test(req({ query: 'other=1' }))).toBe(false);
    expect(q.examples('d')).toEqual([{ query: [['id', '0']] }]);
    expect(v3('QueryRegexp', 'id', UNSATISFIABLE).examples('d')).toEqual([]);
  });
});
