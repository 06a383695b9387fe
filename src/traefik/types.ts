/** Public shapes of the traefik routing model (see docs/routing.md). */

export interface LabelledService {
  /** Swarm service name, e.g. `app_ci_local_app`. */
  name: string;
  /** Interpolated deploy labels. */
  labels: Record<string, string>;
  /** Swarm network names the service is attached to, e.g. `['proxy', 'app_ci_local_internal']`. */
  networks: string[];
}

export type RuleSyntax = 'v2' | 'v3';

export interface RoutingOptions {
  domain: string;
  /** The network traefik sits on; also the docker/swarm provider's default `network` (Co-op Cloud: `proxy`). */
  proxyNetwork: string;
  /** Default rule syntax for routers without a `ruleSyntax` label. Default: `v2` (see docs/routing.md). */
  ruleSyntax?: RuleSyntax;
  /**
   * A path (and query) the client asks for instead of one synthesised from the rule, e.g.
   * config.yml's probe.path or `cc-ci http <path>`: routed as traefik would route it.
   */
  path?: string;
  /** Traefik major. Default: `v3`. Changes stripprefix's forceSlash default, label names and provider suffixes. */
  traefik?: RuleSyntax;
}

export interface HttpRequestShape {
  method: string;
  scheme: 'http' | 'https';
  host: string;
  /** Path + query, as sent. */
  path: string;
  headers: Record<string, string>;
}

export type ProbeOutcome =
  | {
      kind: 'forward';
      service: string;
      port: number;
      /** Always true on swarm: traefik refuses a service without `loadbalancer.server.port`. */
      portDeclared: boolean;
      scheme: 'http' | 'https';
      network: string;
      /** What the app receives. */
      request: HttpRequestShape;
      auth?: { middleware: string; type: 'basicauth' | 'digestauth' };
    }
  | { kind: 'redirect'; middleware: string; status: number; location: string; ownDomain: boolean }
  | { kind: 'unroutable'; detail: string };

export interface ProbePlan {
  router: string;
  incoming: HttpRequestShape;
  outcome: ProbeOutcome;
  notes: string[];
  /** One line for humans, e.g. `GET https://d.ci.local/cms → app:8787 GET /`. */
  label: string;
}

export interface RoutingFinding {
  level: 'error' | 'warn';
  service: string;
  /** The label key concerned. */
  label: string;
  /** One line, says what to change. */
  message: string;
}
