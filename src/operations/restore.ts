import { join } from 'node:path';
import { fail, pass, skip, type OpContext, type OpOutcome, type OpOutputs, type Operation } from './operation';
import type { BackupTool } from '../backends/backend';
import { BackupToolFailed } from '../errors';
import { backupTargets } from '../recipe/backupbot';
import { checkVolumeName } from '../recipe/paths';
import type { Assertion } from '../report/schema';
import { converged } from './checks';
import { notServing, serving } from './serving';
import { runLabelHook } from './hooks';

type Taken = OpOutputs['backup'];

/**
 * restore of the snapshot the backup op took (that one, by id): restore pre-hooks, the backed-up
 * services scaled to 0, their volumes (or declared paths) replaced from the snapshot, services
 * scaled back, convergence, restore post-hooks, then the proof: the witness changed after the
 * backup is back as it was, and the app serves. When the backup op used the backend's backup
 * tool, the tool restores its own backup (running the restore hooks itself) and the proof is the same.
 */
export const restore: Operation = {
  name: 'restore',
  needs: ['backup'],
  async run(ctx) {
    const taken = ctx.from.backup;
    if (!taken) return skip('nothing to restore: backup was skipped (not backup-capable)');
    const { snapshot, witness } = taken;
    // The snapshot's names are mounted (docker run -v <name>:/v) and rewritten: names, never host paths.
    for (const v of snapshot.volumes) checkVolumeName(v.volume, 'volume');
    const assertions: Assertion[] = [];
    if (witness) {
      await ctx.backend.volumes.write(witness.volume, witness.path, '\ncc-ci: changed after backup\n', witness.kind === 'file');
      const changed = await ctx.backend.volumes.sha256(witness.volume, witness.path);
      if (changed === witness.expected)
        return fail(`could not change ${witness.path} after backup, so restore cannot be proven`, [], { reason: 'restore_mismatch' });
      assertions.push({ name: 'changed after backup', status: 'pass', detail: `${witness.volume}:${witness.path}` });
    }

    // The backup op's tool restores its own backup; a backup cc-ci took, cc-ci restores.
    const byTool = taken.tool && ctx.backend.backupTool ? { tool: ctx.backend.backupTool, ...taken.tool } : undefined;
    const failed = byTool ? await restoreWithTool(ctx, byTool.tool, byTool.id, assertions) : await restoreSnapshot(ctx, taken, assertions);
    if (failed) return failed;

    if (witness) {
      const now = await ctx.backend.volumes.sha256(witness.volume, witness.path);
      const detail = `${witness.volume}:${witness.path}`;
      if (now !== witness.expected) {
        const a: Assertion = {
          name: 'back as backed up',
          status: 'fail',
          detail: `${detail} ${now ? 'differs from' : 'is missing, unlike'} the snapshot`,
        };
        const service = snapshot.volumes.find((v) => v.volume === witness.volume)?.service;
        return fail(`restore did not bring ${witness.path} back as it was at backup`, [...assertions, a], {
          reason: 'restore_mismatch',
          service,
          event: a.detail,
        });
      }
      assertions.push({ name: 'back as backed up', status: 'pass', detail });
    }
    const served = await serving(ctx);
    const serve = served.assertion;
    assertions.push(serve);
    if (serve.status === 'fail') return notServing(served, assertions, ' after restore');
    const what = byTool ? `${byTool.label} restored ${byTool.id || 'its latest backup'}` : `restored ${snapshot.id}`;
    return pass(`${what}${witness ? '; data back as backed up' : ''}${serve.status === 'pass' ? '; serving' : ''}`, assertions);
  },
};

/** cc-ci's own restore, as backupbot does it: restore pre-hooks, stop, replace, start, converge, restore post-hooks. */
async function restoreSnapshot(ctx: OpContext, { snapshot }: Taken, assertions: Assertion[]): Promise<OpOutcome | null> {
  const services = await ctx.backend.services();
  const { targets } = backupTargets(services, ctx.app.stack);
  const restored = targets.filter((t) => snapshot.volumes.some((v) => v.service === t.service));
  for (const t of targets) {
    if (!t.hooks.restorePre) continue;
    const hook = await runLabelHook(ctx, t, 'restore pre-hook', t.hooks.restorePre);
    assertions.push(hook.assertion);
    if (hook.failed) return { ...hook.failed, assertions };
  }
  const replicas = Object.fromEntries(restored.map((t) => [t.swarmName, services.find((s) => s.swarmName === t.swarmName)?.replicas ?? 1]));
  ctx.progress(`stopping ${restored.map((t) => t.service).join(', ')}`);
  await ctx.backend.scale(Object.fromEntries(Object.keys(replicas).map((s) => [s, 0])), ctx.signal);
  for (const v of snapshot.volumes) {
    ctx.progress(`restoring ${v.key} from ${snapshot.id}`);
    await ctx.backend.volumes.restore(v.volume, v.paths, join(snapshot.dir, v.archive), ctx.signal);
  }
  assertions.push({ name: 'restored', status: 'pass', detail: `${snapshot.id} into ${snapshot.volumes.map((v) => v.key).join(', ')}` });
  const since = new Date();
  await ctx.backend.scale(replicas, ctx.signal);
  const conv = await converged(ctx, since);
  if (conv.failed) return { ...conv.failed, assertions: [...assertions, ...conv.failed.assertions] };
  assertions.push(conv.assertion);
  for (const t of targets) {
    if (!t.hooks.restorePost) continue;
    const hook = await runLabelHook(ctx, t, 'restore post-hook', t.hooks.restorePost);
    assertions.push(hook.assertion);
    if (hook.failed) return { ...hook.failed, assertions };
  }
  return null;
}

/** The backup tool restores its backup; whatever services it restarted must converge again. */
async function restoreWithTool(ctx: OpContext, tool: BackupTool, id: string, assertions: Assertion[]): Promise<OpOutcome | null> {
  const since = new Date();
  try {
    await tool.restore(id, ctx.signal, (d) => ctx.progress(`${tool.label}: ${d}`));
  } catch (e) {
    if (!(e instanceof BackupToolFailed)) throw e;
    const a: Assertion = { name: `${tool.label} restore`, status: 'fail', detail: e.message };
    return fail(e.message, [...assertions, a], { reason: 'restore_mismatch', event: e.message, lines: e.lines });
  }
  assertions.push({ name: `${tool.label} restore`, status: 'pass', detail: id || 'its latest backup' });
  const conv = await converged(ctx, since);
  if (conv.failed) return { ...conv.failed, assertions: [...assertions, ...conv.failed.assertions] };
  assertions.push(conv.assertion);
  return null;
}
