/**
 * The routers traefik's swarm provider builds from the given services: enabled services only,
 * default router and rule where labels give none, labels merged across services (a name defined
 * twice differently is dropped), each rule compiled in its syntax.
 */
import { decodeLabels, field, list, type Decoded, type Element } from './labels';
import { compileRule, type Tree } from './rule';
import { normalize } from './target';
import type { LabelledService, RoutingFinding, RoutingOptions, RuleSyntax } from './types';

export interface Route {
  name: string;
  el: Element;
  owner: Decoded;
  rule: string;
  ruleKey: string;
  defaultRule: boolean;
  syntax: RuleSyntax;
  tree?: Tree;
  /** Why traefik would not serve this router at all. */
  dropped?: string;
  entrypoints: string[];
  tls: boolean;
  priority: number;
  middlewares: string[];
}

export interface Model {
  routes: Route[];
  decoded: Decoded[];
  middlewares: Map<string, Element>;
  findings: RoutingFinding[];
  traefik: RuleSyntax;
}

export const DEFAULT_ENTRYPOINTS = ['web', 'web-secure'];
const fingerprint = (el: Element) => JSON.stringify([...el.fields].map(([p, f]) => [p, f.value]).sort());

/** Names defined by several services with different labels: traefik drops them. */
function conflicts(decoded: Decoded[], kind: 'routers' | 'services' | 'middlewares', findings: RoutingFinding[]): Set<string> {
  const seen = new Map<string, Element>();
  const out = new Set<string>();
  for (const d of decoded) {
    for (const el of d[kind].values()) {
      const first = seen.get(el.name);
      if (first && fingerprint(first) !== fingerprint(el) && !out.has(el.name)) {
        out.add(el.name);
        findings.push({
          level: 'error',
          service: d.svc.name,
          label: `traefik.http.${kind}.${el.name}`,
          message: `${el.name} is defined differently by ${first.owner} and ${el.owner}; traefik drops it: rename one`,
        });
      }
      seen.set(el.name, first ?? el);
    }
  }
  return out;
}

/** traefik's swarm provider drops a service whose load balancer has no port (swarm has no port detection). */
function checkPorts(d: Decoded, traefik: RuleSyntax, findings: RoutingFinding[]): void {
  if (d.error || d.onlyTcpUdp) return;
  const lbs = d.services.size ? [...d.services.values()] : [{ name: normalize(d.svc.name), owner: d.svc.name, fields: new Map() }];
  for (const el of lbs) {
    const url = traefik === 'v3' ? field(el, 'loadbalancer.server.url') : undefined;
    const key = `traefik.http.services.${el.name}.loadbalancer.server.port`;
    if (url !== undefined && (field(el, 'loadbalancer.server.port') ?? field(el, 'loadbalancer.server.scheme')) !== undefined) {
      d.error = { label: key, message: `service ${el.name}: defining scheme or port is not allowed when url is defined` };
    } else if (url === undefined && !field(el, 'loadbalancer.server.port')) {
      d.error = {
        label: key,
        message: `set ${key}: traefik's swarm provider cannot detect ports, so it ignores ${d.svc.name} (port is missing)`,
      };
    }
    if (d.error) findings.push({ level: 'error', service: d.svc.name, ...d.error });
    if (d.error) return;
  }
}

function syntaxOf(
  el: Element,
  defaultRule: boolean,
  opts: RoutingOptions,
  traefik: RuleSyntax,
  findings: RoutingFinding[],
  svc: string,
): RuleSyntax {
  if (traefik === 'v2') return 'v2';
  if (defaultRule) return 'v3';
  const label = field(el, 'rulesyntax');
  if (label === undefined) return opts.ruleSyntax ?? 'v2';
  if (label === 'v2' || label === 'v3') return label;
  findings.push({
    level: 'warn',
    service: svc,
    label: `traefik.http.routers.${el.name}.ruleSyntax`,
    message: `ruleSyntax "${label}" is neither v2 nor v3; traefik parses the rule as v3`,
  });
  return 'v3';
}

export function buildModel(services: LabelledService[], opts: RoutingOptions): Model {
  const traefik = opts.traefik ?? 'v3';
  const findings: RoutingFinding[] = [];
  const decoded = services
    .map((s) => decodeLabels(s, traefik))
    .filter((d) => {
      // traefik reads traefik.enable and the provider labels before skipping a disabled service.
      if (d.error && (d.enabled || /^traefik\.(enable|docker|swarm)\b/i.test(d.error.label)))
        findings.push({ level: 'error', service: d.svc.name, ...d.error });
      return d.enabled;
    });
  for (const d of decoded) checkPorts(d, traefik, findings);
  const live = decoded.filter((d) => !d.error);
  const [badRouters, , badMiddlewares] = (['routers', 'services', 'middlewares'] as const).map((k) => conflicts(live, k, findings));
  const middlewares = new Map(live.flatMap((d) => [...d.middlewares]).filter(([n]) => !badMiddlewares!.has(n)));
  const routes: Route[] = [];
  for (const d of decoded) {
    const els = [...d.routers.values()];
    if (els.length === 0 && !d.onlyTcpUdp && d.services.size <= 1)
      els.push({ name: normalize(d.svc.name), owner: d.svc.name, fields: new Map() });
    for (const el of els) {
      const given = field(el, 'rule');
      const defaultRule = !given;
      const rule = given || `Host(\`${normalize(d.svc.name)}\`)`;
      const ruleKey = el.fields.get('rule')?.key ?? `traefik.http.routers.${el.name}.rule`;
      const syntax = syntaxOf(el, defaultRule, opts, traefik, findings, d.svc.name);
      const r: Route = {
        name: el.name,
        el,
        owner: d,
        rule,
        ruleKey,
        defaultRule,
        syntax,
        entrypoints: list(field(el, 'entrypoints')).length ? list(field(el, 'entrypoints')) : DEFAULT_ENTRYPOINTS,
        tls:
          field(el, 'tls') !== undefined
            ? field(el, 'tls')!.toLowerCase() === 'true'
            : [...el.fields.keys()].some((p) => p.startsWith('tls.')),
        priority: Number.parseInt(field(el, 'priority') ?? '0', 10) || new TextEncoder().encode(rule).length,
        middlewares: list(field(el, 'middlewares')),
      };
      if (d.error) r.dropped = `traefik ignores ${d.svc.name}'s labels: ${d.error.message}`;
      else if (badRouters!.has(el.name)) r.dropped = `router ${el.name} is defined differently by several services; traefik drops it`;
      else {
        try {
          r.tree = compileRule(rule, syntax);
        } catch (e) {
          const other: RuleSyntax = syntax === 'v2' ? 'v3' : 'v2';
          let hint = '';
          try {
            compileRule(rule, other);
            hint =
              traefik === 'v3'
                ? `; it is valid ${other} syntax: set traefik.http.routers.${el.name}.ruleSyntax=${other} or rewrite it`
                : '';
          } catch {
            /* invalid in both */
          }
          r.dropped = `traefik refuses the rule (${syntax} syntax): ${(e as Error).message}`;
          findings.push({ level: 'error', service: d.svc.name, label: ruleKey, message: `${r.dropped}${hint}` });
        }
      }
      routes.push(r);
    }
  }
  return { routes, decoded: live, middlewares, findings, traefik };
}
