/**
 * traefik's v2 HTTP matchers (pkg/muxer/http/matcher_v2.go): several values per matcher, and
 * gorilla/mux templates (`{name:regexp}`) in Path, PathPrefix, HostRegexp and Query, compiled the
 * way traefik's mux fork does (regexp.go's newRouteRegexp, strict slash off).
 */
import { compileGo, goMatch, quoteMeta } from './go-regex';
import { firstAddress, ipChecker } from './ip';
import { isAscii, regexExamples, toRequestPath, type Builder } from './matcher-kit';
import { canonicalHeaderKey, canonicalHost, hostWithoutPort, parseQuery, routingPath } from './request';
import { RuleError } from '../errors';

type Kind = 'host' | 'path' | 'prefix' | 'query';

/** A mux template as the Go regexp mux matches with. */
export function muxTemplate(tpl: string, kind: Kind): string {
  if ((kind === 'path' || kind === 'prefix') && tpl !== '' && !tpl.startsWith('/'))
    throw new RuleError(`mux: path must start with a slash, got "${tpl}"`);
  const idxs: number[] = [];
  let level = 0;
  let start = 0;
  for (let i = 0; i < tpl.length; i++) {
    if (tpl[i] === '{' && ++level === 1) start = i;
    else if (tpl[i] === '}' && --level === 0) idxs.push(start, i + 1);
    else if (level < 0) throw new RuleError(`mux: unbalanced braces in "${tpl}"`);
  }
  if (level !== 0) throw new RuleError(`mux: unbalanced braces in "${tpl}"`);
  const dflt = kind === 'query' ? '.*' : kind === 'host' ? '[^.]+' : '[^/]+';
  let pattern = `${kind === 'host' ? '(?i)' : ''}^`;
  let end = 0;
  for (let i = 0; i < idxs.length; i += 2) {
    const raw = tpl.slice(end, idxs[i]);
    end = idxs[i + 1]!;
    const inner = tpl.slice(idxs[i]! + 1, end - 1);
    const colon = inner.indexOf(':');
    const [name, patt] = colon < 0 ? [inner, dflt] : [inner.slice(0, colon), inner.slice(colon + 1)];
    if (name === '' || patt === '') throw new RuleError(`mux: missing name or pattern in "${tpl.slice(idxs[i], end)}"`);
    compileGo(`^${patt}$`);
    pattern += `${quoteMeta(raw)}(?P<v${i / 2}>${patt})`;
  }
  pattern += quoteMeta(tpl.slice(end));
  if (kind === 'query' && tpl.slice(tpl.indexOf('=') + 1) === '') pattern += dflt;
  if (kind !== 'prefix') pattern += '$';
  return pattern;
}

function pairs(args: string[]): [string, string][] {
  if (args.length % 2 !== 0) throw new RuleError(`mux: number of parameters must be multiple of 2, got [${args.join(' ')}]`);
  return Array.from({ length: args.length / 2 }, (_, k) => [args[2 * k]!, args[2 * k + 1]!]);
}

const host: Builder = (args) => {
  const bad = args.find((h) => !isAscii(h));
  if (bad !== undefined) throw new RuleError(`invalid value "${bad}" for "Host" matcher, non-ASCII characters are not allowed`);
  const hosts = args.map((h) => h.toLowerCase());
  const test = (h: string) =>
    h !== '' && hosts.some((x) => h === x || (x.endsWith('.') && h === x.slice(0, -1)) || (h.endsWith('.') && h.slice(0, -1) === x));
  return { dim: 'host', test: (r) => test(canonicalHost(r.host)), examples: (d) => [{ host: test(d) ? d : hosts[0]!.replace(/\.$/, '') }] };
};

const pathLike =
  (kind: 'path' | 'prefix'): Builder =>
  (args) => {
    const res = args.map((a) => compileGo(muxTemplate(a, kind)));
    const ex = args.flatMap((a) => regexExamples(muxTemplate(a, kind)));
    return {
      dim: 'path',
      test: (r) => res.some((re) => goMatch(re, routingPath(r.path))),
      examples: () => ex.map((p) => ({ path: toRequestPath(p) })),
    };
  };

export const V2_MATCHERS: Record<string, Builder> = {
  Host: host,
  HostHeader: host,
  HostRegexp: (args) => {
    if (args.some((h) => !isAscii(h))) throw new RuleError('invalid value for HostRegexp matcher, non-ASCII characters are not allowed');
    const res = args.map((a) => compileGo(muxTemplate(a, 'host')));
    const test = (h: string) => res.some((re) => goMatch(re, h));
    const ex = args.flatMap((a) => regexExamples(muxTemplate(a, 'host')));
    return {
      dim: 'host',
      test: (r) => test(hostWithoutPort(r.host)),
      examples: (d) => [d, ...ex].filter(test).map((h) => ({ host: h.toLowerCase() })),
    };
  },
  ClientIP: (args) => {
    const inRange = ipChecker(args);
    return { dim: 'client', test: (r) => inRange(r.clientIP), examples: () => [{ client: firstAddress(args[0]!)! }] };
  },
  Path: pathLike('path'),
  PathPrefix: pathLike('prefix'),
  Method: (args) => {
    const methods = args.map((m) => m.toUpperCase());
    return {
      dim: 'method',
      test: (r) => methods.includes(r.method),
      examples: () => [{ method: methods.includes('GET') ? 'GET' : methods[0]! }],
    };
  },
  Headers: (args) => {
    const want = pairs(args).map(([k, v]) => [canonicalHeaderKey(k), v] as [string, string]);
    return {
      dim: 'headers',
      test: (r) => want.every(([k, v]) => (r.headers.get(k) ?? []).includes(v)),
      examples: () => [{ headers: want }],
    };
  },
  HeadersRegexp: (args) => {
    const want = pairs(args).map(([k, v]) => [canonicalHeaderKey(k), compileGo(v), v] as const);
    const ex = want.map(([k, , v]) => [k, regexExamples(v)[0]] as const);
    return {
      dim: 'headers',
      test: (r) => want.every(([k, re]) => (r.headers.get(k) ?? []).some((x) => goMatch(re, x))),
      examples: () => (ex.every(([, v]) => v !== undefined) ? [{ headers: ex as [string, string][] }] : []),
    };
  },
  Query: (args) => {
    const flat = args.flatMap((a) => (a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a]));
    const tpls = pairs(flat).map(([k, v]) => ({ key: k, re: compileGo(muxTemplate(`${k}=${v}`, 'query')), tpl: `${k}=${v}` }));
    // mux compares `key=firstValue` of the request's query against each `key=value` template.
    const test = (query: string) => {
      const q = parseQuery(query);
      return tpls.every(({ key, re }) => goMatch(re, q.get(key)?.length ? `${key}=${q.get(key)![0]}` : ''));
    };
    const ex = tpls.map(({ tpl }) => regexExamples(muxTemplate(tpl, 'query'))[0]);
    const query = ex.every((s) => s !== undefined)
      ? ex.map((s): [string, string] => [s.slice(0, s.indexOf('=')), s.slice(s.indexOf('=') + 1)])
      : undefined;
    return { dim: 'query', test: (r) => test(r.query), examples: () => (query ? [{ query }] : []) };
  },
};
