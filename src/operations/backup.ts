import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { BackupTool } from '../backends/backend';
import { BackupToolFailed } from '../errors';
import { fail, pass, skip, type OpContext, type Operation, type OpOutcome } from './operation';
import { backupTargets, type BackupTarget } from '../recipe/backupbot';
import { hasBackupLabels } from '../recipe/compose';
import type { Assertion } from '../report/schema';
import { runLabelHook } from './hooks';
import { genericSkipped } from './checks';
import { archiveName, newSnapshot, recordArchive, writeSnapshotManifest, type Witness } from './snapshot';

export const MARKER = '.cc-ci-marker';
export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * backup, with backupbot's semantics on the live deployment: every pre-hook of the stack, a
 * capture of every selected volume, every post-hook (backupbot's order), then a snapshot with a
 * manifest. A backend with a backup tool (abra: backup-bot-two) takes the backup with the tool
 * instead, which runs the hooks, and cc-ci captures the same paths right after. Empty snapshots and missing declared paths fail. Before the capture a marker is
 * written into a backed-up path, so restore can prove the data came back.
 */
export const backup: Operation = {
  name: 'backup',
  needs: ['install', 'upgrade'],
  async run(ctx) {
    const tree = ctx.deploys.current?.tree ?? ctx.facts.head;
    if (!hasBackupLabels(tree.dir)) return skip('not backup-capable: no backupbot.backup label in any compose file');
    const { targets, problems } = backupTargets(await ctx.backend.services(), ctx.app.stack);
    if (targets.length === 0) return skip('not backup-capable: no deployed service has backupbot.backup=true');
    if (problems.length)
      return fail(problems.join('; '), [{ name: 'labels', status: 'fail', detail: problems.join('; ') }], { reason: 'backup_incomplete' });

    const witness = ctx.generic ? await placeWitness(ctx, targets) : undefined;
    const snapshot = newSnapshot(ctx.facts.stateDir);
    const assertions: Assertion[] = [];
    const missing: string[] = [];
    const tool = ctx.backend.backupTool;
    let taken: { label: string; id: string } | undefined;
    let failed: OpOutcome | null;
    if (tool) {
      // The tool runs the hooks; cc-ci's capture right after checks what it was given (the snapshot checks, the witness).
      const r = await backupWithTool(ctx, tool);
      assertions.push(r.assertion);
      failed = r.failed ?? (await capture(ctx, targets, snapshot, missing, assertions));
      taken = { label: tool.label, id: r.id };
    } else {
      failed = await hooksAround(ctx, targets, assertions, () => capture(ctx, targets, snapshot, missing, assertions));
    }
    if (failed) return { ...failed, assertions: [...assertions, ...failed.assertions.filter((a) => !assertions.includes(a))] };
    writeSnapshotManifest(snapshot);

    const files = snapshot.volumes.reduce((n, v) => n + v.files.length, 0);
    const bytes = snapshot.volumes.reduce((n, v) => n + v.bytes, 0);
    const summary = `snapshot ${snapshot.id}: ${files} files, ${bytes} bytes from ${snapshot.volumes.length} volume(s)`;
    const incomplete = (detail: string): OpOutcome =>
      fail(detail, [...assertions, { name: 'snapshot', status: 'fail', detail }], { reason: 'backup_incomplete' });
    if (!ctx.generic) return pass(summary, [...assertions, genericSkipped('snapshot complete')], { backup: { snapshot, tool: taken } });
    if (files === 0) return incomplete(`empty snapshot ${snapshot.id}: the backed-up volumes hold no files`);
    if (missing.length) return incomplete(`snapshot ${snapshot.id} is missing declared path(s): ${missing.join(', ')}`);
    assertions.push({ name: 'snapshot', status: 'pass', detail: summary });

    if (witness) {
      if (witness.kind === 'file')
        witness.expected =
          snapshot.volumes.find((v) => v.volume === witness.volume)?.files.find((f) => f.path === witness.path)?.sha256 ?? '';
      const held = snapshot.volumes.some(
        (v) => v.volume === witness.volume && v.files.some((f) => f.path === witness.path && f.sha256 === witness.expected),
      );
      if (!held)
        return incomplete(`snapshot ${snapshot.id} does not hold ${witness.path} of ${witness.volume} as it was before the backup`);
      assertions.push({ name: 'witness in snapshot', status: 'pass', detail: `${witness.volume}:${witness.path}` });
    }
    return pass(taken ? `${taken.label}: ${taken.id || 'backup taken'}; ${summary}` : summary, assertions, {
      backup: { snapshot, witness, tool: taken },
    });
  },
};

/** The backend's backup tool takes the backup (running the backupbot hooks itself); its failure fails the op. */
async function backupWithTool(ctx: OpContext, tool: BackupTool): Promise<{ assertion: Assertion; id: string; failed?: OpOutcome }> {
  try {
    const id = await tool.backup(ctx.signal, (d) => ctx.progress(`${tool.label}: ${d}`));
    return { assertion: { name: tool.label, status: 'pass', detail: id || 'backup taken (the tool named no id)' }, id };
  } catch (e) {
    if (!(e instanceof BackupToolFailed)) throw e;
    const assertion: Assertion = { name: tool.label, status: 'fail', detail: e.message };
    return { assertion, id: '', failed: fail(e.message, [assertion], { reason: 'backup_incomplete', event: e.message, lines: e.lines }) };
  }
}

/**
 * Pre-hooks, then `work`, then post-hooks, each phase across the whole stack as backupbot runs
 * them. Post-hooks run even when a pre-hook or the capture failed, so a hook that stops writes
 * gets to restart them (backupbot skips them when restic fails: cc-ci cleans up instead).
 */
async function hooksAround(
  ctx: OpContext,
  targets: BackupTarget[],
  assertions: Assertion[],
  work: () => Promise<OpOutcome | null>,
): Promise<OpOutcome | null> {
  let failed: OpOutcome | null = null;
  const ran: BackupTarget[] = [];
  for (const t of targets) {
    if (!t.hooks.pre) continue;
    ran.push(t);
    const hook = await runLabelHook(ctx, t, 'pre-hook', t.hooks.pre);
    assertions.push(hook.assertion);
    if ((failed = hook.failed)) break;
  }
  if (!failed) failed = await work();
  for (const t of failed ? ran : targets) {
    if (!t.hooks.post) continue;
    const hook = await runLabelHook(ctx, t, 'post-hook', t.hooks.post);
    assertions.push(hook.assertion);
    failed ??= hook.failed;
  }
  return failed;
}

async function capture(
  ctx: OpContext,
  targets: BackupTarget[],
  snapshot: ReturnType<typeof newSnapshot>,
  missing: string[],
  assertions: Assertion[],
): Promise<OpOutcome | null> {
  for (const t of targets.filter((x) => x.volumes.length)) {
    try {
      for (const v of t.volumes) {
        ctx.progress(`${t.service}: capturing ${v.key}`);
        const archive = archiveName(v.volume);
        await ctx.backend.volumes.snapshot(v.volume, v.paths, join(snapshot.dir, archive), ctx.signal);
        missing.push(...(await recordArchive(snapshot, t.service, v, archive)).missing.map((p) => `${v.key}:${p}`));
      }
    } catch (e) {
      const detail = (e as Error).message;
      return fail(detail, [{ name: `${t.service} captured`, status: 'fail', detail }], { reason: 'backup_incomplete', service: t.service });
    }
    assertions.push({
      name: `${t.service} captured`,
      status: 'pass',
      detail: t.volumes.map((v) => `${v.key}${v.paths ? `:${v.paths.join(',')}` : ''}`).join(' '),
    });
  }
  return null;
}

/**
 * Picks what restore will check: a marker file cc-ci writes into the first backed-up directory,
 * or, when only files are backed up, the first such file (its checksum in the snapshot).
 */
async function placeWitness(ctx: OpContext, targets: BackupTarget[]): Promise<Witness | undefined> {
  const v = targets.find((t) => t.volumes.length)?.volumes[0];
  if (!v) return undefined;
  for (const p of v.paths ?? ['']) {
    const kind = p === '' ? 'dir' : await ctx.backend.volumes.kind(v.volume, p);
    if (kind === 'dir') {
      const value = `cc-ci marker ${randomBytes(6).toString('hex')}\n`;
      const path = p ? `${p}/${MARKER}` : MARKER;
      await ctx.backend.volumes.write(v.volume, path, value);
      return { volume: v.volume, path, kind: 'marker', expected: sha256(value) };
    }
  }
  const file = v.paths?.[0];
  return file ? { volume: v.volume, path: file, kind: 'file', expected: '' } : undefined;
}
