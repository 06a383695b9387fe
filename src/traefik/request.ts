/**
 * The request as traefik's muxer and middlewares see it, with Go's net/url rules for paths and
 * queries (traefik matches on a "routing path" where only non-reserved escapes are decoded).
 */

export interface RouteRequest {
  method: string;
  /** `Host` as sent (may carry a port). */
  host: string;
  /** Request-target path, escaped as sent. */
  path: string;
  /** Raw query, without `?`. */
  query: string;
  /** Canonical keys; after the entrypoint's X-Forwarded-* rewrite. */
  headers: Map<string, string[]>;
  clientIP: string;
  tls: boolean;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Go's textproto.CanonicalMIMEHeaderKey. */
export function canonicalHeaderKey(key: string): string {
  if (!TOKEN.test(key)) return key;
  return key.toLowerCase().replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());
}

/** Host without port, lower-cased (traefik's canonical host for Host/HostRegexp). */
export function canonicalHost(host: string): string {
  let h = host.trim();
  const v6 = /^\[([^\]]*)\](?::\d*)?$/.exec(h);
  if (v6) h = v6[1]!;
  else if ((h.match(/:/g) ?? []).length === 1) h = h.slice(0, h.indexOf(':'));
  return h.toLowerCase();
}

/** `Host` without its port, not lower-cased (gorilla/mux's parseHost, used by v2 HostRegexp). */
export function hostWithoutPort(host: string): string {
  const v6 = /^\[([^\]]*)\]:\d*$/.exec(host);
  if (v6) return v6[1]!;
  return (host.match(/:/g) ?? []).length === 1 ? host.slice(0, host.indexOf(':')) : host;
}

function percentDecode(s: string, plusIsSpace: boolean): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '%') {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new Error(`invalid URL escape "${s.slice(i, i + 3)}"`);
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (c === '+' && plusIsSpace) bytes.push(0x20);
    else bytes.push(...new TextEncoder().encode(c));
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

export const pathUnescape = (s: string) => percentDecode(s, false);

const RESERVED_ESCAPES = new Set([
  '%3A',
  '%2F',
  '%3F',
  '%23',
  '%5B',
  '%5D',
  '%40',
  '%21',
  '%24',
  '%26',
  '%27',
  '%28',
  '%29',
  '%2A',
  '%2B',
  '%2C',
  '%3B',
  '%3D',
  '%25',
]);

/** traefik's routing path: the escaped path with every non-reserved escape decoded. */
export function routingPath(escaped: string): string {
  return escaped.replace(/%[0-9a-fA-F]{2}/g, (e) => (RESERVED_ESCAPES.has(e.toUpperCase()) ? e : pathUnescape(e)));
}

/** Go's url escaping in path mode. */
export function escapePath(path: string): string {
  let out = '';
  for (const b of new TextEncoder().encode(path)) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9\-_.~$&+,/:;=@]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Go's URL.EscapedPath: RawPath when it is a valid encoding of Path, else Path escaped. */
export function escapedPath(path: string, rawPath: string): string {
  if (rawPath !== '' && /^[A-Za-z0-9\-_.~$&+,/:;=@!'()*[\]%]*$/.test(rawPath)) {
    try {
      if (pathUnescape(rawPath) === path) return rawPath;
    } catch {
      /* invalid: fall through */
    }
  }
  return escapePath(path);
}

/** Go's url.ParseQuery, ignoring malformed pairs as URL.Query() does. */
export function parseQuery(query: string): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const part of query.split('&')) {
    if (part === '' || part.includes(';')) continue;
    const eq = part.indexOf('=');
    try {
      const k = percentDecode(eq < 0 ? part : part.slice(0, eq), true);
      const v = eq < 0 ? '' : percentDecode(part.slice(eq + 1), true);
      m.set(k, [...(m.get(k) ?? []), v]);
    } catch {
      /* skipped, as Go does */
    }
  }
  return m;
}

/** Encodes a query pair the way a client would send it. */
export function queryPair(key: string, value: string | undefined): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  return value === undefined ? enc(key) : `${enc(key)}=${enc(value)}`;
}
