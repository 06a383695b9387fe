/** The request as it travels through a router's middlewares (Go's http.Request fields that matter). */
import type { ClientRequest } from './forwarded';
import { entryHeaders } from './forwarded';
import { escapedPath, escapePath, pathUnescape } from './request';

export interface MwState {
  method: string;
  scheme: 'http' | 'https';
  /** req.Host */
  host: string;
  /** req.URL.Path (decoded) and req.URL.RawPath. */
  path: string;
  rawPath: string;
  query: string;
  /** req.RequestURI: what redirects read and what the proxy finally sends. */
  requestURI: string;
  headers: Map<string, string[] | null>;
  clientIP: string;
}

export type Step =
  { kind: 'next' } | { kind: 'redirect'; status: number; location: string } | { kind: 'error'; status: number; detail: string };

export const NEXT: Step = { kind: 'next' };

export function initialState(c: ClientRequest): MwState {
  const q = c.target.indexOf('?');
  const target = q < 0 ? c.target : c.target.slice(0, q);
  const path = pathUnescape(target);
  return {
    method: c.method,
    scheme: c.scheme,
    host: c.host,
    path,
    rawPath: escapePath(path) === target ? '' : target,
    query: q < 0 ? '' : c.target.slice(q + 1),
    requestURI: c.target,
    headers: entryHeaders(c),
    clientIP: c.clientIP,
  };
}

/** Go's URL.RequestURI(), after a middleware changed the path. */
export function refreshURI(s: MwState): void {
  s.requestURI = (escapedPath(s.path, s.rawPath) || '/') + (s.query ? `?${s.query}` : '');
}

export function addHeader(s: MwState, key: string, value: string): void {
  s.headers.set(key, [...(s.headers.get(key) ?? []), value]);
}
