import { locate, type ComposeSet, type ServiceSpec } from '../../recipe/compose';
import { interpolated } from '../../recipe/compose-view';
import type { Problem, Rule } from '../finding';

/** Docker's healthcheck defaults (Dockerfile reference, HEALTHCHECK): interval 30s, 3 retries, no start period. */
const DEFAULTS = { interval: 30, retries: 3, start_period: 0 };

/** Seconds in a Go duration as compose writes them (`1m30s`, `500ms`, `10s`); undefined if not one. */
export function goDuration(v: unknown): number | undefined {
  if (typeof v === 'number') return v / 1e9; // a bare number is nanoseconds
  if (typeof v !== 'string' || !/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(v.trim())) return undefined;
  const unit: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
  let total = 0;
  for (const m of v.trim().matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) total += Number(m[1]) * unit[m[2]!]!;
  return total;
}

const healthcheckOf = (svc: ServiceSpec): Record<string, unknown> | undefined => {
  const h = svc.raw.healthcheck as Record<string, unknown> | undefined;
  if (!h || h.disable === true) return undefined;
  const test = Array.isArray(h.test) ? h.test.map(String) : typeof h.test === 'string' ? [h.test] : [];
  return test[0] === 'NONE' ? undefined : h;
};

/** Ports a healthcheck command talks to: `http://host:port`, `localhost:port`, `nc host port`; a URL without a port is 80 (or 443). */
export function healthcheckPorts(test: unknown): number[] {
  const text = (Array.isArray(test) ? test.slice(test[0] === 'CMD' || test[0] === 'CMD-SHELL' ? 1 : 0) : [test]).map(String).join(' ');
  const ports = new Set<number>();
  for (const m of text.matchAll(/\b(https?):\/\/\[?[\w.-]+\]?(?::(\d+))?/g)) ports.add(m[2] ? Number(m[2]) : m[1] === 'https' ? 443 : 80);
  for (const m of text.matchAll(/\b(?:localhost|127\.0\.0\.1|0\.0\.0\.0):(\d+)\b/g)) ports.add(Number(m[1]));
  for (const m of text.matchAll(/\bnc\s+(?:-\w+\s+)*[\w.-]+\s+(\d+)\b/g)) ports.add(Number(m[1]));
  return [...ports];
}

export const healthRules: Rule[] = [
  {
    id: 'CC007',
    title: 'healthchecks probe the port traefik routes to',
    level: 'warn',
    check({ compose, env }) {
      const problems: Problem[] = [];
      for (const [name, svc] of compose.services) {
        const h = healthcheckOf(svc);
        if (!h) continue;
        const lb = Object.entries(svc.labels)
          .filter(([k]) => /^traefik\.http\.services\.[^.]+\.loadbalancer\.server\.port$/.test(interpolated(k, env)))
          .map(([, v]) => Number(interpolated(v, env)));
        const probed = healthcheckPorts(h.test);
        if (lb.length !== 1 || probed.length === 0 || probed.includes(lb[0]!)) continue;
        problems.push({
          message: `service ${name}: the healthcheck probes port ${probed.join(', ')}, traefik routes to ${lb[0]}; probe the port the app serves on`,
          source: locate(compose, ['services', name, 'healthcheck', 'test']),
        });
      }
      return { problems, passed: 'healthchecks probe the port traefik routes to' };
    },
  },
  {
    id: 'CC008',
    title: 'healthchecks can turn healthy within the deploy wait',
    level: 'error',
    check({ compose, convergeSeconds }) {
      const problems: Problem[] = [];
      for (const [name, timing] of timings(compose)) {
        if (timing.interval < convergeSeconds) continue;
        problems.push({
          message: `service ${name}: the first healthcheck runs after interval ${timing.interval}s, but the deploy waits ${convergeSeconds}s for convergence, so it can never turn healthy in time; shorten interval`,
          source: timing.where,
        });
      }
      return { problems, passed: `the first healthcheck of every service runs within the ${convergeSeconds}s deploy wait` };
    },
  },
  {
    id: 'CC009',
    title: 'healthchecks settle within the deploy wait',
    level: 'warn',
    check({ compose, convergeSeconds }) {
      const problems: Problem[] = [];
      for (const [name, { interval, startPeriod, retries, where }] of timings(compose)) {
        const worst = startPeriod + retries * interval;
        if (interval >= convergeSeconds || worst <= convergeSeconds) continue;
        problems.push({
          message: `service ${name}: the swarm gives the healthcheck up to start_period + retries × interval = ${worst}s, but the deploy waits ${convergeSeconds}s, so a slow first start fails before the swarm would give up; raise the coop-cloud.\${STACK_NAME}.timeout label (or timeouts.install)`,
          source: where,
        });
      }
      return { problems, passed: `every healthcheck settles within the ${convergeSeconds}s deploy wait` };
    },
  },
];

function* timings(compose: ComposeSet) {
  for (const [name, svc] of compose.services) {
    const h = healthcheckOf(svc);
    if (!h) continue;
    yield [
      name,
      {
        interval: goDuration(h.interval) ?? DEFAULTS.interval,
        startPeriod: goDuration(h.start_period) ?? DEFAULTS.start_period,
        retries: typeof h.retries === 'number' ? h.retries : DEFAULTS.retries,
        where: locate(compose, ['services', name, 'healthcheck']),
      },
    ] as const;
  }
}
