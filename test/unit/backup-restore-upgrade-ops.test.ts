import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { BackupTool, ConvergeOutcome, DeployedService } from '../../src/backends/types';
import { BackupToolFailed, DeployRejected } from '../../src/errors';
import { backup } from '../../src/operations/backup';
import type { OpContext, OpOutputs } from '../../src/operations/operation';
import { restore } from '../../src/operations/restore';
import { upgrade } from '../../src/operations/upgrade';

/**
 * backup, restore and upgrade on a stand-in backend whose every answer the test picks: the
 * volume store writes real tar archives of the files a test names, exec answers hooks, and each
 * wait for convergence takes the next scripted outcome.
 */
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cc-ci-ops-stand-in-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const STACK = 'st';
const CONVERGED: ConvergeOutcome = { ok: true, detail: 'app 1/1' };
const TIMED_OUT: ConvergeOutcome = { ok: false, failure: { kind: 'timeout', service: 'st_app', message: 'not running after 60 s' } };

function service(labels: Record<string, string>, over: Partial<DeployedService> = {}): DeployedService {
  return {
    name: 'app',
    swarmName: `${STACK}_app`,
    image: 'img:2',
    labels,
    mounts: [{ volume: `${STACK}_data`, target: '/data' }],
    replicas: 1,
    networks: [`${STACK}_default`],
    ...over,
  };
}

