import { describe, expect, it } from 'vitest';
import { compileRule } from '../../src/traefik/rule';
import { parseRule } from '../../src/traefik/rule-parse';
import { RuleError } from '../../src/errors';

// Cases from traefik's pkg/muxer/http/mux_test.go, matcher_test.go, matcher_v2_test.go and the
// v2→v3 migration guide (docs/content/migrate/v2-to-v3-details.md).

describe('rule syntax (Go expressions, as vulcand/predicate parses them)', () => {
  it.each([
    ['backticks', 'Host(`a.b`)'],
    ['double quotes', 'Host("a.b")'],
    ['double-quoted escapes', 'Path("/a\\x2fb\\u00e9")'],
    ['&& binds tighter than ||', 'Host("a") || Host("b") && Path("/c")'],
    ['parentheses', '(Host("a") || Host("b")) && Path("/c")'],
    ['! before a call and before parentheses', '!Host("a") && !(Path("/a") || Path("/b"))'],
    ['double negation', '!(!(Host("a") && PathPrefix("/css")))'],
    ['a trailing comma in the arguments', 'Host(`a`,)'],
    ['a newline after an operator', 'Host(`a`) &&\nPath(`/`)'],
    ['a trailing newline', 'Host(`a`)\n'],
    ['comments', 'Host(`a`) /* app */ && Path(`/`)'],
  ])('accepts %s', (_, rule) => {
    expect(() => parseRule(rule)).not.toThrow();
  });

  it('parses && before || and keeps the string values unquoted', () => {
    expect(parseRule('Host("a") || Host(`b`) && Path("/c\\"d")')).toEqual({
      op: 'or',
      left: { op: 'call', name: 'Host', args: ['a'] },
      right: { op: 'and', left: { op: 'call', name: 'Host', args: ['b'] }, right: { op: 'call', name: 'Path', args: ['/c"d'] } },
    });
  });

  it.each([
    ['an empty rule', ''],
    ['a rule with no matcher', 'rulewithnotmatcher'],
    ['a value without quotes', 'Host(example.com)'],
    ['single quotes', "Host('a.b')"],
    ['a number argument', 'Host(1)'],
    ['a bare string', '`Host(a)`'],
    ['a nested call as argument', 'Host(Path(`/`))'],
    ['an unclosed parenthesis', 'Host(`a`'],
    ['a single &', 'Host(`a`) & Path(`/`)'],
    ['a comparison operator', 'Host(`a`) == Host(`b`)'],
    ['a newline before an operator (Go inserts a semicolon)', 'Host(`a`)\n&& Path(`/`)'],
    ['an unterminated raw string', 'Host(`a)'],
    ['an invalid escape in a double-quoted string', 'Host("a\\q")'],
    ['an empty argument list element', 'Host(,`a`)'],
  ])('refuses %s', (_, rule) => {
    expect(() => parseRule(rule)).toThrow(RuleError);
  });
});

describe('matchers per syntax', () => {
  it.each([['PATHPREFIX("/css")'], ['pathprefix("/css")'], ['PathPrefix("/css")'], ['Pathprefix("/css")']])(
    'accepts the spellings traefik registers: %s',
    (rule) => {
      for (const syntax of ['v2', 'v3'] as const) expect(compileRule(rule, syntax).op).toBe('m');
    },
  );

  it('refuses other spellings of a matcher name', () => {
    expect(() => compileRule('PathPREFIX(`/css`)', 'v3')).toThrow(/unsupported function: PathPREFIX/);
  });

  it.each([
    // [rule, valid in v2, valid in v3]
    ['Host(`example.com`, `www.example.com`)', true, false],
    ['HostHeader(`example.com`)', true, false],
    ['Headers(`X-A`, `1`)', true, false],
    ['HeadersRegexp(`X-A`, `^1$`)', true, false],
    ['Header(`X-A`, `1`)', false, true],
    ['HeaderRegexp(`X-A`, `^1$`)', false, true],
    ['PathRegexp(`^/a`)', false, true],
    ['QueryRegexp(`a`, `^1$`)', false, true],
    ['Query(`mobile`)', false, true],
    ['Query(`mobile=true`)', true, true],
    ['Query(`mobile`, `true`)', true, true],
    ['Method(`GET`, `POST`)', true, false],
    ['ClientIP(`10.0.0.0/8`, `::1`)', true, false],
    ['PathPrefix(`/css`, `/js`)', true, false],
    ['HostSNI(`a.b`)', false, false],
  ])('%s: v2 %s, v3 %s', (rule, v2, v3) => {
    const ok = (syntax: 'v2' | 'v3') => {
      try {
        compileRule(rule, syntax);
        return true;
      } catch {
        return false;
      }
    };
    expect([ok('v2'), ok('v3')]).toEqual([v2, v3]);
  });

  it.each([
    ['no parameter', 'Host()', /no args for matcher Host/],
    ['an empty parameter', 'Host(``)', /empty args for matcher Host/],
    ['non-ASCII host', 'Host(`🦭.com`)', /non-ASCII/],
    ['a path without leading slash', 'Path(`css`)', /does not start with a '\/'/],
    ['an invalid regexp', 'PathRegexp(`(css`)', /PathRegexp/],
    ['two values for a v3 matcher', 'Host(`a`, `b`)', /got 2, expected one of \[1\]/],
    ['an invalid client IP', 'ClientIP(`not-an-ip`)', /invalid IP/],
  ])('v3 refuses %s', (_, rule, message) => {
    expect(() => compileRule(rule, 'v3')).toThrow(message);
  });

  it.each([
    ['Headers with a missing value', 'Headers(`X-Forwarded-Host`)'],
    ['Headers with three parameters', 'Headers(`X-Forwarded-Host`, `example.com`, `example.org`)'],
    ['HeadersRegexp with an invalid regexp', 'HeadersRegexp(`X-Forwarded-Host`, `(example.com`)'],
    ['Query without =', 'Query(`foo`)'],
    ['a path template without leading slash', 'Path(`css`)'],
    ['unbalanced template braces', 'PathPrefix(`/css/{name`)'],
    ['a template with an empty name', 'Path(`/{:[a-z]+}`)'],
    ['a template with an invalid pattern', 'Path(`/{id:(}`)'],
  ])('v2 refuses %s', (_, rule) => {
    expect(() => compileRule(rule, 'v2')).toThrow(RuleError);
  });

  it('names the other syntax when a matcher only exists there', () => {
    expect(() => compileRule('PathRegexp(`^/a`)', 'v2')).toThrow(/a v3 matcher/);
    expect(() => compileRule('Headers(`a`, `b`)', 'v3')).toThrow(/a v2 matcher/);
  });

  it('accepts a v2 HostRegexp without braces as a literal host, as mux quotes it', () => {
    expect(() => compileRule('HostRegexp(`(example.com`)', 'v2')).not.toThrow();
  });
});
