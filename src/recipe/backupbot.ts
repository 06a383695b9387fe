import type { DeployedService } from '../backends/types';
import { shlexSplit } from '../util/shlex';
import { isVolumeName } from './paths';

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
 * Reads backupbot's labels as the backupbot spec defines them: `backupbot.backup=true` on a
 * service enables backups for its whole stack, and then every volume of every service is
 * backed up unless `backupbot.backup.volumes.<vol>=false` (on that service) excludes it;
 * `backupbot.backup.volumes.<vol>.path=a,b` restricts a volume to paths below its root; the
 * legacy `backupbot.backup.path=/abs,/paths` names container paths, which must lie on volumes.
 * Hooks are each service's own. Services with neither volumes nor hooks are left out.
 */
export function backupTargets(services: DeployedService[], stack: string): { targets: BackupTarget[]; problems: string[] } {
  const enabled = services.filter((s) => String(s.labels[P]).toLowerCase() === 'true');
  if (enabled.length === 0) return { targets: [], problems: [] };
  const targets: BackupTarget[] = [];
  const problems: string[] = [];
  // The labelled services first: the witness goes into the first target's first volume.
  for (const svc of [...enabled, ...services.filter((s) => !enabled.includes(s))]) {
    const l = svc.labels;
    const keyOf = (volume: string) => (volume.startsWith(`${stack}_`) ? volume.slice(stack.length + 1) : volume);
    let volumes: VolumeSelection[];
    const legacy = l[`${P}.path`];
    if (legacy) {
      const byVolume = new Map<string, VolumeSelection>();
      for (const abs of splitList(legacy)) {
        const mount = [...svc.mounts]
          .sort((a, b) => b.target.length - a.target.length)
          .find((m) => abs === m.target || abs.startsWith(`${m.target.replace(/\/$/, '')}/`));
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
      for (const p of v.paths ?? [])
        if (p.split('/').includes('..')) problems.push(`${svc.name}: backup path ${p} leaves the volume; use a path below the volume root`);
    }
    // cc-ci mounts the volume by name (docker run -v <name>:/v) and names its archive after it:
    // anything but a volume name would be a host path there.
    for (const v of volumes.filter((x) => !isVolumeName(x.volume)))
      problems.push(
        `${svc.name}: volume "${v.volume}" is not a Docker volume name, so cc-ci does not mount it; name the volume with letters, digits, _ . and -`,
      );
    volumes = volumes.filter((v) => isVolumeName(v.volume));
    const hooks = {
      pre: l[`${P}.pre-hook`],
      post: l[`${P}.post-hook`],
      restorePre: l['backupbot.restore.pre-hook'],
      restorePost: l['backupbot.restore.post-hook'],
    };
    if (volumes.length === 0 && !Object.values(hooks).some(Boolean)) continue;
    targets.push({ service: svc.name, swarmName: svc.swarmName, hooks, volumes });
  }
  if (!targets.some((t) => t.volumes.length))
    problems.push(
      `backupbot.backup=true on ${enabled.map((s) => s.name).join(', ')}, but no service of the stack has a volume to back up; mount a volume or remove the label`,
    );
  return { targets, problems };
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * The command backupbot runs for a hook label (backup-bot-two `run_commands`): a leading
 * `bash -c`, then `sh -c`, then one space are removed (each once, in that order, exactly as
 * written), then one pair of matching outer quotes; the rest is the shell command.
 */
export function hookCommand(label: string): string {
  let c = label;
  for (const prefix of ['bash -c', 'sh -c', ' ']) if (c.startsWith(prefix)) c = c.slice(prefix.length);
  if (c.length >= 2 && c[0] === c.at(-1) && (c[0] === "'" || c[0] === '"')) c = c.slice(1, -1);
  return c;
}

/**
 * The argv of the exec: backupbot wraps the command as `bash -c 'set -o pipefail;<cmd>'` and hands
 * that string to docker-py's exec_run, which splits it with shlex (so a single quote inside the
 * command ends the wrapper's quoting, under backupbot as here). `sh` stands in for an image
 * without bash, where backupbot's exec would fail.
 */
export function hookArgv(label: string, shell: 'bash' | 'sh'): string[] {
  const command = hookCommand(label);
  return shlexSplit(shell === 'bash' ? `bash -c 'set -o pipefail;${command}'` : `sh -c '${command}'`);
}
