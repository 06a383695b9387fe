import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';

import type { ConvergeOutcome, DeployedService } from '../../src/backends/types';
import { OpTimeout } from '../../src/errors';
import type { OpContext } from '../../src/operations/operation';
import { upgrade } from '../../src/operations/upgrade';

/**
 * The upgrade op along a path of releases, on a stand-in backend: each hop redeploys, and what the
 * backend answers after it (images, version label, convergence, the volume's files) is the test's.
 */

const STACK = 'st';
const VERSION = `coop-cloud.${STACK}.version`;
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

interface World {
  /** The version the deployment is on, per hop made (0 = the base). */
  hop: number;
  files: Map<string, string>;
  /** What the app service mounts at /data after hop N. */
  volumeAt: (hop: number) => string;
  /** Convergence after hop N. */
  converge: (hop: number) => ConvergeOutcome;
  /** Runs on the n-th upgrade call, before it resolves (e.g. a release that wipes the data). */
  onUpgrade?: (hop: number, w: World) => void;
}

const releases = ['1.0.0+1', '1.1.0+2', '1.2.0+3'];
const imageOf = (i: number) => `app:${i < releases.length ? releases[i] : 'head'}`;
const versionOf = (i: number) => (i < releases.length ? releases[i]! : '2.0.0+4');

function stage(over: Partial<World> = {}, signal = new AbortController().signal) {
  const w: World = {
    hop: 0,
    files: new Map(),
    volumeAt: () => `${STACK}_data`,
    converge: () => ({ ok: true, detail: 'app 1/1' }),
    ...over,
  };
  const plan = (i: number) => ({ images: { app: imageOf(i) }, version: versionOf(i) });
  const path = releases.map((tag, i) => ({ release: { tag, commit: `c${i}` }, tree: { dir: `/t/${tag}` }, intended: plan(i) }));
  const services = (): DeployedService[] => [
    {
      name: 'app',
      swarmName: `${STACK}_app`,
      image: imageOf(w.hop),
      labels: { [VERSION]: versionOf(w.hop) },
      mounts: [{ volume: w.volumeAt(w.hop), target: '/data' }],
      replicas: 1,
      networks: [],
    },
  ];
  const ctx = {
    op: 'upgrade',
    app: { stack: STACK, domain: 'st.ci.local' },
    facts: { path, headPlan: plan(releases.length), overlays: { config: {} }, stateDir: '/nonexistent' },
    backend: {
      services: async () => services(),
      waitConverged: async () => w.converge(w.hop),
      http: async () => ({ status: 200, headers: {}, body: 'ok' }),
      volumes: {
        kind: async () => 'dir',
        write: async (volume: string, p: string, content: string) => void w.files.set(`${volume}:${p}`, content),
        sha256: async (volume: string, p: string) => {
          const c = w.files.get(`${volume}:${p}`);
          return c === undefined ? undefined : sha(c);
        },
      },
    },
    deploys: {
      current: null,
      upgrade: async () => {
        w.hop++;
        w.onUpgrade?.(w.hop, w);
        return { since: new Date(), plan: { wait: undefined }, addedKeys: [] };
      },
    },
    from: {},
    generic: true,
    signal,
    progress: () => {},
    redact: (b: Buffer) => b,
  } as unknown as OpContext;
  return { ctx, w };
}

