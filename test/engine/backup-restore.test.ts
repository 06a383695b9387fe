import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OpContext, Operation } from '../../src/operations/operation';
import type { Snapshot } from '../../src/operations/snapshot';
import { withOverlays } from '../../src/engine/with-overlays';
import { APP, fixture, INSTALLED, opOf, REAL_HOOKS, REAL_SEED, run, SNAPSHOT_SUMMARY } from './helpers';

describe('backup', () => {
  it('passes with a snapshot of the declared paths, the pre-hook before and the post-hook after', async () => {
    const { results, log, stateDir } = await run(fixture('real-shaped'), ['backup'], { seed: REAL_SEED });
    const backup = opOf(results, 'backup');
    expect(backup.status).toBe('pass');
    // dump.sql (17 bytes), uploads/photo.jpg (4) and the 26-byte marker cc-ci writes before the capture.
    const [, id, files, bytes, volumes] = SNAPSHOT_SUMMARY.exec(backup.reason) ?? [];
    expect([files, bytes, volumes]).toEqual(['3', '47', '1']);
    expect(backup.assertions.map((a) => [a.name, a.status])).toEqual([
      ['app pre-hook', 'pass'],
      ['app captured', 'pass'],
      ['app post-hook', 'pass'],
      ['snapshot', 'pass'],
      ['witness in snapshot', 'pass'],
    ]);
    expect(log).toEqual([...INSTALLED, REAL_HOOKS.pre, 'snapshot engine_ci_local_data', REAL_HOOKS.post, 'teardown']);
    const manifest = JSON.parse(readFileSync(join(stateDir, 'snapshots', id!, 'manifest.json'), 'utf8'));
    expect(manifest.volumes.map((v: { key: string; files: { path: string }[] }) => [v.key, v.files.map((f) => f.path)])).toEqual([
      ['data', ['dump.sql', 'uploads/photo.jpg', 'uploads/.cc-ci-marker']],
    ]);
  });

  it('fails as backup_incomplete when a declared path is not in the volume', async () => {
    const { results } = await run(fixture('backup-path-missing'), ['backup']);
    const backup = opOf(results, 'backup');
    expect([backup.status, backup.reason]).toEqual(['fail', 'declared path uploads does not exist in volume engine_ci_local_data']);
    expect(backup.autopsy).toMatchObject({ reason: 'backup_incomplete', service: 'app' });
  });

  it('fails as hook_failed on a failing pre-hook, with its output; the post-hook still runs, nothing is captured', async () => {
    const output = 'pg_dump: error: connection to server failed\nFATAL: role app does not exist\n';
    const { results, log } = await run(fixture('real-shaped'), ['backup'], {
      seed: REAL_SEED,
      exec: (_service, argv) => (argv.join(' ').includes('tee /data/dump.sql') ? { code: 7, output } : { code: 0, output: '' }),
    });
    const backup = opOf(results, 'backup');
    expect([backup.status, backup.reason]).toEqual([
      'fail',
      'pre-hook of app failed (exit 7): pg_dump: error: connection to server failed | FATAL: role app does not exist',
    ]);
    expect(backup.assertions.map((a) => [a.name, a.status])).toEqual([
      ['app pre-hook', 'fail'],
      ['app post-hook', 'pass'],
    ]);
    expect(backup.autopsy).toMatchObject({
      reason: 'hook_failed',
      service: 'app',
      exit_code: 7,
      last_lines: ['pg_dump: error: connection to server failed', 'FATAL: role app does not exist'],
    });
    expect(log).toEqual([...INSTALLED, REAL_HOOKS.pre, REAL_HOOKS.post, 'teardown']);
  });
});

