/**
 * Where traefik's swarm provider sends a router's requests: the load-balancer service (router's
 * `service`, or the only one its container defines), its port and scheme, and the network whose
 * address traefik dials (pkg/provider/docker/config.go getIPAddress).
 */
import { goBool, field, fieldKey, type Decoded, type Element } from './labels';
import type { RoutingFinding } from './types';

export interface Target {
  service: string;
  port: number;
  scheme: 'http' | 'https';
  network: string;
  passHost: boolean;
}
export type TargetResult = Target | { unroutable: string };

/** provider.Normalize: runs of non-letters/digits become `-`. */
export const normalize = (name: string) =>
  name
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .join('-');

export interface TargetCtx {
  decoded: Decoded[];
  proxyNetwork: string;
  /** `traefik.swarm.network` (v3) or `traefik.docker.network` (v2). */
  networkLabel: string;
  notes: string[];
  finding: (f: Omit<RoutingFinding, 'service'>, svc: string) => void;
}

function lbService(router: Element, owner: Decoded, ctx: TargetCtx): { el: Element; owner: Decoded } | { unroutable: string } {
  const ref = field(router, 'service');
  if (ref === undefined) {
    if (owner.services.size > 1) {
      ctx.finding(
        {
          level: 'error',
          label: `traefik.http.routers.${router.name}.service`,
          message: `router ${router.name} needs a service label: ${owner.svc.name} defines ${owner.services.size} services`,
        },
        owner.svc.name,
      );
      return {
        unroutable: `router ${router.name} cannot be linked automatically with several services (${[...owner.services.keys()].join(', ')})`,
      };
    }
    const el = [...owner.services.values()][0] ?? { name: normalize(owner.svc.name), owner: owner.svc.name, fields: new Map() };
    return { el, owner };
  }
  const [name, provider] = ref.split('@');
  if (provider !== undefined && provider !== 'docker' && provider !== 'swarm')
    return { unroutable: `router service ${ref} is provided by traefik's ${provider} provider, not an app's tasks` };
  const owners = ctx.decoded.filter((d) => d.services.has(name!));
  if (owners.length === 0)
    return { unroutable: `router service ${ref} is not defined in these services' labels; traefik drops the router` };
  if (owners.length > 1)
    ctx.notes.push(
      `service ${name} is defined by ${owners.map((d) => d.svc.name).join(' and ')}; traefik load-balances across them, cc-ci probes ${owners[0]!.svc.name}`,
    );
  return { el: owners[0]!.services.get(name!)!, owner: owners[0]! };
}

function network(owner: Decoded, ctx: TargetCtx): string | { unroutable: string } {
  const want = owner.network?.value ?? ctx.proxyNetwork;
  const nets = owner.svc.networks;
  const key = owner.network?.key ?? ctx.networkLabel;
  const svc = owner.svc.name;
  if (nets.includes(want)) {
    if (want === ctx.proxyNetwork) return want;
    ctx.finding(
      {
        level: 'error',
        label: key,
        message: `traefik would reach ${svc} over ${want}, a network traefik is not on; use ${ctx.proxyNetwork}`,
      },
      svc,
    );
    return { unroutable: `traefik reaches ${svc} over ${want}, which traefik is not on` };
  }
  const prefixed = nets.find((n) => n.endsWith(`_${want}`));
  const hint = prefixed ? ` (the stack prefix is not added: did you mean ${prefixed}?)` : '';
  // Not found: traefik falls back to the first network of a Go map, i.e. any of them.
  if (nets.includes(ctx.proxyNetwork) && owner.network) {
    const random = nets.length > 1 ? `one of ${nets.join(', ')} at random` : nets[0]!;
    ctx.finding(
      {
        level: nets.length > 1 ? 'error' : 'warn',
        label: key,
        message: `${svc} is not on network ${want}${hint}; traefik falls back to ${random}; set ${key}=${ctx.proxyNetwork}`,
      },
      svc,
    );
    ctx.notes.push(`network ${want} not found on ${svc}: traefik uses ${random}`);
    return ctx.proxyNetwork;
  }
  ctx.finding(
    {
      level: 'error',
      label: owner.network ? key : `${svc} networks`,
      message: `${svc} is not attached to ${ctx.proxyNetwork}, the network traefik is on; add it to the service's networks`,
    },
    svc,
  );
  return {
    unroutable: `${svc} is not on ${ctx.proxyNetwork}${owner.network ? ` and names network ${want}${hint}` : ''}, so traefik cannot reach it`,
  };
}

export function resolveTarget(router: Element, owner: Decoded, ctx: TargetCtx): TargetResult {
  const lb = lbService(router, owner, ctx);
  if ('unroutable' in lb) return lb;
  const { el, owner: target } = lb;
  const url = field(el, 'loadbalancer.server.url');
  if (url !== undefined) return { unroutable: `service ${el.name} forwards to ${url}, not to swarm tasks; cc-ci does not probe it` };
  const portRaw = field(el, 'loadbalancer.server.port');
  const port = Number(portRaw);
  if (portRaw === undefined || !/^\d+$/.test(portRaw.trim()) || port < 1 || port > 65535) {
    const label = fieldKey(el, 'loadbalancer.server.port', 'services');
    ctx.finding(
      {
        level: 'error',
        label,
        message:
          portRaw === undefined
            ? `set ${label}: traefik's swarm provider cannot guess a port and ignores ${target.svc.name}`
            : `${label} must be a port number, not "${portRaw}"`,
      },
      target.svc.name,
    );
    return {
      unroutable:
        portRaw === undefined
          ? `${target.svc.name} declares no loadbalancer.server.port; traefik ignores it (port is missing)`
          : `service ${el.name} has port "${portRaw}"`,
    };
  }
  const schemeRaw = (field(el, 'loadbalancer.server.scheme') ?? 'http').toLowerCase();
  if (!['http', 'https', 'h2c'].includes(schemeRaw))
    return { unroutable: `service ${el.name} uses scheme ${schemeRaw}, which traefik cannot proxy HTTP to` };
  if (schemeRaw === 'h2c') ctx.notes.push(`service ${el.name} speaks h2c (cleartext HTTP/2) to the app`);
  const net = network(target, ctx);
  if (typeof net !== 'string') return net;
  const passHost = goBool(field(el, 'loadbalancer.passhostheader') ?? 'true') ?? true;
  return { service: target.svc.name, port, scheme: schemeRaw === 'https' ? 'https' : 'http', network: net, passHost };
}
