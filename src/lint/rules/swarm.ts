import { asRecord, isExternal, locate, scalarText, serviceRefs } from '../../recipe/compose';
import type { Problem, Rule } from '../finding';

/** Drivers the swarm refuses for a stack's own networks (docker 20.10-28: deploy fails). */
const LOCAL_DRIVERS = ['bridge', 'host', 'none'];
/** Docker's own network names that are not overlays: the swarm accepts them, traefik cannot reach a task there. */
const LOCAL_NETWORKS = ['bridge', 'host', 'none'];

/**
 * Options `docker stack deploy` ignores or refuses, from docker/cli cli/compose/types/types.go
 * (UnsupportedProperties, DeprecatedProperties, ForbiddenProperties); `depends_on` is in the v3
 * schema but the swarm does not order service starts by it.
 */
const IGNORED: Record<string, string> = {
  ...Object.fromEntries(
    [
      'build',
      'cgroupns_mode',
      'cgroup_parent',
      'devices',
      'domainname',
      'external_links',
      'ipc',
      'links',
      'mac_address',
      'network_mode',
      'pid',
      'privileged',
      'restart',
      'security_opt',
      'shm_size',
      'userns_mode',
    ].map((k) => [k, 'docker stack deploy ignores it ("Ignoring unsupported options")']),
  ),
  container_name: 'swarm names containers itself; docker stack deploy ignores it',
  expose: 'services on the same network reach each other on any port; docker stack deploy ignores it',
  depends_on: 'the swarm starts services in no particular order; make the service retry or wait (healthcheck, entrypoint loop) instead',
};
const FORBIDDEN: Record<string, string> = {
  extends: 'docker stack deploy refuses `extends`; repeat the settings or use a YAML anchor',
  volume_driver: 'docker stack deploy refuses it; define the volume at the top level with a driver',
};

export const swarmRules: Rule[] = [
  {
    id: 'CC001',
    title: 'networks the swarm can use',
    level: 'error',
    blocksDeploy: true,
    check({ compose }) {
      const problems: Problem[] = [];
      for (const [key, net] of compose.networks) {
        const driver = scalarText(net.driver);
        if (!isExternal(net) && LOCAL_DRIVERS.includes(driver)) {
          problems.push({
            message: `network "${key}" has driver: ${driver}, which a swarm stack cannot use; use driver: overlay (or drop the driver line)`,
            source: locate(compose, ['networks', key, 'driver']),
          });
        }
      }
      return { problems, passed: 'every network of the stack is one the swarm can use' };
    },
  },
  {
    id: 'CC002',
    title: 'networks traefik can reach',
    level: 'warn',
    check({ compose }) {
      const problems: Problem[] = [];
      for (const [key, net] of compose.networks) {
        const name = scalarText(net.name ?? asRecord(net.external).name ?? key);
        if (isExternal(net) && LOCAL_NETWORKS.includes(name)) {
          problems.push({
            message: `network "${key}" is docker's "${name}" network: the swarm accepts it, but tasks there are on no overlay and traefik cannot reach them; use the external proxy network or an overlay`,
            source: locate(compose, ['networks', key]),
          });
        }
      }
      return { problems, passed: 'no service is put on a host-local docker network' };
    },
  },
  {
    id: 'CC003',
    title: 'references to declared networks, volumes, secrets and configs',
    level: 'error',
    blocksDeploy: true,
    check({ compose }) {
      const problems: Problem[] = [];
      const declared = { networks: compose.networks, secrets: compose.secrets, configs: compose.configs };
      for (const [name, svc] of compose.services) {
        for (const kind of ['networks', 'secrets', 'configs'] as const) {
          for (const ref of serviceRefs(svc.raw[kind])) {
            if (kind === 'networks' && ref === 'default') continue;
            if (!declared[kind].has(ref))
              problems.push({
                message: `service ${name} uses ${kind.slice(0, -1)} "${ref}", which no top-level ${kind}: section declares; declare it (external: true if abra or another stack creates it)`,
                source: locate(compose, ['services', name, kind]),
              });
          }
        }
        for (const v of Array.isArray(svc.raw.volumes) ? svc.raw.volumes : []) {
          const source = typeof v === 'string' ? v.split(':')[0]! : scalarText(asRecord(v).source);
          const named =
            typeof v === 'string'
              ? v.includes(':') && !/^[./~]/.test(source)
              : asRecord(v).type === 'volume' || (asRecord(v).type === undefined && source !== '' && !/^[./~]/.test(source));
          if (named && source && !compose.volumes.has(source))
            problems.push({
              message: `service ${name} mounts volume "${source}", which no top-level volumes: section declares; declare it`,
              source: locate(compose, ['services', name, 'volumes']),
            });
        }
      }
      return { problems, passed: 'every network, volume, secret and config a service uses is declared' };
    },
  },
  {
    id: 'CC004',
    title: 'options the swarm ignores',
    level: 'warn',
    check({ compose }) {
      const problems: Problem[] = [];
      for (const [name, svc] of compose.services) {
        for (const key of Object.keys(svc.raw)) {
          if (!(key in IGNORED) || (key === 'build' && !svc.image)) continue; // build without image: R011
          problems.push({
            message: `service ${name}: ${key}: ${IGNORED[key]}; remove it`,
            source: locate(compose, ['services', name, key]),
          });
        }
      }
      return { problems, passed: 'no service option that docker stack deploy ignores' };
    },
  },
  {
    id: 'CC005',
    title: 'options the swarm refuses',
    level: 'error',
    blocksDeploy: true,
    check({ compose }) {
      const problems: Problem[] = [];
      for (const [name, svc] of compose.services) {
        for (const key of Object.keys(svc.raw))
          if (key in FORBIDDEN)
            problems.push({ message: `service ${name}: ${key}: ${FORBIDDEN[key]}`, source: locate(compose, ['services', name, key]) });
      }
      return { problems, passed: 'no service option that docker stack deploy refuses' };
    },
  },
];
