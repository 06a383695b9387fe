/**
 * The X-Forwarded-* headers traefik sets: the entrypoint's forwardedheaders middleware rewrites them
 * before routing (so rules see them), and the reverse proxy appends X-Forwarded-For last.
 * Co-op Cloud's entrypoints trust no client (no forwardedHeaders.trustedIPs), so a client's own
 * X-Forwarded-* headers are dropped first.
 */
import { canonicalHeaderKey, type RouteRequest } from './request';

export interface ClientRequest {
  method: string;
  scheme: 'http' | 'https';
  host: string;
  /** Request target: escaped path plus `?query` if any. */
  target: string;
  /** Headers the client sends (canonical keys). */
  headers: [string, string][];
  clientIP: string;
}

/** Stand-in for traefik's X-Forwarded-Server (the traefik container's hostname). */
export const TRAEFIK_HOSTNAME = 'traefik';

const MANAGED = new Set([
  'X-Forwarded-Proto',
  'X-Forwarded-For',
  'X-Forwarded-Host',
  'X-Forwarded-Port',
  'X-Forwarded-Server',
  'X-Forwarded-Uri',
  'X-Forwarded-Method',
  'X-Forwarded-Prefix',
  'X-Forwarded-Tls-Client-Cert',
  'X-Forwarded-Tls-Client-Cert-Info',
  'X-Real-Ip',
]);

export const isManagedXHeader = (key: string) => MANAGED.has(canonicalHeaderKey(key.replace(/_/g, '-')));

/** Headers after the entrypoint's rewrite; a `null` value means "set to nothing" (see proxyHeaders). */
export function entryHeaders(c: ClientRequest): Map<string, string[] | null> {
  const h = new Map<string, string[] | null>();
  for (const [k, v] of c.headers) {
    if (isManagedXHeader(k)) continue;
    h.set(k, [...(h.get(k) ?? []), v]);
  }
  for (const hop of (h.get('Connection') ?? []).flatMap((v) => v.split(','))) {
    const key = canonicalHeaderKey(hop.trim());
    if (key && !MANAGED.has(key)) h.delete(key);
  }
  h.delete('Connection');
  h.set('X-Real-Ip', [c.clientIP]);
  h.set('X-Forwarded-Proto', [c.scheme]);
  const port = /:(\d+)$/.exec(c.host.replace(/^\[[^\]]*\]/, ''))?.[1];
  h.set('X-Forwarded-Port', [port ?? (c.scheme === 'https' ? '443' : '80')]);
  if (c.host !== '') h.set('X-Forwarded-Host', [c.host]);
  h.set('X-Forwarded-Server', [TRAEFIK_HOSTNAME]);
  return h;
}

/** The request traefik's muxer matches rules against. */
export function routeRequest(c: ClientRequest): RouteRequest {
  const q = c.target.indexOf('?');
  const headers = new Map<string, string[]>();
  for (const [k, v] of entryHeaders(c)) if (v) headers.set(k, v);
  return {
    method: c.method,
    host: c.host,
    path: q < 0 ? c.target : c.target.slice(0, q),
    query: q < 0 ? '' : c.target.slice(q + 1),
    headers,
    clientIP: c.clientIP,
    tls: c.scheme === 'https',
  };
}

/** The proxy's last touch: X-Forwarded-For gets the client IP unless a middleware blanked it. */
export function proxyHeaders(h: Map<string, string[] | null>, clientIP: string): Record<string, string> {
  const out: Record<string, string> = {};
  const xff = h.get('X-Forwarded-For');
  if (xff !== null) out['X-Forwarded-For'] = [...(xff ?? []), clientIP].join(', ');
  for (const [k, v] of h) if (v && k !== 'X-Forwarded-For' && k !== 'Host') out[k] = v.join(', ');
  return out;
}