describe('restore', () => {
  it('skips when backup skipped (a recipe without backupbot labels)', async () => {
    const { results } = await run(fixture('no-backup'), ['restore']);
    expect(results.ops.map((o) => [o.op, o.status, o.reason])).toEqual([
      ['install', 'pass', 'converged and serving'],
      ['backup', 'skip', 'not backup-capable: no backupbot.backup label in any compose file'],
      ['restore', 'skip', 'nothing to restore: backup was skipped (not backup-capable)'],
    ]);
    expect(results.status).toBe('pass');
  });

  it("keeps an op's output through the overlay layer (the orchestrator hands it on as ctx.from)", async () => {
    const snapshot: Snapshot = { id: 'snap-x', dir: '/nowhere', createdAt: '', volumes: [] };
    const op: Operation = {
      name: 'backup',
      needs: [],
      run: async () => ({ status: 'pass', reason: 'ok', assertions: [], output: { backup: { snapshot } } }),
    };
    const ctx = { op: 'backup', facts: { overlays: { config: {}, preHooks: {}, tests: {} } } } as unknown as OpContext;
    expect((await withOverlays(op).run(ctx)).output).toEqual({ backup: { snapshot } });
  });

  it("keeps the upgrade's hops through the overlay layer, passing or failing", async () => {
    const hops = [{ from: '1.0.0+1', to: 'head', status: 'pass' as const, durationMs: 5, detail: 'in place' }];
    const op: Operation = { name: 'upgrade', needs: [], run: async () => ({ status: 'pass', reason: 'ok', assertions: [], hops }) };
    const ctx = { op: 'upgrade', facts: { overlays: { config: {}, preHooks: {}, tests: {} } } } as unknown as OpContext;
    expect(await withOverlays(op).run(ctx)).toMatchObject({ status: 'pass', hops });
    const failing: Operation = { ...op, run: async () => ({ status: 'fail', reason: 'no', assertions: [], hops }) };
    expect(await withOverlays(failing).run(ctx)).toMatchObject({ status: 'fail', hops });
  });

  it("restores the backup's own snapshot (handed on by the orchestrator) and proves the data came back", async () => {
    const { results, log } = await run(fixture('real-shaped'), ['restore'], { seed: REAL_SEED });
    const id = SNAPSHOT_SUMMARY.exec(opOf(results, 'backup').reason)?.[1];
    expect(opOf(results, 'restore')).toMatchObject({ status: 'pass', reason: `restored ${id}; data back as backed up; serving` });
    expect(opOf(results, 'restore').assertions.map((a) => [a.name, a.status])).toEqual([
      ['changed after backup', 'pass'],
      ['restored', 'pass'],
      ['converged', 'pass'],
      ['app restore post-hook', 'pass'],
      ['back as backed up', 'pass'],
      ['serving', 'pass'],
    ]);
    // Stopped, restored, started, converged, hooked, probed: and never deployed again.
    expect(log.slice(log.indexOf(REAL_HOOKS.post) + 1)).toEqual([
      'scale app=0',
      'restore engine_ci_local_data',
      'scale app=1',
      'waitConverged',
      REAL_HOOKS.restorePost,
      `http ${APP}:8787 GET /`,
      'teardown',
    ]);
    expect(results.deployCount).toBe(1);
  });

  it('fails as restore_mismatch when the restored data does not survive the restart', async () => {
    // restore-wipes' entrypoint empties /data at every start: the fake does the same.
    const { results } = await run(fixture('restore-wipes'), ['restore'], { wipeOnStart: ['app'] });
    expect(opOf(results, 'backup').status).toBe('pass');
    const restore = opOf(results, 'restore');
    expect([restore.status, restore.reason]).toEqual(['fail', 'restore did not bring .cc-ci-marker back as it was at backup']);
    expect(restore.autopsy).toMatchObject({
      reason: 'restore_mismatch',
      service: 'app',
      event: 'engine_ci_local_data:.cc-ci-marker is missing, unlike the snapshot',
    });
  });
});

