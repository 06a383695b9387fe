import type { RoutingOptions, RuleSyntax } from './types';

/** The network traefik sits on in a Co-op Cloud deployment (its provider's `network`). */
export const PROXY_NETWORK = 'proxy';

/** Routing options for an app: its domain, Co-op Cloud's proxy network, the recipe's traefik settings. */
export function routingOptions(
  domain: string,
  settings: { version?: RuleSyntax; 'rule-syntax'?: RuleSyntax } = {},
  path?: string,
): RoutingOptions {
  return {
    domain,
    proxyNetwork: PROXY_NETWORK,
    ruleSyntax: settings['rule-syntax'],
    traefik: settings.version,
    ...(path === undefined ? {} : { path }),
  };
}
