/**
 * Builds one concrete request that a rule matches: the rule is expanded into alternatives (DNF);
 * for each, every request dimension (host, path, method, headers, query, client IP) takes the first
 * candidate that satisfies all of that alternative's matchers, negated ones included. Matchers only
 * read their own dimension, so the result is then checked against the whole rule.
 */
import { isManagedXHeader, routeRequest, type ClientRequest } from './forwarded';
import type { Dim, Example, Matcher } from './matcher-kit';
import { queryPair } from './request';
import { evaluate, type Tree } from './rule';

type Lit = { m: Matcher; neg: boolean };
const CAP = 64;

function dnf(t: Tree, neg = false): Lit[][] {
  if (t.op === 'm') return [[{ m: t.m, neg }]];
  if (t.op === 'not') return dnf(t.expr, !neg);
  const left = dnf(t.left, neg);
  const right = dnf(t.right, neg);
  if ((t.op === 'and') === neg) return [...left, ...right].slice(0, CAP);
  return left.flatMap((a) => right.map((b) => [...a, ...b])).slice(0, CAP);
}

export interface SynthOptions {
  domain: string;
  scheme: 'http' | 'https';
}
/** Stand-in client address (TEST-NET-3) when no ClientIP matcher asks for one. */
export const DEFAULT_CLIENT_IP = '203.0.113.10';

function build(
  o: SynthOptions,
  c: { host: string; path: string; method: string; headers: [string, string][]; query: [string, string | undefined][]; client: string },
): ClientRequest {
  const q = c.query.map(([k, v]) => queryPair(k, v)).join('&');
  return { method: c.method, scheme: o.scheme, host: c.host, target: c.path + (q ? `?${q}` : ''), headers: c.headers, clientIP: c.client };
}

function solve(conj: Lit[], o: SynthOptions): ClientRequest | undefined {
  const pos = (dim: Dim): Example[] => conj.filter((l) => !l.neg && l.m.dim === dim).flatMap((l) => l.m.examples(o.domain));
  const headers = new Map<string, string>();
  // X-Forwarded-* come from traefik itself (a client's are dropped), so they are not sent.
  for (const e of pos('headers')) for (const [k, v] of e.headers ?? []) if (!isManagedXHeader(k)) headers.set(k, v);
  const query = new Map<string, string | undefined>();
  for (const e of pos('query')) for (const [k, v] of e.query ?? []) query.set(k, v);
  const cur = {
    host: o.domain,
    path: '/',
    method: 'GET',
    headers: [...headers],
    query: [...query],
    client: DEFAULT_CLIENT_IP,
  };
  const candidates: Record<'host' | 'path' | 'method' | 'client', string[]> = {
    host: [o.domain, ...pos('host').map((e) => e.host!), `cc-ci.${o.domain}`],
    path: [
      ...pos('path')
        .map((e) => e.path!)
        .sort((a, b) => b.length - a.length),
      '/',
      '/cc-ci',
    ],
    method: ['GET', ...pos('method').map((e) => e.method!), 'POST'],
    client: [...pos('client').map((e) => e.client!), DEFAULT_CLIENT_IP, '198.51.100.10', '2001:db8::10'],
  };
  const holds = (dim: Dim) => {
    const req = routeRequest(build(o, cur));
    return conj.filter((l) => l.m.dim === dim).every((l) => l.m.test(req) !== l.neg);
  };
  for (const dim of ['host', 'path', 'method', 'client'] as const) {
    const found = candidates[dim].find((v) => {
      cur[dim] = v;
      return holds(dim);
    });
    if (found === undefined) return undefined;
  }
  return holds('headers') && holds('query') ? build(o, cur) : undefined;
}

/** A request the rule matches, preferring the app's own domain and GET; undefined if none is found. */
export function synthesize(tree: Tree, o: SynthOptions): ClientRequest | undefined {
  const found = dnf(tree)
    .map((c) => solve(c, o))
    .filter((r): r is ClientRequest => r !== undefined && evaluate(tree, routeRequest(r)));
  const score = (r: ClientRequest) => (r.host === o.domain ? 0 : 2) + (r.method === 'GET' ? 0 : 1);
  return found.sort((a, b) => score(a) - score(b))[0];
}