describe("backup and restore through the backend's backup tool (abra: backup-bot-two)", () => {
  it("the tool takes the backup (its hooks, not cc-ci's), cc-ci checks the same paths, and the tool restores it", async () => {
    const { results, log } = await run(fixture('real-shaped'), ['restore'], { seed: REAL_SEED, backupTool: {} });
    const backup = opOf(results, 'backup');
    expect(backup.status).toBe('pass');
    expect(backup.reason).toMatch(/^fake backup tool: fake1; snapshot snap-\S+: 3 files, 47 bytes from 1 volume\(s\)$/);
    expect(backup.assertions.map((a) => [a.name, a.status, a.name === 'fake backup tool' ? a.detail : ''])).toEqual([
      ['fake backup tool', 'pass', 'fake1'],
      ['app captured', 'pass', ''],
      ['snapshot', 'pass', ''],
      ['witness in snapshot', 'pass', ''],
    ]);
    const restore = opOf(results, 'restore');
    expect([restore.status, restore.reason]).toEqual(['pass', 'fake backup tool restored fake1; data back as backed up; serving']);
    expect(restore.assertions.map((a) => [a.name, a.status])).toEqual([
      ['changed after backup', 'pass'],
      ['fake backup tool restore', 'pass'],
      ['converged', 'pass'],
      ['back as backed up', 'pass'],
      ['serving', 'pass'],
    ]);
    // No hook run by cc-ci, no scaling, no helper restore: the tool does all of that.
    expect(log.filter((l) => l.startsWith('exec ') || l.startsWith('scale ') || l.startsWith('restore '))).toEqual([]);
    expect(log.slice(log.indexOf('tool backup'))).toEqual([
      'tool backup',
      'snapshot engine_ci_local_data',
      'tool restore fake1',
      'waitConverged',
      `http ${APP}:8787 GET /`,
      'teardown',
    ]);
  });

  it('restores the latest backup when the tool named no id', async () => {
    const { results, log } = await run(fixture('real-shaped'), ['restore'], { seed: REAL_SEED, backupTool: { namesNoId: true } });
    expect(opOf(results, 'restore')).toMatchObject({
      status: 'pass',
      reason: 'fake backup tool restored its latest backup; data back as backed up; serving',
    });
    expect(log).toContain('tool restore (latest)');
  });

  it("fails backup as backup_incomplete with the tool's own last lines when the tool fails; restore is blocked", async () => {
    const lines = ['INFO running pre-hook', 'FATA restic: repository does not exist'];
    const { results, log } = await run(fixture('real-shaped'), ['restore'], { seed: REAL_SEED, backupTool: { failBackup: lines } });
    const backup = opOf(results, 'backup');
    expect([backup.status, backup.reason]).toEqual(['fail', 'fake backup failed: FATA restic: repository does not exist']);
    expect(backup.autopsy).toMatchObject({ reason: 'backup_incomplete', last_lines: lines });
    expect(opOf(results, 'restore').status).toBe('blocked');
    expect(log).not.toContain('snapshot engine_ci_local_data');
  });

  it('fails restore as restore_mismatch when the tool says it restored but the data is not back', async () => {
    const { results } = await run(fixture('real-shaped'), ['restore'], { seed: REAL_SEED, backupTool: { restoresNothing: true } });
    const restore = opOf(results, 'restore');
    expect([restore.status, restore.reason]).toEqual(['fail', 'restore did not bring uploads/.cc-ci-marker back as it was at backup']);
    expect(restore.autopsy).toMatchObject({ reason: 'restore_mismatch', service: 'app' });
  });

  it("fails restore as restore_mismatch with the tool's lines when the tool fails", async () => {
    const lines = ['FATA no snapshot fake1 in the repository'];
    const { results } = await run(fixture('real-shaped'), ['restore'], { seed: REAL_SEED, backupTool: { failRestore: lines } });
    const restore = opOf(results, 'restore');
    expect([restore.status, restore.reason]).toEqual(['fail', 'fake restore failed: FATA no snapshot fake1 in the repository']);
    expect(restore.autopsy).toMatchObject({ reason: 'restore_mismatch', last_lines: lines });
  });
});
