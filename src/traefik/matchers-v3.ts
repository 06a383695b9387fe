/** traefik's v3 HTTP matchers (pkg/muxer/http/matcher.go): one value each, Go regexps. */
import { compileGo, goMatch } from './go-regex';
import { firstAddress, ipChecker } from './ip';
import { isAscii, nParams as n, regexExamples, toRequestPath, type Builder } from './matcher-kit';
import { canonicalHeaderKey, canonicalHost, parseQuery, routingPath } from './request';
import { RuleError } from '../errors';

function domainMatch(domain: string, expr: string): boolean {
  if (!expr.startsWith('*')) return domain.toLowerCase() === expr.toLowerCase();
  const labels = domain.split('.');
  labels[0] = '*';
  return labels.join('.').toLowerCase() === expr.toLowerCase();
}

export const V3_MATCHERS: Record<string, Builder> = {
  ClientIP: n(([ip]) => {
    const inRange = ipChecker([ip!]);
    return { dim: 'client', test: (r) => inRange(r.clientIP), examples: () => [{ client: firstAddress(ip!)! }] };
  }, 1),
  Method: n(([m]) => ({ dim: 'method', test: (r) => r.method === m!.toUpperCase(), examples: () => [{ method: m!.toUpperCase() }] }), 1),
  Host: n(([expr]) => {
    if (expr === '*') return { dim: 'host', test: () => true, examples: (d) => [{ host: d }] };
    if (!isAscii(expr!)) throw new RuleError(`invalid value "${expr}" for Host matcher, non-ASCII characters are not allowed`);
    const e = expr!.toLowerCase();
    const test = (h: string) =>
      h !== '' &&
      (domainMatch(h, e) || (e.endsWith('.') && domainMatch(h, e.slice(0, -1))) || (h.endsWith('.') && domainMatch(h.slice(0, -1), e)));
    const plain = e.replace(/\.$/, '').replace(/^\*/, 'cc-ci');
    return { dim: 'host', test: (r) => test(canonicalHost(r.host)), examples: (d) => [{ host: test(d) ? d : plain }] };
  }, 1),
  HostRegexp: n(([expr]) => {
    if (!isAscii(expr!)) throw new RuleError(`invalid value "${expr}" for HostRegexp matcher, non-ASCII characters are not allowed`);
    const re = compileGo(expr!);
    const test = (h: string) => goMatch(re, h);
    return {
      dim: 'host',
      test: (r) => test(canonicalHost(r.host)),
      examples: (d) => [d, ...regexExamples(expr!)].filter(test).map((host) => ({ host })),
    };
  }, 1),
  Path: n(([p]) => {
    if (!p!.startsWith('/')) throw new RuleError(`path "${p}" does not start with a '/'`);
    return { dim: 'path', test: (r) => routingPath(r.path) === p, examples: () => [{ path: toRequestPath(p!) }] };
  }, 1),
  PathRegexp: n(([p]) => {
    const re = compileGo(p!);
    return {
      dim: 'path',
      test: (r) => goMatch(re, routingPath(r.path)),
      examples: () => regexExamples(p!).map((s) => ({ path: toRequestPath(s.startsWith('/') ? s : `/${s}`) })),
    };
  }, 1),
  PathPrefix: n(([p]) => {
    if (!p!.startsWith('/')) throw new RuleError(`path "${p}" does not start with a '/'`);
    return { dim: 'path', test: (r) => routingPath(r.path).startsWith(p!), examples: () => [{ path: toRequestPath(p!) }] };
  }, 1),
  Header: n(([k, v]) => {
    const key = canonicalHeaderKey(k!);
    return { dim: 'headers', test: (r) => (r.headers.get(key) ?? []).includes(v!), examples: () => [{ headers: [[key, v!]] }] };
  }, 2),
  HeaderRegexp: n(([k, v]) => {
    const key = canonicalHeaderKey(k!);
    const re = compileGo(v!);
    return {
      dim: 'headers',
      test: (r) => (r.headers.get(key) ?? []).some((x) => goMatch(re, x)),
      examples: () => regexExamples(v!).map((s) => ({ headers: [[key, s]] })),
    };
  }, 2),
  Query: n(
    ([k, v]) => ({
      dim: 'query',
      test: (r) => (parseQuery(r.query).get(k!) ?? null)?.includes(v ?? '') ?? false,
      examples: () => [{ query: [[k!, v]] }],
    }),
    1,
    2,
  ),
  QueryRegexp: n(
    ([k, v]) => {
      if (v === undefined) return V3_MATCHERS.Query!([k!]);
      const re = compileGo(v);
      return {
        dim: 'query',
        test: (r) => (parseQuery(r.query).get(k!) ?? []).some((x) => goMatch(re, x)),
        examples: () => regexExamples(v).map((s) => ({ query: [[k!, s]] })),
      };
    },
    1,
    2,
  ),
};
