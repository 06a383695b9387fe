import { asRecord, isExternal, locate, serviceRefs, type ComposeSet, type SourcePos } from './compose';
import { interpolated } from './compose-view';
import { parseVolumeSpec } from './volume-spec';

/**
 * What in a recipe reaches past its containers into the host that runs them: bind mounts of host
 * paths (the docker socket, /, /etc, home directories, or anything else), local volumes that bind
 * a host directory, added capabilities, devices, the host's network, and volumes or configs of
 * other stacks (external ones). Only options the swarm honours count (docker stack deploy drops
 * privileged, pid, network_mode and the like). Real
 * recipes need some of this (traefik, backupbot and cron schedulers mount the docker socket), so
 * it is listed on every run and refused only where the workflow says so (engine/host-policy.ts).
 */
export interface HostReach extends SourcePos {
  service: string;
  what: string;
}

const NOTABLE: [RegExp, string][] = [
  [/^\/(var\/)?run\/docker\.sock$/, 'the docker socket (control of the whole Docker host)'],
  [/^\/+$/, "the host's root filesystem"],
  [/^\/(etc|root|home|proc|sys|dev|boot)(\/|$)/, 'a host system or home directory'],
];

function describeBind(source: string): string {
  const notable = NOTABLE.find(([re]) => re.test(source))?.[1];
  return `bind-mounts ${source}${notable ? `: ${notable}` : ''}`;
}

/**
 * Each service is judged as merged and as every file alone: docker appends lists such as
 * cap_add and merges volumes by target across COMPOSE_FILE, so a later file's shorter list
 * never hides what an earlier one adds.
 */
export function hostReach(set: ComposeSet, env: Record<string, string>): HostReach[] {
  const found: HostReach[] = [];
  const val = (v: unknown) => (typeof v === 'string' ? interpolated(v, env) : String(v));
  // Top-level volumes of the local driver that bind a host directory (driver_opts o=bind / device).
  const hostVolumes = new Map<string, string>();
  const externalVolumes = new Map<string, string>();
  for (const [key, spec] of set.volumes) {
    const opts = asRecord(spec.driver_opts);
    const device = opts.device === undefined ? undefined : val(opts.device);
    if (device !== undefined || /\bbind\b/.test(val(opts.o ?? ''))) hostVolumes.set(key, device ?? 'a host directory');
    if (isExternal(spec)) externalVolumes.set(key, val(spec.name ?? asRecord(spec.external).name ?? key));
  }
  const externalConfigs = new Set([...set.configs].filter(([, c]) => c.external).map(([key]) => key));
  const hostNetworks = new Set(
    [...set.networks].filter(([key, spec]) => val(spec.name ?? asRecord(spec.external).name ?? key) === 'host').map(([key]) => key),
  );
  const views = [
    ...[...set.services].map(([service, svc]) => ({
      service,
      raw: svc.raw,
      at: (path: (string | number)[]) => locate(set, ['services', service, ...path]) ?? { file: svc.file, line: svc.line },
    })),
    ...set.files.flatMap(({ yaml }) =>
      Object.entries(asRecord(asRecord(yaml.data).services)).map(([service, raw]) => ({
        service,
        raw: asRecord(raw),
        at: (path: (string | number)[]) => ({
          file: yaml.shown,
          line: yaml.lineOf(['services', service, ...path]) ?? yaml.lineOf(['services', service]),
        }),
      })),
    ),
  ];
  for (const { service, raw, at } of views) {
    const add = (what: string, ...path: (string | number)[]) => found.push({ service, what, ...at(path) });
    (Array.isArray(raw.volumes) ? raw.volumes : []).forEach((v, i) => {
      const long = asRecord(v);
      const short = typeof v === 'string' ? parseVolumeSpec(val(v)) : undefined;
      const source = short ? short.source : val(long.source ?? '');
      const bind = short ? short.type === 'bind' : val(long.type ?? 'volume') === 'bind';
      if (bind) add(describeBind(source), 'volumes', i);
      else if (hostVolumes.has(source)) add(`mounts volume ${source}, which binds ${hostVolumes.get(source)}`, 'volumes', i);
      else if (externalVolumes.has(source))
        add(`mounts external volume ${externalVolumes.get(source)}, which this stack does not own`, 'volumes', i);
    });
    const caps = Array.isArray(raw.cap_add) ? raw.cap_add.map(val) : [];
    if (caps.length) add(`adds capabilities ${caps.join(', ')}`, 'cap_add');
    const devices = Array.isArray(raw.devices) ? raw.devices.map(val) : [];
    if (devices.length) add(`maps devices ${devices.join(', ')}`, 'devices');
    if (serviceRefs(raw.networks).some((n) => hostNetworks.has(n))) add("joins the host's network", 'networks');
    for (const c of serviceRefs(raw.configs).filter((c) => externalConfigs.has(c)))
      add(`reads external config ${c}, which this stack does not own`, 'configs');
  }
  return mergeReach(found);
}

/** One entry per service and reach, the first found (the merged view's line before a file's). */
export function mergeReach(...lists: HostReach[][]): HostReach[] {
  const byKey = new Map<string, HostReach>();
  for (const r of lists.flat()) if (!byKey.has(`${r.service}\n${r.what}`)) byKey.set(`${r.service}\n${r.what}`, r);
  return [...byKey.values()];
}