describe('upgrade along a chain of releases', () => {
  it('moves hop by hop to head, each hop checked and recorded, the data followed all the way', async () => {
    const { ctx, w } = stage();
    const o = await upgrade.run(ctx);
    expect(o.status).toBe('pass');
    expect(o.reason).toBe('1.0.0+1 → 1.1.0+2 → 1.2.0+3 → 2.0.0+4 in place, 3 hops');
    expect(w.hop).toBe(3);
    expect(o.hops?.map((h) => [h.from, h.to, h.status])).toEqual([
      ['1.0.0+1', '1.1.0+2', 'pass'],
      ['1.1.0+2', '1.2.0+3', 'pass'],
      ['1.2.0+3', 'head', 'pass'],
    ]);
    expect(o.hops?.map((h) => h.detail)).toEqual([
      '1.0.0+1 → 1.1.0+2 in place',
      '1.1.0+2 → 1.2.0+3 in place',
      '1.2.0+3 → 2.0.0+4 in place',
    ]);
    expect(o.assertions.filter((a) => a.name.endsWith('data kept')).map((a) => [a.name, a.status])).toEqual([
      ['1.0.0+1 → 1.1.0+2: data kept', 'pass'],
      ['1.1.0+2 → 1.2.0+3: data kept', 'pass'],
      ['1.2.0+3 → head: data kept', 'pass'],
    ]);
    expect(o.assertions.find((a) => a.name === '1.1.0+2 → 1.2.0+3: images')?.detail).toBe('app=app:1.2.0+3');
  });

  it('stops at the hop that breaks, names both versions, and leaves the later hops unrun', async () => {
    const failing: ConvergeOutcome = {
      ok: false,
      failure: { kind: 'task-failed', service: `${STACK}_app`, message: '3 tasks failed; last: non-zero exit (1)', exitCode: 1 },
    };
    const { ctx } = stage({ converge: (hop) => (hop === 2 ? failing : { ok: true, detail: 'app 1/1' }) });
    const o = await upgrade.run(ctx);
    expect(o.status).toBe('fail');
    expect(o.reason).toMatch(/^hop 1\.1\.0\+2 → 1\.2\.0\+3: app: 3 tasks failed/);
    expect(o.failure).toMatchObject({
      reason: 'crash_loop',
      exitCode: 1,
      event: expect.stringMatching(/^hop 1\.1\.0\+2 → 1\.2\.0\+3: 3 tasks/),
    });
    expect(o.hops?.map((h) => [h.status, h.detail.slice(0, 40)])).toEqual([
      ['pass', '1.0.0+1 → 1.1.0+2 in place'],
      ['fail', o.reason.slice('hop 1.1.0+2 → 1.2.0+3: '.length).slice(0, 40)],
      ['skip', 'not run: 1.1.0+2 → 1.2.0+3 failed'],
    ]);
  });

  it('fails as data_lost when a release wipes the data, or moves the mount to a new volume', async () => {
    const wiped = stage({ onUpgrade: (hop, w) => hop === 2 && w.files.clear() });
    const o = await upgrade.run(wiped.ctx);
    expect(o).toMatchObject({
      status: 'fail',
      reason: 'hop 1.1.0+2 → 1.2.0+3: app:/data is volume data: .cc-ci-upgrade-marker, written before the upgrade, is gone',
      failure: { reason: 'data_lost', service: 'app' },
    });
    const renamed = stage({ volumeAt: (hop) => (hop >= 1 ? `${STACK}_app_data` : `${STACK}_data`) });
    const r = await upgrade.run(renamed.ctx);
    expect(r.reason).toBe(
      'hop 1.0.0+1 → 1.1.0+2: app:/data is volume app_data (was data: a new, empty volume): .cc-ci-upgrade-marker, written before the upgrade, is gone',
    );
    expect(r.hops?.[0]?.status).toBe('fail');
  });

  it('keeps the hops made so far when its time runs out mid-hop', async () => {
    const limit = new AbortController();
    const { ctx } = stage(
      {
        onUpgrade: (hop) => {
          if (hop === 2) limit.abort(new OpTimeout(30));
        },
        converge: (hop) => {
          if (hop === 2) throw limit.signal.reason;
          return { ok: true, detail: 'app 1/1' };
        },
      },
      limit.signal,
    );
    const o = await upgrade.run(ctx);
    expect(o).toMatchObject({ status: 'fail', failure: { reason: 'timeout' } });
    expect(o.reason).toMatch(/^hop 1\.1\.0\+2 → 1\.2\.0\+3: /);
    expect(o.hops?.map((h) => h.status)).toEqual(['pass', 'fail', 'skip']);
  });

  it('says there is no data to follow when no service mounts a volume', async () => {
    const { ctx } = stage();
    const services = ctx.backend.services.bind(ctx.backend);
    ctx.backend.services = async () => (await services()).map((s) => ({ ...s, mounts: [] }));
    const o = await upgrade.run(ctx);
    expect(o.status).toBe('pass');
    expect(o.assertions[0]).toEqual({
      name: 'data kept',
      status: 'skip',
      detail: 'no service mounts a volume: no data to follow across the upgrade',
    });
  });

  it('puts the marker where backupbot says the data is, and follows a volume another service took over', async () => {
    const { ctx, w } = stage();
    const services = ctx.backend.services.bind(ctx.backend);
    const labels = { 'backupbot.backup': 'true', 'backupbot.backup.path': '/data/db' };
    // From 1.2.0+3 on, a worker holds the volume the app no longer mounts.
    ctx.backend.services = async () => {
      const [app] = await services();
      if (w.hop < 2) return [{ ...app!, labels: { ...app!.labels, ...labels } }];
      return [
        { ...app!, mounts: [] },
        { ...app!, name: 'worker', swarmName: 'st_worker' },
      ];
    };
    const o = await upgrade.run(ctx);
    expect([...w.files.keys()]).toEqual(['st_data:db/.cc-ci-upgrade-marker']);
    expect(o.status).toBe('pass');
    expect(o.assertions.find((a) => a.name === '1.1.0+2 → 1.2.0+3: data kept')?.detail).toBe(
      'app:/data is no longer mounted; worker mounts data: db/.cc-ci-upgrade-marker as written before the upgrade',
    );
  });

  it('fails when no service mounts the volume that held the data any more', async () => {
    const { ctx, w } = stage();
    const services = ctx.backend.services.bind(ctx.backend);
    ctx.backend.services = async () => (await services()).map((s) => (w.hop === 0 ? s : { ...s, mounts: [] }));
    const o = await upgrade.run(ctx);
    expect(o).toMatchObject({
      status: 'fail',
      reason: 'hop 1.0.0+1 → 1.1.0+2: app:/data is no longer mounted, and no service mounts data, which held the data',
      failure: { reason: 'data_lost' },
    });
  });

  it('never writes where a backupbot path label leaves the volume: the marker goes to the volume root', async () => {
    const { ctx, w } = stage();
    const services = ctx.backend.services.bind(ctx.backend);
    const kinds: string[] = [];
    const kind = ctx.backend.volumes.kind.bind(ctx.backend.volumes);
    ctx.backend.volumes.kind = async (volume: string, path: string) => (kinds.push(path), kind(volume, path));
    ctx.backend.services = async () =>
      (await services()).map((s) => ({
        ...s,
        labels: { ...s.labels, 'backupbot.backup': 'true', 'backupbot.backup.volumes.data.path': '../../etc' },
      }));
    expect((await upgrade.run(ctx)).status).toBe('pass');
    expect(kinds).toEqual([]);
    expect([...w.files.keys()]).toEqual(['st_data:.cc-ci-upgrade-marker']);
  });
});
