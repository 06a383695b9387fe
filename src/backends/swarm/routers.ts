/** An HTTP route the recipe's traefik labels declare, resolved to the swarm service behind it. */
export interface Router {
  name: string;
  /** Swarm service name, e.g. `<stack>_app`. */
  service: string;
  host?: string;
  path: string;
  port: number;
  /** False when no `loadbalancer.server.port` label was found and 80 is assumed. */
  portDeclared: boolean;
}

/**
 * Reads routers from a service's (interpolated) deploy labels, as traefik's swarm provider would:
 * only services with `traefik.enable=true`, a `routers.<r>.rule` with Host()/PathPrefix(), and the
 * port from `services.<s>.loadbalancer.server.port`.
 */
export function routersFromLabels(service: string, labels: Record<string, string>): Router[] {
  if (String(labels['traefik.enable']).toLowerCase() !== 'true') return [];
  const ports = new Map<string, number>();
  for (const [k, v] of Object.entries(labels)) {
    const m = /^traefik\.http\.services\.([^.]+)\.loadbalancer\.server\.port$/.exec(k);
    if (m && /^\d+$/.test(v.trim())) ports.set(m[1]!, Number(v));
  }
  const routers: Router[] = [];
  for (const [k, rule] of Object.entries(labels)) {
    const m = /^traefik\.http\.routers\.([^.]+)\.rule$/.exec(k);
    if (!m) continue;
    const name = m[1]!;
    const host = /Host\(\s*`([^`]+)`/.exec(rule)?.[1];
    const path = /(?:PathPrefix|Path)\(\s*`([^`]+)`/.exec(rule)?.[1];
    if (!host && !path) continue;
    const target = labels[`traefik.http.routers.${name}.service`] ?? (ports.size === 1 ? [...ports.keys()][0] : name);
    const port = ports.get(target!) ?? (ports.size === 1 ? [...ports.values()][0] : undefined);
    routers.push({ name, service, host, path: path ?? '/', port: port ?? 80, portDeclared: port !== undefined });
  }
  return routers;
}

export interface HttpResponse {
  status: number;
  body: string;
}

/** Parses a raw HTTP/1.0 response as read off the wire by the probe. */
export function parseHttpResponse(raw: string): HttpResponse | undefined {
  const m = /^HTTP\/\d(?:\.\d)?\s+(\d{3})[^\n]*\n/.exec(raw);
  if (!m) return undefined;
  const split = raw.search(/\r?\n\r?\n/);
  const body = split >= 0 ? raw.slice(split).replace(/^\r?\n\r?\n/, '') : '';
  return { status: Number(m[1]), body };
}

/** Pages a reverse proxy or an empty server answers with, which never prove the app serves. */
const FALLBACK_BODIES = [/^404 page not found\s*$/i, /no available server/i, /^Bad Gateway\s*$/i, /^Service Unavailable\s*$/i, /<title>404 Not Found<\/title>/i];

export function isFallbackBody(body: string): boolean {
  return FALLBACK_BODIES.some((re) => re.test(body.trim()));
}
