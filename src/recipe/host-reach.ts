import { asRecord, locate, serviceRefs, type ComposeSet, type SourcePos } from './compose';
import { interpolated } from './compose-view';

/**
 * What in a recipe reaches past its containers into the host that runs them: bind mounts of host
 * paths (the docker socket, /, /etc, home directories, or anything else), local volumes that bind
 * a host directory, added capabilities, devices, and the host's network. Only options the swarm
 * honours count (docker stack deploy drops privileged, pid, network_mode and the like). Real
 * recipes need some of this (traefik, backupbot and cron schedulers mount the docker socket), so
 * it is listed on every run and refused only where the workflow says so (engine/host-policy.ts).
 */
export interface HostReach extends SourcePos {
  service: string;
  what: string;
}

/** docker/cli's rule (loader volumespec): a short-syntax source that is a path, not a volume name. */
const isHostPath = (source: string) => /^[./~]/.test(source);

const NOTABLE: [RegExp, string][] = [
  [/^\/(var\/)?run\/docker\.sock$/, 'the docker socket (control of the whole Docker host)'],
  [/^\/+$/, "the host's root filesystem"],
  [/^\/(etc|root|home|proc|sys|dev|boot)(\/|$)/, 'a host system or home directory'],
];

function describeBind(source: string): string {
  const notable = NOTABLE.find(([re]) => re.test(source))?.[1];
  return `bind-mounts ${source}${notable ? `: ${notable}` : ''}`;
}

export function hostReach(set: ComposeSet, env: Record<string, string>): HostReach[] {
  const found: HostReach[] = [];
  const val = (v: unknown) => (typeof v === 'string' ? interpolated(v, env) : String(v));
  // Top-level volumes of the local driver that bind a host directory (driver_opts o=bind / device).
  const hostVolumes = new Map<string, string>();
  for (const [key, spec] of set.volumes) {
    const opts = asRecord(spec.driver_opts);
    const device = opts.device === undefined ? undefined : val(opts.device);
    if (device !== undefined || /\bbind\b/.test(val(opts.o ?? ''))) hostVolumes.set(key, device ?? 'a host directory');
  }
  const hostNetworks = new Set([...set.networks].filter(([key, spec]) => val(spec.name ?? asRecord(spec.external).name ?? key) === 'host').map(([key]) => key));
  for (const [service, svc] of set.services) {
    // At the line that says it (the last file that sets it), else the service's own line.
    const add = (what: string, ...path: (string | number)[]) => found.push({ service, what, ...(locate(set, ['services', service, ...path]) ?? { file: svc.file, line: svc.line }) });
    (Array.isArray(svc.raw.volumes) ? svc.raw.volumes : []).forEach((v, i) => {
      const long = asRecord(v);
      const source = typeof v === 'string' ? (val(v).split(':')[0] ?? '') : val(long.source ?? '');
      const bind = typeof v === 'string' ? isHostPath(source) : val(long.type ?? 'volume') === 'bind';
      if (bind) add(describeBind(source), 'volumes', i);
      else if (hostVolumes.has(source)) add(`mounts volume ${source}, which binds ${hostVolumes.get(source)}`, 'volumes', i);
    });
    const caps = Array.isArray(svc.raw.cap_add) ? svc.raw.cap_add.map(val) : [];
    if (caps.length) add(`adds capabilities ${caps.join(', ')}`, 'cap_add');
    const devices = Array.isArray(svc.raw.devices) ? svc.raw.devices.map(val) : [];
    if (devices.length) add(`maps devices ${devices.join(', ')}`, 'devices');
    if (serviceRefs(svc.raw.networks).some((n) => hostNetworks.has(n))) add("joins the host's network", 'networks');
  }
  return found;
}