/** A tar archive at `file` holding `files` (path → content). */
function tarOf(file: string, files: Record<string, string>): void {
  const src = mkdtempSync(join(dir, 'tar-src-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(src, path)), { recursive: true });
    writeFileSync(join(src, path), content);
  }
  execFileSync('tar', ['-cf', file, '-C', src, '.']);
}

interface Stage {
  services?: DeployedService[];
  /** What each volume snapshot holds. */
  snapshotFiles?: Record<string, string>;
  kind?: (path: string) => 'dir' | 'file' | 'missing';
  /** The checksums volumes.sha256 answers, in turn. */
  sha?: (string | undefined)[];
  exec?: (argv: string[]) => { code: number; output: string };
  converge?: ConvergeOutcome[];
  tool?: BackupTool;
  generic?: boolean;
  probe?: { service?: string };
  from?: Partial<OpOutputs>;
  facts?: Record<string, unknown>;
  deploys?: Record<string, unknown>;
}

function stage(s: Stage) {
  const log: string[] = [];
  const tree = join(dir, 'tree');
  mkdirSync(tree, { recursive: true });
  writeFileSync(join(tree, 'compose.yml'), 'services:\n  app:\n    deploy:\n      labels: ["backupbot.backup=true"]\n');
  const converge = [...(s.converge ?? [])];
  const sha = [...(s.sha ?? [])];
  const backend = {
    backupTool: s.tool,
    services: async () => (s.services ?? []).map((x) => ({ ...x })),
    exec: async (swarm: string, argv: string[]) => {
      log.push(`exec ${swarm}`);
      return s.exec?.(argv) ?? { code: 0, output: '' };
    },
    scale: async (replicas: Record<string, number>) => void log.push(`scale ${JSON.stringify(replicas)}`),
    waitConverged: async () => converge.shift() ?? CONVERGED,
    http: async () => ({ status: 200, headers: {}, body: 'ok' }),
    volumes: {
      snapshot: async (volume: string, _paths: unknown, file: string) => {
        log.push(`snapshot ${volume}`);
        tarOf(file, s.snapshotFiles ?? {});
      },
      restore: async (volume: string) => void log.push(`restore ${volume}`),
      kind: async (_volume: string, path: string) => s.kind?.(path) ?? 'dir',
      write: async (volume: string, path: string) => void log.push(`write ${volume}:${path}`),
      sha256: async () => sha.shift(),
    },
  };
  const ctx = {
    op: 'backup',
    app: { stack: STACK, domain: 'st.ci.local' },
    facts: {
      head: { dir: tree },
      stateDir: join(dir, 'state'),
      overlays: { config: { probe: s.probe } },
      ...s.facts,
    },
    backend,
    deploys: { current: null, ...s.deploys },
    from: s.from ?? {},
    generic: s.generic ?? true,
    signal: new AbortController().signal,
    progress: (d: string) => log.push(`progress ${d}`),
    redact: (b: Buffer) => b,
  } as unknown as OpContext;
  return { ctx, log };
}

function tool(over: Partial<BackupTool> = {}): BackupTool {
  return { label: 'stand-in tool', backup: async () => 'id1', restore: async () => {}, ...over };
}

describe('backup', () => {
  it('skips a recipe whose deployed services all opt out of backups', async () => {
    const { ctx } = stage({ services: [service({ 'backupbot.backup': 'false' })] });
    expect(await backup.run(ctx)).toMatchObject({
      status: 'skip',
      reason: 'not backup-capable: no deployed service has backupbot.backup=true',
    });
  });

  it('fails on labels that name a path leaving its volume, before touching anything', async () => {
    const { ctx, log } = stage({ services: [service({ 'backupbot.backup': 'true', 'backupbot.backup.volumes.data.path': 'ok,../etc' })] });
    const o = await backup.run(ctx);
    expect(o.status).toBe('fail');
    expect(o.reason).toMatch(/backup path \.\.\/etc leaves the volume/);
    expect(o.assertions).toEqual([{ name: 'labels', status: 'fail', detail: o.reason }]);
    expect(o.failure?.reason).toBe('backup_incomplete');
    expect(log).toEqual([]);
  });

  it('with generic assertions skipped: the tool backs up, no witness, the snapshot not judged', async () => {
    const { ctx, log } = stage({ services: [service({ 'backupbot.backup': 'true' })], generic: false, tool: tool() });
    const o = await backup.run(ctx);
    expect(o.status).toBe('pass');
    expect(o.assertions.map((a) => [a.name, a.status])).toEqual([
      ['stand-in tool', 'pass'],
      ['app captured', 'pass'],
      ['snapshot complete', 'skip'],
    ]);
    expect(o.output?.backup?.witness).toBeUndefined();
    expect(o.output?.backup?.tool).toEqual({ label: 'stand-in tool', id: 'id1' });
    expect(log.some((l) => l.startsWith('write'))).toBe(false);
  });

  it('fails an empty snapshot', async () => {
    const { ctx } = stage({ services: [service({ 'backupbot.backup': 'true' })] });
    const o = await backup.run(ctx);
    expect(o.status).toBe('fail');
    expect(o.reason).toMatch(/^empty snapshot snap-\S+: the backed-up volumes hold no files$/);
  });

  it('fails a snapshot missing a declared path', async () => {
    const { ctx } = stage({
      services: [service({ 'backupbot.backup': 'true', 'backupbot.backup.volumes.data.path': 'dump.sql,uploads' })],
      kind: () => 'missing',
      snapshotFiles: { 'dump.sql': 'dump' },
    });
    const o = await backup.run(ctx);
    expect(o.status).toBe('fail');
    expect(o.reason).toMatch(/^snapshot snap-\S+ is missing declared path\(s\): data:uploads$/);
  });

  it("fails when the snapshot does not hold the app's own file it took as witness", async () => {
    // `uploads` looks like a file to the volume store, but the archive holds a directory there.
    const { ctx } = stage({
      services: [service({ 'backupbot.backup': 'true', 'backupbot.backup.volumes.data.path': 'uploads' })],
      kind: () => 'file',
      snapshotFiles: { 'uploads/a.jpg': 'jpeg' },
    });
    const o = await backup.run(ctx);
    expect(o.status).toBe('fail');
    expect(o.reason).toMatch(/^snapshot snap-\S+ does not hold uploads of st_data as it was before the backup$/);
  });

  it("passes on a tool's error that is not a backup failure", async () => {
    const { ctx } = stage({
      services: [service({ 'backupbot.backup': 'true' })],
      tool: tool({ backup: () => Promise.reject(new Error('bug in the tool')) }),
    });
    await expect(backup.run(ctx)).rejects.toThrow('bug in the tool');
  });
});

describe('restore', () => {
  const snapshotAt = (): OpOutputs['backup'] => {
    const sdir = join(dir, 'snap');
    mkdirSync(sdir, { recursive: true });
    return {
      snapshot: {
        id: 'snap-1',
        dir: sdir,
        createdAt: '',
        volumes: [{ key: 'data', volume: `${STACK}_data`, paths: null, service: 'app', archive: `${STACK}_data.tar`, files: [], bytes: 0 }],
      },
    };
  };
  const hooks = { 'backupbot.backup': 'true', 'backupbot.restore.pre-hook': 'stop-writes', 'backupbot.restore.post-hook': 'check-dump' };

  it('cannot prove a restore when the witness could not be changed', async () => {
    const taken = { ...snapshotAt(), witness: { volume: `${STACK}_data`, path: '.cc-ci-marker', kind: 'marker' as const, expected: 'e' } };
    const { ctx, log } = stage({ from: { backup: taken }, sha: ['e'] });
    expect(await restore.run(ctx)).toEqual({
      status: 'fail',
      reason: 'could not change .cc-ci-marker after backup, so restore cannot be proven',
      assertions: [],
      failure: { reason: 'restore_mismatch' },
    });
    expect(log).toEqual([`write ${STACK}_data:.cc-ci-marker`]);
  });

  it('stops at a failed restore pre-hook, before scaling anything down', async () => {
    const { ctx, log } = stage({
      from: { backup: snapshotAt() },
      services: [service(hooks)],
      exec: (argv) => (argv.join(' ').includes('stop-writes') ? { code: 3, output: 'refused\n' } : { code: 0, output: '' }),
    });
    const o = await restore.run(ctx);
    expect(o.status).toBe('fail');
    expect(o.failure?.reason).toBe('hook_failed');
    expect(o.assertions.map((a) => [a.name, a.status])).toEqual([['app restore pre-hook', 'fail']]);
    expect(log.some((l) => l.startsWith('scale'))).toBe(false);
  });

  it('scales a global service back to one, and fails when it does not converge', async () => {
    const { ctx, log } = stage({ from: { backup: snapshotAt() }, services: [service(hooks, { replicas: null })], converge: [TIMED_OUT] });
    const o = await restore.run(ctx);
    expect(o.status).toBe('fail');
    expect(o.failure?.reason).toBe('timeout');
    expect(o.assertions.map((a) => [a.name, a.status])).toEqual([
      ['app restore pre-hook', 'pass'],
      ['restored', 'pass'],
      ['converged', 'fail'],
    ]);
    expect(log.filter((l) => l.startsWith('scale') || l.startsWith('restore'))).toEqual([
      'scale {"st_app":0}',
      `restore ${STACK}_data`,
      'scale {"st_app":1}',
    ]);
  });

  it('fails on a failed restore post-hook', async () => {
    const { ctx } = stage({
      from: { backup: snapshotAt() },
      services: [service(hooks)],
      exec: (argv) => (argv.join(' ').includes('check-dump') ? { code: 1, output: '' } : { code: 0, output: '' }),
    });
    const o = await restore.run(ctx);
    expect(o.status).toBe('fail');
    expect(o.assertions.map((a) => [a.name, a.status]).at(-1)).toEqual(['app restore post-hook', 'fail']);
  });

  it("passes on a tool's restore error that is not a restore failure", async () => {
    const { ctx } = stage({
      from: { backup: { ...snapshotAt(), tool: { label: 'stand-in tool', id: '' } } },
      tool: tool({ restore: () => Promise.reject(new TypeError('bug')) }),
    });
    await expect(restore.run(ctx)).rejects.toThrow(TypeError);
  });

  it('fails when what the tool restarted does not converge', async () => {
    const { ctx } = stage({
      from: { backup: { ...snapshotAt(), tool: { label: 'stand-in tool', id: '' } } },
      tool: tool(),
      converge: [TIMED_OUT],
    });
    const o = await restore.run(ctx);
    expect(o.status).toBe('fail');
    expect(o.assertions.map((a) => [a.name, a.status, a.detail])).toEqual([
      ['stand-in tool restore', 'pass', 'its latest backup'],
      ['converged', 'fail', 'app: not running after 60 s'],
    ]);
  });

  it("restores the tool's latest backup without a witness, and says so without claiming it serves", async () => {
    const { ctx } = stage({ from: { backup: { ...snapshotAt(), tool: { label: 'stand-in tool', id: '' } } }, tool: tool() });
    const o = await restore.run(ctx);
    expect(o.status).toBe('pass');
    expect(o.reason).toBe('stand-in tool restored its latest backup');
  });

  it('fails when the app does not serve after the restore', async () => {
    const { ctx } = stage({
      from: { backup: snapshotAt() },
      services: [service({ 'backupbot.backup': 'true' })],
      probe: { service: 'web' },
    });
    const o = await restore.run(ctx);
    expect(o.status).toBe('fail');
    expect(o.reason).toBe('not serving after restore: probe.service web has no traefik router (traefik.enable=true and a router rule)');
    expect(o.failure).toMatchObject({ reason: 'not_serving', service: 'web' });
  });

  it('fails with the original error when a tool failure is a BackupToolFailed', async () => {
    const { ctx } = stage({
      from: { backup: { ...snapshotAt(), tool: { label: 'stand-in tool', id: 'x' } } },
      tool: tool({ restore: () => Promise.reject(new BackupToolFailed('restic: wrong password', ['line'])) }),
    });
    const o = await restore.run(ctx);
    expect(o).toMatchObject({ status: 'fail', reason: 'restic: wrong password', failure: { reason: 'restore_mismatch', lines: ['line'] } });
  });
});

describe('upgrade', () => {
  const base = { release: { tag: '1.0.0+1' } };
  const upgraded = (addedKeys: string[] = []) => ({ upgrade: async () => ({ since: new Date(), plan: {}, addedKeys }) });
  const versioned = (v?: string) => service(v ? { [`coop-cloud.${STACK}.version`]: v } : {});

  it('fails as rejected when the redeploy is refused', async () => {
    const { ctx } = stage({
      facts: { path: [base] },
      deploys: { upgrade: () => Promise.reject(new DeployRejected('abra app deploy failed: FATA nope', ['FATA nope'])) },
    });
    expect(await upgrade.run(ctx)).toMatchObject({
      status: 'fail',
      reason: 'abra app deploy failed: FATA nope',
      failure: { reason: 'deploy_rejected' },
    });
  });

  it('with generic assertions skipped: names the env keys head added, checks no images or label', async () => {
    const { ctx } = stage({
      facts: { path: [base], headPlan: { images: {}, version: '2' } },
      deploys: upgraded(['NEW_KEY', 'OTHER']),
      generic: false,
    });
    const o = await upgrade.run(ctx);
    expect(o.status).toBe('pass');
    expect(o.reason).toBe('1.0.0+1 → head in place (generic assertions skipped)');
    expect(o.assertions.map((a) => [a.name, a.status])).toEqual([
      ['deployed', 'pass'],
      ['converged', 'pass'],
      ['images', 'skip'],
      ['version label', 'skip'],
      ['serving', 'skip'],
    ]);
    expect(o.assertions[0]!.detail).toBe("1.0.0+1 → head; env keys added from head's .env.sample: NEW_KEY, OTHER");
  });

  it('fails when a service head declares runs nothing', async () => {
    const { ctx } = stage({
      facts: { path: [base], headPlan: { images: { app: 'img:2', worker: 'w:2' }, version: '2' } },
      deploys: upgraded(),
      services: [versioned('2')],
    });
    const o = await upgrade.run(ctx);
    expect(o).toMatchObject({
      status: 'fail',
      reason: "not on head's images: worker runs nothing, head declares w:2",
      failure: { service: 'worker' },
    });
  });

  it('fails on a missing or wrong version label', async () => {
    const headPlan = { images: { app: 'img:2' }, version: '2' };
    const missing = stage({ facts: { path: [base], headPlan }, deploys: upgraded(), services: [versioned()] });
    expect(await upgrade.run(missing.ctx)).toMatchObject({
      status: 'fail',
      reason: `coop-cloud.${STACK}.version is missing, head declares 2`,
    });
    const wrong = stage({ facts: { path: [base], headPlan }, deploys: upgraded(), services: [versioned('1')] });
    expect(await upgrade.run(wrong.ctx)).toMatchObject({
      status: 'fail',
      reason: `coop-cloud.${STACK}.version is 1, head declares 2`,
      failure: { reason: 'upgrade_incomplete' },
    });
  });

  it('fails when the app does not serve after the upgrade, and passes without claiming to serve when nothing is routed', async () => {
    const headPlan = { images: { app: 'img:2' }, version: '2' };
    const down = stage({
      facts: { path: [base], headPlan },
      deploys: upgraded(),
      services: [versioned('2')],
      probe: { service: 'web' },
    });
    expect(await upgrade.run(down.ctx)).toMatchObject({
      status: 'fail',
      reason: expect.stringMatching(/^not serving after the upgrade: probe\.service web/),
    });
    const quiet = stage({ facts: { path: [base], headPlan }, deploys: upgraded(), services: [{ ...versioned('2'), mounts: [] }] });
    expect(await upgrade.run(quiet.ctx)).toMatchObject({ status: 'pass', reason: '1.0.0+1 → 2 in place' });
  });
});
