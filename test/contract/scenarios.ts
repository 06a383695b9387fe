import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend, BackendKind } from '../../src/backends/backend';
import { fixture } from '../support/cli';
import { recipeRepo } from '../support/recipe-repo';
import { contractApp, type ContractApp } from './contract-app';

/**
 * The backend contract: behaviour every backend must show for the same recipe, written once
 * against the Backend interface and run per backend (test/contract/*.contract.test.ts). The names
 * are what docs/backends.md cites; test/unit/parity.test.ts holds the two in step.
 */
export const SCENARIOS = [
  'deploy converges and serves',
  'hooks run in the labelled service',
  'exec and logs reach the service',
  'backup then restore brings data back',
  'an in-place upgrade keeps volumes',
  'teardown leaves nothing with the stack label',
  'a failing task is a crash loop with exit code and last lines',
  'a broken upgrade is caught',
] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** How one backend is put through the contract. */
export interface ContractHarness {
  name: string;
  /** The backend to use for a scenario (the fake plays a script per scenario; real ones ignore it). */
  kindFor(scenario: Scenario): BackendKind;
  /** What is left on the host with the app's stack label (real backends: counted with the docker CLI). */
  leftovers(backend: Backend): string[] | Promise<string[]>;
  /** Seconds to wait for convergence. */
  convergeSeconds: number;
}

/** A text's sha256, hex: what VolumeStore.sha256 answers for a file holding it. */
export const sha = (s: string) => createHash('sha256').update(s).digest('hex');

