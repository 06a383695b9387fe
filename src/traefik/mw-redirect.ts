/** traefik's redirectRegex and redirectScheme: traefik answers with a redirect itself. */
import { compileGo, goMatch, goReplaceAll, type GoRegexp } from './go-regex';
import { NEXT, type MwState, type Step } from './state';

const URI_PATTERN = compileGo(String.raw`^(https?:\/\/)?(\[[\w:.]+\]|[\w\._-]+)?(:\d+)?(.*)$`);

export const redirectStatus = (method: string, permanent: boolean) => (method === 'GET' ? (permanent ? 301 : 302) : permanent ? 308 : 307);

/**
 * What Go's url.Parse refuses: bad escapes, control characters, escaped ASCII in the host. The
 * middleware's error handler (vulcand/oxy) then answers 502, url.Error being a net.Error.
 */
function parsable(url: string): boolean {
  const host = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/([^/?#]*)/.exec(url)?.[1] ?? '';
  // eslint-disable-next-line no-control-regex -- Go's url.Parse refuses control characters; so does this
  return !/%(?![0-9a-fA-F]{2})|[\x00-\x1f\x7f]/.test(url) && !/%(?!25)[0-7][0-9a-fA-F]/.test(host);
}

function redirect(s: MwState, oldURL: string, re: GoRegexp, replacement: string, permanent: boolean): Step {
  if (!goMatch(re, oldURL)) return NEXT;
  const newURL = goReplaceAll(re, oldURL, replacement);
  if (!parsable(newURL)) return { kind: 'error', status: 502, detail: `the redirect target ${JSON.stringify(newURL)} is not a valid URL` };
  if (newURL === oldURL) return NEXT;
  return { kind: 'redirect', status: redirectStatus(s.method, permanent), location: newURL };
}

export function redirectRegex(s: MwState, re: GoRegexp, replacement: string, permanent: boolean): Step {
  return redirect(s, `${s.scheme}://${s.host}${s.requestURI}`, re, replacement, permanent);
}

export function redirectScheme(s: MwState, scheme: string, port: string, permanent: boolean): Step {
  let reqScheme: string = s.scheme;
  const proto = (s.headers.get('X-Forwarded-Proto') ?? [])[0]?.toLowerCase();
  if (proto === 'http' || proto === 'ws') reqScheme = 'http';
  if (proto === 'https' || proto === 'wss') reqScheme = 'https';
  const m = /^(.*):(\d*)$/.exec(s.host);
  let host = s.host;
  let hostPort = '';
  if (m && !/^[^[]*:.*:/.test(s.host)) [host, hostPort] = [m[1]!.replace(/^\[(.*)\]$/, '$1'), `:${m[2]}`];
  if ((reqScheme === 'http' && hostPort === ':80') || (reqScheme === 'https' && hostPort === ':443')) hostPort = '';
  const keepPort = port && !((scheme === 'http' && port === '80') || (scheme === 'https' && port === '443')) ? `:${port}` : '';
  return redirect(s, `${reqScheme}://${host}${hostPort}${s.requestURI}`, URI_PATTERN, `${scheme}://\${2}${keepPort}\${4}`, permanent);
}

/** v2's headers.sslRedirect (ignored by v3): unrolled/secure sends plain-HTTP requests to https. */
export function sslRedirect(s: MwState, temporary: boolean, sslHost: string | undefined): Step {
  if (s.scheme === 'https') return NEXT;
  return { kind: 'redirect', status: temporary ? 302 : 301, location: `https://${sslHost || s.host}${s.requestURI}` };
}
