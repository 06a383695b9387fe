import { asRecord, isExternal, scalarText, serviceRefs, type ComposeSet, type ServiceSpec, type SourcePos } from './compose';
import { interpolate } from './interpolate';
import { parseVolumeSpec } from './volume-spec';
import type { LabelledService } from '../traefik';

/** A value interpolated for reading (lint, plans); a bad reference (which prepare reports) leaves it as written. */
export function interpolated(text: string, env: Record<string, string>): string {
  try {
    return interpolate(text, env);
  } catch {
    return text;
  }
}

/** A service's deploy labels with keys and values interpolated, as the swarm will hold them. */
export function labelsOf(svc: ServiceSpec, env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(svc.labels).map(([k, v]) => [interpolated(k, env), interpolated(v, env)]));
}

/** Named volumes a service mounts (short `name:/path` or long `type: volume` syntax), by compose key. */
export function namedVolumes(svc: ServiceSpec): { key: string; target: string }[] {
  const out: { key: string; target: string }[] = [];
  for (const v of Array.isArray(svc.raw.volumes) ? svc.raw.volumes : []) {
    if (typeof v === 'string') {
      const { source, target, type } = parseVolumeSpec(v);
      if (source && type === 'volume' && !source.startsWith('$')) out.push({ key: source, target });
    } else if (v && typeof v === 'object') {
      const m = v as Record<string, unknown>;
      if ((m.type ?? 'volume') === 'volume' && typeof m.source === 'string' && m.source)
        out.push({ key: m.source, target: scalarText(m.target) });
    }
  }
  return out;
}

/** The file and line of one deploy label (matched after interpolating its key), else of the service. */
export function locateLabel(compose: ComposeSet, service: string, key: string, env: Record<string, string>): SourcePos | undefined {
  for (const f of [...compose.files].reverse()) {
    const svc = ((f.yaml.data as Record<string, unknown> | null)?.services as Record<string, Record<string, unknown>> | undefined)?.[
      service
    ];
    const labels = (svc?.deploy as Record<string, unknown> | undefined)?.labels;
    const base = ['services', service, 'deploy', 'labels'];
    if (Array.isArray(labels)) {
      const i = labels.findIndex((l) => typeof l === 'string' && interpolated(l.split('=')[0]!, env) === key);
      if (i >= 0) return { file: f.yaml.shown, line: f.yaml.lineOf([...base, i]) };
    } else if (labels && typeof labels === 'object') {
      const k = Object.keys(labels).find((x) => interpolated(x, env) === key);
      if (k !== undefined) return { file: f.yaml.shown, line: f.yaml.lineOf([...base, k]) };
    }
  }
  return compose.services.get(service);
}

/**
 * The services as traefik will see them once deployed: swarm names, interpolated labels, and
 * the swarm names of their networks (external ones by name, the stack's own prefixed).
 */
export function labelledServices(compose: ComposeSet, env: Record<string, string>, stack: string): LabelledService[] {
  const networkName = (key: string) => {
    const n = compose.networks.get(key) ?? {};
    const name = (n.name as string | undefined) ?? (asRecord(n.external).name as string | undefined);
    return name ? interpolated(name, env) : isExternal(n) ? key : `${stack}_${key}`;
  };
  return [...compose.services].map(([name, svc]) => {
    const keys = svc.raw.networks ? serviceRefs(svc.raw.networks) : ['default'];
    return { name: `${stack}_${name}`, labels: labelsOf(svc, env), networks: keys.map(networkName) };
  });
}
