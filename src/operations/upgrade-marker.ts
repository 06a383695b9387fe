import { randomBytes } from 'node:crypto';
import type { DeployedService } from '../backends/backend';
import { backupTargets } from '../recipe/backupbot';
import { recipeService } from '../recipe/app';
import type { Assertion } from '../report/schema';
import { sha256 } from './backup';
import type { OpContext } from './operation';

/** The file cc-ci writes before the first hop; distinct from backup's marker, which restore checks. */
export const UPGRADE_MARKER = '.cc-ci-upgrade-marker';

/**
 * Data the app held before the upgrade, found again after each hop where the app now keeps it:
 * the volume mounted at the same path of the same service. A release that renames the volume
 * (swarm creates a new, empty one) or wipes the directory loses it.
 */
export interface DataMarker {
  service: string;
  target: string;
  volume: string;
  /** Within the volume. */
  path: string;
  sha256: string;
}

/**
 * Writes the marker into the first backed-up directory (backupbot's labels say where the data
 * is, as for backup's witness), or else, also when those labels are unusable, into the root of
 * the first volume of the app service (or of the first service with one). Undefined, with why, when the app has no volume at all.
 */
export async function placeMarker(ctx: OpContext): Promise<{ marker: DataMarker } | { why: string }> {
  const services = await ctx.backend.services();
  const spot = (await backedUpDir(ctx, services)) ?? firstVolume(services);
  if (!spot) return { why: 'no service mounts a volume' };
  const content = `cc-ci upgrade marker ${randomBytes(6).toString('hex')}\n`;
  const path = spot.dir ? `${spot.dir}/${UPGRADE_MARKER}` : UPGRADE_MARKER;
  await ctx.backend.volumes.write(spot.volume, path, content);
  return { marker: { service: spot.service, target: spot.target, volume: spot.volume, path, sha256: sha256(content) } };
}

type Spot = { service: string; target: string; volume: string; dir: string };

async function backedUpDir(ctx: OpContext, services: DeployedService[]): Promise<Spot | undefined> {
  const { targets, problems } = backupTargets(services, ctx.app.stack);
  // Labels the backup op refuses (a path leaving its volume) say nowhere cc-ci may write.
  if (problems.length) return undefined;
  for (const t of targets) {
    const svc = services.find((s) => s.name === t.service);
    for (const v of t.volumes) {
      const target = svc?.mounts.find((m) => m.volume === v.volume)?.target;
      if (!target) continue;
      for (const dir of v.paths ?? ['']) {
        if (dir === '' || (await ctx.backend.volumes.kind(v.volume, dir)) === 'dir')
          return { service: t.service, target, volume: v.volume, dir };
      }
    }
  }
  return undefined;
}

function firstVolume(services: DeployedService[]): Spot | undefined {
  const ordered = [...services.filter((s) => s.name === 'app'), ...services.filter((s) => s.name !== 'app')];
  for (const s of ordered) {
    const m = s.mounts[0];
    if (m) return { service: s.name, target: m.target, volume: m.volume, dir: '' };
  }
  return undefined;
}

/** Whether the marker is still where the service keeps its data, after a hop. */
export async function checkMarker(ctx: OpContext, m: DataMarker): Promise<Assertion> {
  const services = await ctx.backend.services();
  const mountedAt = `${m.service}:${m.target}`;
  // Volumes named as the recipe names them (`data`, not `<stack>_data`).
  const named = (v: string) => recipeService(ctx.app, v);
  const now = services.find((s) => s.name === m.service)?.mounts.find((x) => x.target === m.target)?.volume;
  // The service or its mount gone: the data is only kept if another service took the volume over.
  const holder = now ? m.service : services.find((s) => s.mounts.some((x) => x.volume === m.volume))?.name;
  if (!holder) return lost(`${mountedAt} is no longer mounted, and no service mounts ${named(m.volume)}, which held the data`);
  const volume = now ?? m.volume;
  const place = now ? `${mountedAt} is volume ${named(volume)}` : `${mountedAt} is no longer mounted; ${holder} mounts ${named(volume)}`;
  const moved = now && now !== m.volume ? ` (was ${named(m.volume)}: a new, empty volume)` : '';
  const found = await ctx.backend.volumes.sha256(volume, m.path);
  if (found === m.sha256) return { name: 'data kept', status: 'pass', detail: `${place}: ${m.path} as written before the upgrade` };
  return lost(`${place}${moved}: ${m.path}, written before the upgrade, is ${found === undefined ? 'gone' : 'changed'}`);
}

const lost = (detail: string): Assertion => ({ name: 'data kept', status: 'fail', detail });
