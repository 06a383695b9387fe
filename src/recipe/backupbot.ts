/** A deployed service as the backup op sees it: its interpolated labels and its volume mounts. */
export interface DeployedService {
  /** The recipe's name for it (`app`), and the swarm's (`<stack>_app`). */
  name: string;
  swarmName: string;
  image: string;
  labels: Record<string, string>;
  mounts: { volume: string; target: string }[];
  replicas: number | null;
}

export interface VolumeSelection {
  /** The volume's key in the compose file (`db_data`) and its Docker name (`<stack>_db_data`). */
  key: string;
  volume: string;
  /** Paths relative to the volume root; null means the whole volume. */
  paths: string[] | null;
}

/** What backupbot would back up for one service, and the hooks it would run. */
export interface BackupTarget {
  service: string;
  swarmName: string;
  hooks: { pre?: string; post?: string; restorePre?: string; restorePost?: string };
  volumes: VolumeSelection[];
}

const P = 'backupbot.backup';

/**
 * Reads backupbot's labels as backup-bot-two does: `backupbot.backup=true` enables a service;
 * all its volumes are backed up unless `backupbot.backup.volumes.<vol>=false`;
 * `backupbot.backup.volumes.<vol>.path=a,b` restricts a volume to paths below its root; the legacy
 * `backupbot.backup.path=/abs,/paths` names container paths, which must lie on volumes.
 */
export function backupTargets(services: DeployedService[], stack: string): { targets: BackupTarget[]; problems: string[] } {
  const targets: BackupTarget[] = [];
  const problems: string[] = [];
  for (const svc of services) {
    const l = svc.labels;
    if (String(l[P]).toLowerCase() !== 'true') continue;
    const keyOf = (volume: string) => (volume.startsWith(`${stack}_`) ? volume.slice(stack.length + 1) : volume);
    let volumes: VolumeSelection[];
    const legacy = l[`${P}.path`];
    if (legacy) {
      const byVolume = new Map<string, VolumeSelection>();
      for (const abs of splitList(legacy)) {
        const mount = [...svc.mounts].sort((a, b) => b.target.length - a.target.length).find((m) => abs === m.target || abs.startsWith(`${m.target.replace(/\/$/, '')}/`));
        if (!mount) {
          problems.push(`${svc.name}: backupbot.backup.path ${abs} is not on a volume of the service; mount a volume there`);
          continue;
        }
        const rel = abs.slice(mount.target.replace(/\/$/, '').length).replace(/^\/+|\/+$/g, '');
        const sel = byVolume.get(mount.volume) ?? { key: keyOf(mount.volume), volume: mount.volume, paths: [] };
        if (rel === '') sel.paths = null;
        else if (sel.paths) sel.paths.push(rel);
        byVolume.set(mount.volume, sel);
      }
      volumes = [...byVolume.values()];
    } else {
      volumes = svc.mounts
        .map((m) => ({ key: keyOf(m.volume), volume: m.volume }))
        .filter((v) => String(l[`${P}.volumes.${v.key}`]).toLowerCase() !== 'false')
        .map((v) => {
          const paths = l[`${P}.volumes.${v.key}.path`];
          return { ...v, paths: paths ? splitList(paths).map((p) => p.replace(/^\/+|\/+$/g, '')) : null };
        });
    }
    for (const v of volumes) {
      for (const p of v.paths ?? []) if (p.split('/').includes('..')) problems.push(`${svc.name}: backup path ${p} leaves the volume; use a path below the volume root`);
    }
    if (volumes.length === 0 && !legacy) problems.push(`${svc.name}: backupbot.backup=true, but no volume of the service is backed up; mount a volume or remove the label`);
    targets.push({
      service: svc.name,
      swarmName: svc.swarmName,
      hooks: { pre: l[`${P}.pre-hook`], post: l[`${P}.post-hook`], restorePre: l['backupbot.restore.pre-hook'], restorePost: l['backupbot.restore.post-hook'] },
      volumes,
    });
  }
  return { targets, problems };
}

function splitList(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}
