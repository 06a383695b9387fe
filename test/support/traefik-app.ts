import { planProbes, type LabelledService, type RoutingOptions } from '../../src/traefik';

export const opts: RoutingOptions = { domain: 'app.ci.local', proxyNetwork: 'proxy' };
export const R = 'traefik.http.routers.app';

/** A Co-op Cloud style app service: enabled, port 8787, router on web-secure with a cert resolver. */
export function app(labels: Record<string, string>, name = 'app_ci_local_app'): LabelledService {
  return {
    name,
    networks: ['proxy', 'app_ci_local_internal'],
    labels: {
      'traefik.enable': 'true',
      'traefik.http.services.app.loadbalancer.server.port': '8787',
      [`${R}.rule`]: 'Host(`app.ci.local`)',
      [`${R}.entrypoints`]: 'web-secure',
      [`${R}.tls.certresolver`]: 'production',
      ...labels,
    },
  };
}

export const plan = (labels: Record<string, string>, o: RoutingOptions = opts) => planProbes([app(labels)], o);