export function contractSuite(h: ContractHarness): void {
  const t = (s: Scenario) => s;

  describe(`${h.name}: one app through its life (scenarios in order, on one deployment)`, () => {
    let a: ContractApp;
    const kind = h.kindFor('deploy converges and serves');
    beforeAll(async () => {
      await kind.setupHost({ initSwarm: true, log: () => {} });
      a = await contractApp(kind, recipeRepo(fixture('contract'), 'contract'), 'contract');
    });
    afterAll(async () => {
      await a?.backend.teardown();
    });

    it(t('deploy converges and serves'), async () => {
      const since = await a.deployment.deploy(AbortSignal.timeout(120_000));
      const outcome = await a.converge(since, h.convergeSeconds);
      expect(outcome).toMatchObject({ ok: true });
      const services = await a.backend.services();
      expect(services.map((s) => s.name).sort()).toEqual(['app', 'db']);
      const app = services.find((s) => s.name === 'app')!;
      expect(app.labels[`coop-cloud.${a.prepared.app.stack}.version`]).toBe('1.0.0+1');
      expect(app.mounts).toEqual([{ volume: `${a.prepared.app.stack}_data`, target: '/data' }]);
      const r = await a.backend.http(
        {
          service: a.svc('app'),
          port: 80,
          exchange: { scheme: 'http', method: 'GET', path: '/', headers: { host: a.prepared.app.domain } },
        },
        AbortSignal.timeout(30_000),
      );
      expect(r).toMatchObject({ status: 200, body: expect.stringContaining('cc-ci fixture web v1') });
    });

    it(t('hooks run in the labelled service'), async () => {
      const db = (await a.backend.services()).find((s) => s.labels['backupbot.backup.pre-hook']);
      expect(db?.name).toBe('db');
      const hook = await a.backend.exec(db!.swarmName, ['sh', '-c', db!.labels['backupbot.backup.pre-hook']!]);
      expect(hook).toEqual({ code: 0, output: '' });
      // Only db mounts the db volume: the file the hook wrote names db's container.
      const host = await a.backend.exec(db!.swarmName, ['hostname']);
      expect(await a.backend.volumes.sha256(`${a.prepared.app.stack}_db`, 'hook-ran-in')).toBe(sha(host.output));
    });

    it(t('exec and logs reach the service'), async () => {
      const r = await a.backend.exec(a.svc('app'), ['sh', '-c', 'echo out; echo err >&2; exit 4']);
      expect(r.code).toBe(4);
      expect(r.output.split('\n').filter(Boolean).sort()).toEqual(['err', 'out']);
      expect(await a.backend.exec(a.svc('nope'), ['true'])).toMatchObject({ code: -1 });
      expect(await a.backend.logs(a.svc('db'), 10)).toContain('db: ready for connections');
    });

    it(t('backup then restore brings data back'), async () => {
      const volume = `${a.prepared.app.stack}_data`;
      await a.backend.volumes.write(volume, 'notes/kept.txt', 'as backed up\n');
      const file = join(a.prepared.stateDir, 'contract-data.tar');
      await a.backend.volumes.snapshot(volume, ['notes'], file);
      await a.backend.volumes.write(volume, 'notes/kept.txt', 'changed after backup\n');
      await a.backend.scale({ [a.svc('app')]: 0 }, AbortSignal.timeout(60_000));
      await a.backend.volumes.restore(volume, ['notes'], file);
      const since = new Date();
      await a.backend.scale({ [a.svc('app')]: 1 }, AbortSignal.timeout(60_000));
      expect(await a.converge(since, h.convergeSeconds)).toMatchObject({ ok: true });
      expect(await a.backend.volumes.sha256(volume, 'notes/kept.txt')).toBe(sha('as backed up\n'));
      expect(await a.backend.volumes.kind(volume, 'notes')).toBe('dir');
    });

    it(t('an in-place upgrade keeps volumes'), async () => {
      const volume = `${a.prepared.app.stack}_data`;
      await a.backend.volumes.write(volume, 'before-upgrade.txt', 'written on 1.0.0+1\n');
      const up = await a.deployment.upgrade(AbortSignal.timeout(120_000));
      expect(await a.converge(up.since, h.convergeSeconds)).toMatchObject({ ok: true });
      const app = (await a.backend.services()).find((s) => s.name === 'app')!;
      expect(app.image).toBe('cc-ci-fixture/web:2');
      expect(app.labels[`coop-cloud.${a.prepared.app.stack}.version`]).toBe('1.1.0+1');
      expect(await a.backend.volumes.sha256(volume, 'before-upgrade.txt')).toBe(sha('written on 1.0.0+1\n'));
      expect(a.deployment.guard.count).toBe(1);
    });

    it(t('teardown leaves nothing with the stack label'), async () => {
      const report = await a.backend.teardown();
      expect(report.leftovers).toEqual([]);
      expect(await h.leftovers(a.backend)).toEqual([]);
      // A second teardown of what is gone succeeds quietly.
      expect(await a.backend.teardown()).toEqual({ problems: [], leftovers: [] });
    });
  });

  describe(`${h.name}: failures`, () => {
    it.concurrent(t('a failing task is a crash loop with exit code and last lines'), async ({ expect }) => {
      const kind = h.kindFor('a failing task is a crash loop with exit code and last lines');
      const a = await contractApp(kind, fixture('crash-at-start'), 'crash');
      try {
        const since = await a.deployment.deploy(AbortSignal.timeout(120_000));
        const outcome = await a.converge(since, h.convergeSeconds);
        expect(outcome).toMatchObject({ ok: false, failure: { kind: 'task-failed', service: a.svc('app'), exitCode: 3 } });
        const diag = await a.backend.diagnose(
          'app',
          outcome.ok ? undefined : outcome.failure.containerId,
          join(a.prepared.stateDir, 'app.log'),
        );
        expect(diag.exitCode).toBe(3);
        expect(diag.lines).toContain('fatal: config file /etc/app.conf missing');
      } finally {
        await a.backend.teardown();
      }
      expect(await h.leftovers(a.backend)).toEqual([]);
    });

    it.concurrent(t('a broken upgrade is caught'), async ({ expect }) => {
      const kind = h.kindFor('a broken upgrade is caught');
      const a = await contractApp(kind, recipeRepo(fixture('contract-broken'), 'contract'), 'broken');
      try {
        const since = await a.deployment.deploy(AbortSignal.timeout(120_000));
        expect(await a.converge(since, h.convergeSeconds)).toMatchObject({ ok: true });
        const up = await a.deployment.upgrade(AbortSignal.timeout(120_000));
        const outcome = await a.converge(up.since, h.convergeSeconds);
        expect(outcome.ok).toBe(false);
        if (!outcome.ok) expect(['rolled-back', 'task-failed', 'update-paused']).toContain(outcome.failure.kind);
      } finally {
        await a.backend.teardown();
      }
      expect(await h.leftovers(a.backend)).toEqual([]);
    });
  });
}
