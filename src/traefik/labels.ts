/**
 * Decodes one swarm service's traefik labels the way traefik's label parser (traefik/paerser) does:
 * field names case-insensitive, keys applied in sorted order, `,`-separated lists, and any unknown
 * field or bad value failing the whole service (traefik then ignores all its labels).
 */
import type { LabelledService, RuleSyntax } from './types';

export interface Field {
  key: string;
  value: string;
}
export interface Element {
  name: string;
  owner: string;
  fields: Map<string, Field>;
}
export interface Decoded {
  svc: LabelledService;
  enabled: boolean;
  routers: Map<string, Element>;
  services: Map<string, Element>;
  middlewares: Map<string, Element>;
  /** The network label (`traefik.swarm.network` / `traefik.docker.network`) that applies, if any. */
  network?: Field;
  onlyTcpUdp: boolean;
  /** Why traefik would ignore every label of this service. */
  error?: { label: string; message: string };
}

export const MIDDLEWARE_TYPES = new Set([
  'addprefix',
  'stripprefix',
  'stripprefixregex',
  'replacepath',
  'replacepathregex',
  'chain',
  'ipwhitelist',
  'ipallowlist',
  'headers',
  'errors',
  'ratelimit',
  'redirectregex',
  'redirectscheme',
  'basicauth',
  'digestauth',
  'forwardauth',
  'inflightreq',
  'buffering',
  'circuitbreaker',
  'compress',
  'passtlsclientcert',
  'retry',
  'contenttype',
  'grpcweb',
  'plugin',
  'encodedcharacters',
]);
const V3_ONLY_MIDDLEWARES = new Set(['encodedcharacters']);

const ROUTER_FIELD =
  /^(rule|entrypoints|middlewares|service|priority|tls|tls\.options|tls\.certresolver|tls\.domains\[\d+\]\.(main|sans))$/;
const ROUTER_FIELD_V3 = /^(rulesyntax|observability\.(accesslogs|metrics|tracing|traceverbosity))$/;
const GO_BOOL = /^(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$/;

export const goBool = (v: string): boolean | undefined => (GO_BOOL.test(v) ? /^(1|t|T|TRUE|true|True)$/.test(v) : undefined);
export const list = (v: string | undefined): string[] => (v ? v.split(',').map((s) => s.trim()) : []);

export function decodeLabels(svc: LabelledService, traefik: RuleSyntax): Decoded {
  const d: Decoded = { svc, enabled: false, routers: new Map(), services: new Map(), middlewares: new Map(), onlyTcpUdp: false };
  const fail = (key: string, message: string) => {
    d.error ??= { label: key, message };
  };
  let http = false;
  let tcpUdp = false;
  const nets: Record<string, Field> = {};
  for (const key of Object.keys(svc.labels).sort()) {
    const value = svc.labels[key]!;
    const parts = key.split('.');
    const lower = parts.map((p) => p.toLowerCase());
    if (lower[0] !== 'traefik') continue;
    if (lower.length === 2 && lower[1] === 'enable') {
      const b = goBool(value);
      if (b === undefined) fail(key, `traefik.enable must be true or false, not "${value}"`);
      else d.enabled = b;
      continue;
    }
    if (lower[1] === 'docker' || (lower[1] === 'swarm' && traefik === 'v3')) {
      const field = lower.slice(2).join('.');
      if (field === 'network') nets[lower[1]] = { key, value };
      else if (field === 'lbswarm' && goBool(value) === undefined) fail(key, `${key} must be true or false`);
      else if (field !== 'lbswarm') fail(key, `traefik does not know the label ${key} (it then ignores this service's labels)`);
      continue;
    }
    if (lower[1] === 'tcp' || lower[1] === 'udp') {
      tcpUdp = true;
      continue;
    }
    if (lower[1] !== 'http') continue;
    const kind = lower[2];
    const name = parts[3];
    const path = lower.slice(4).join('.');
    if (parts.some((p) => p === '')) {
      fail(key, `invalid label ${key}: empty element`);
      continue;
    }
    http = true;
    const map = kind === 'routers' ? d.routers : kind === 'services' ? d.services : kind === 'middlewares' ? d.middlewares : undefined;
    if (!map || name === undefined || path === '') {
      if (kind !== 'serverstransports') fail(key, `traefik cannot read ${key} (it then ignores this service's labels)`);
      continue;
    }
    const known =
      kind === 'routers'
        ? ROUTER_FIELD.test(path) || (traefik === 'v3' && ROUTER_FIELD_V3.test(path))
        : kind === 'services'
          ? path.startsWith('loadbalancer.')
          : MIDDLEWARE_TYPES.has(lower[4]!) && (traefik === 'v3' || !V3_ONLY_MIDDLEWARES.has(lower[4]!));
    if (!known) {
      const hint = path === 'rulesyntax' ? ' (ruleSyntax exists from traefik v3)' : '';
      fail(key, `traefik ${traefik} has no field "${parts.slice(4).join('.')}" here${hint}: it ignores all of this service's labels`);
      continue;
    }
    const existing = [...map.values()].find((e) => e.name.toLowerCase() === name.toLowerCase());
    const el = existing ?? { name, owner: svc.name, fields: new Map<string, Field>() };
    el.fields.set(path, { key, value });
    map.set(el.name, el);
    if (kind === 'routers' && path === 'priority' && !/^[+-]?\d+$/.test(value.trim()))
      fail(key, `priority must be an integer, not "${value}"`);
  }
  if (nets.swarm && nets.docker)
    fail(
      nets.docker.key,
      'both traefik.docker.* and traefik.swarm.* labels: traefik v3 ignores this service; keep traefik.swarm.network only',
    );
  d.network = nets.swarm ?? nets.docker;
  d.onlyTcpUdp = tcpUdp && !http;
  return d;
}

export const field = (el: Element, path: string): string | undefined => el.fields.get(path)?.value;
export const fieldKey = (el: Element, path: string, kind: 'routers' | 'services' | 'middlewares'): string =>
  el.fields.get(path)?.key ?? `traefik.http.${kind}.${el.name}.${path}`;

/** The middleware's types (traefik refuses a middleware with more than one). */
export function middlewareTypes(el: Element): string[] {
  return [...new Set([...el.fields.keys()].map((p) => p.split('.')[0]!))];
}

/** A middleware's own options (the type prefix dropped), looked up case-insensitively. */
export function options(el: Element) {
  const entries = [...el.fields.values()].map((f) => [f.key.split('.').slice(5).join('.'), f.value] as const);
  return {
    get: (name: string) => entries.find(([k]) => k.toLowerCase() === name)?.[1],
    /** `[name as written, value]` under a map option, e.g. customRequestHeaders. */
    under: (prefix: string) =>
      entries.filter(([k]) => k.toLowerCase().startsWith(`${prefix}.`)).map(([k, v]) => [k.slice(prefix.length + 1), v] as const),
  };
}
