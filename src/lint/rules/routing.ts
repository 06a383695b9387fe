import { locateLabel } from '../../recipe/compose-view';
import type { Rule } from '../finding';

/** Problems the traefik model found in the labels (a rule traefik cannot parse, a port that is not a number…). */
export const routingRules: Rule[] = [
  {
    id: 'CC014',
    title: 'traefik labels traefik can read',
    level: 'warn',
    check({ routing, compose, env, stack }) {
      const problems = routing.map((r) => {
        const service = r.service.startsWith(`${stack}_`) ? r.service.slice(stack.length + 1) : r.service;
        return { message: `service ${service}: ${r.label}: ${r.message}`, source: locateLabel(compose, service, r.label, env) };
      });
      return { problems, passed: 'traefik can read every router, service and middleware label' };
    },
  },
];
