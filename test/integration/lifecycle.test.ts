import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { readResults } from '../../src/report/results-file';
import { ROOT, dockerLeftovers, fixture, runCli, stackOf, tempDir, uniqueDomain } from '../support/cli';
import { recipeRepo } from '../support/recipe-repo';

const statuses = (r: ReturnType<typeof readResults>) => Object.fromEntries(r.ops.map((o) => [o.op, o.status]));

describe.concurrent('one deployment, ordered ops, one teardown (real swarm)', () => {
  it('the example recipe passes install, upgrade, backup and restore with one deploy and nothing left', async ({ expect }) => {
    const dir = tempDir();
    execFileSync('bash', [join(ROOT, 'examples/release-repo.sh'), join(dir, 'demo')]);
    const domain = uniqueDomain('life');
    const out = join(dir, 'results.json');
    const run = await runCli(['test', join(dir, 'demo'), '--domain', domain, '--results', out]);
    expect(run.code, run.stderr).toBe(0);
    const r = readResults(out);
    // custom passes with the bundled overlay's test (overlays/demo).
    expect(statuses(r)).toEqual({ lint: 'pass', install: 'pass', upgrade: 'pass', backup: 'pass', restore: 'pass', custom: 'pass' });
    expect(r.deployCount).toBe(1);
    expect(r.base?.version).toBe('1.0.0+1');
    expect(r.head.version).toBe('1.1.0+2');
    const upgrade = r.ops.find((o) => o.op === 'upgrade')!;
    expect(upgrade.assertions.map((a) => [a.name, a.status])).toEqual([
      ['deployed', 'pass'],
      ['converged', 'pass'],
      ['images', 'pass'],
      ['version label', 'pass'],
      ['serving', 'pass'],
      ['data kept', 'pass'],
    ]);
    expect(upgrade.assertions.find((a) => a.name === 'images')!.detail).toContain('app=cc-ci-fixture/web:2');
    // The marker went where backupbot says the data is: db's volume.
    expect(upgrade.assertions.find((a) => a.name === 'data kept')!.detail).toBe(
      'db:/var/lib/db is volume db_data: .cc-ci-upgrade-marker as written before the upgrade',
    );
    const backup = r.ops.find((o) => o.op === 'backup')!;
    const snapshotId = /snapshot (snap-\S+):/.exec(backup.reason)![1]!;
    const restore = r.ops.find((o) => o.op === 'restore')!;
    expect(restore.reason).toContain(`restored ${snapshotId}`);
    expect(restore.assertions.find((a) => a.name === 'back as backed up')?.status).toBe('pass');
    // The snapshot is on disk with a manifest naming the marker the restore checked.
    const manifest = JSON.parse(readFileSync(join('/tmp/cc-ci', r.stack, 'snapshots', snapshotId, 'manifest.json'), 'utf8'));
    expect(manifest.volumes[0].files.map((f: { path: string }) => f.path)).toEqual(
      expect.arrayContaining(['.cc-ci-marker', 'data.txt', 'dump.sql']),
    );
    expect(r.teardown).toMatchObject({ status: 'done', leftovers: [] });
    // Torn down, the state dir keeps its report only: no env file, staged release, launcher or volume archive.
    const kept = readdirSync(join('/tmp/cc-ci', r.stack), { recursive: true, encoding: 'utf8' });
    expect(kept).toContain(join('snapshots', snapshotId, 'manifest.json'));
    expect(kept.filter((f) => !/^(logs(\/.*)?|manifest\.json|snapshots(\/snap-[^/]+(\/manifest\.json)?)?)$/.test(f))).toEqual([]);
    expect(dockerLeftovers(stackOf(domain))).toEqual([]);
  });

  it('a head that breaks the healthcheck fails upgrade (rolled back); backup and restore are blocked', async ({ expect }) => {
    const repo = recipeRepo(fixture('upgrade-unhealthy'));
    const domain = uniqueDomain('brkup');
    const out = join(tempDir(), 'results.json');
    const run = await runCli(['test', repo, '--domain', domain, '--results', out]);
    expect(run.code).toBe(1);
    const r = readResults(out);
    expect(statuses(r)).toMatchObject({ install: 'pass', upgrade: 'fail', backup: 'blocked', restore: 'blocked', custom: 'blocked' });
    const upgrade = r.ops.find((o) => o.op === 'upgrade')!;
    expect(upgrade.reason).toMatch(/^app: (update rolled back|rollback)/);
    expect(upgrade.reason).toContain('unhealthy container');
    expect(r.ops.find((o) => o.op === 'backup')!.reason).toBe('upgrade failed');
    expect(r.deployCount).toBe(1);
    expect(dockerLeftovers(stackOf(domain))).toEqual([]);
  });

  it('a recipe without backupbot labels skips backup and restore as not backup-capable', async ({ expect }) => {
    const domain = uniqueDomain('nobk');
    const out = join(tempDir(), 'results.json');
    const run = await runCli(['test', fixture('no-backup'), '--domain', domain, '--results', out]);
    expect(run.code, run.stderr).toBe(0);
    const r = readResults(out);
    expect(statuses(r)).toMatchObject({ install: 'pass', upgrade: 'skip', backup: 'skip', restore: 'skip' });
    expect(r.ops.find((o) => o.op === 'upgrade')!.reason).toBe(
      'no previous release (the recipe directory is not the top of a git repository)',
    );
    expect(r.ops.find((o) => o.op === 'backup')!.reason).toBe('not backup-capable: no backupbot.backup label in any compose file');
    expect(r.ops.find((o) => o.op === 'restore')!.reason).toMatch(/not backup-capable/);
    expect(r.base).toBeNull();
    expect(dockerLeftovers(stackOf(domain))).toEqual([]);
  });

  it("a failing pre-hook fails backup with the hook's own output", async ({ expect }) => {
    const domain = uniqueDomain('hook');
    const dir = tempDir();
    const out = join(dir, 'results.json');
    const run = await runCli(['test', fixture('prehook-fails'), '--ops', 'backup,restore', '--domain', domain, '--results', out]);
    expect(run.code).toBe(1);
    const r = readResults(out);
    expect(statuses(r)).toEqual({ install: 'pass', backup: 'fail', restore: 'blocked' });
    const backup = r.ops.find((o) => o.op === 'backup')!;
    expect(backup.reason).toBe(
      'pre-hook of app failed (exit 7): pg_dump: error: connection to server failed: FATAL: role app does not exist',
    );
    expect(readdirSync(join('/tmp/cc-ci', r.stack, 'snapshots')).length).toBe(1);
    expect(dockerLeftovers(stackOf(domain))).toEqual([]);
  });

  it('teardown never keeps the app and says how to remove it; cc-ci teardown then leaves nothing', async ({ expect }) => {
    const domain = uniqueDomain('keep');
    const out = join(tempDir(), 'results.json');
    const run = await runCli([
      'test',
      fixture('no-backup'),
      '--ops',
      'install',
      '--teardown',
      'never',
      '--domain',
      domain,
      '--results',
      out,
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(readResults(out).teardown).toMatchObject({ strategy: 'never', status: 'kept' });
    expect(run.stderr).toContain(`remove it with: node dist/cli.js teardown ${stackOf(domain)}`);
    expect(dockerLeftovers(stackOf(domain)).length).toBeGreaterThan(0);
    expect(existsSync(join('/tmp/cc-ci', stackOf(domain), `${domain}.env`))).toBe(true); // a kept app keeps its state
    const removed = await runCli(['teardown', stackOf(domain)]);
    expect(removed.code).toBe(0);
    expect(dockerLeftovers(stackOf(domain))).toEqual([]);
    expect(readdirSync(join('/tmp/cc-ci', stackOf(domain))).sort()).toEqual(['manifest.json']); // and now only its report (results went to --results)
  });

  it('teardown on-success keeps a failed app for debugging', async ({ expect }) => {
    const domain = uniqueDomain('onsucc');
    const out = join(tempDir(), 'results.json');
    const run = await runCli([
      'test',
      fixture('prehook-fails'),
      '--ops',
      'backup',
      '--teardown',
      'on-success',
      '--domain',
      domain,
      '--results',
      out,
    ]);
    expect(run.code).toBe(1);
    expect(readResults(out).teardown.status).toBe('kept');
    expect(dockerLeftovers(stackOf(domain)).some((l) => l.startsWith('service '))).toBe(true);
    await runCli(['teardown', stackOf(domain)]);
    expect(dockerLeftovers(stackOf(domain))).toEqual([]);
  });
});
