import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP, fixture, INSTALLED, opOf, releaseRepo, run, SECRET, verdicts } from './helpers';

describe('install', () => {
  it('passes when the deploy converges and the router serves', async () => {
    const { results, log } = await run(fixture('real-shaped'), ['install']);
    expect(verdicts(results)).toEqual({ install: ['pass', 'converged and serving'] });
    expect(opOf(results, 'install').assertions).toEqual([
      { name: 'converged', status: 'pass', detail: 'app 1/1' },
      { name: 'serving', status: 'pass', detail: 'GET https://engine.ci.local/cms → app:8787 GET /: 200' },
    ]);
    expect(log).toEqual([...INSTALLED, 'teardown']);
    expect(results.status).toBe('pass');
  });

  it('fails as deploy_rejected with what the deploy printed, and waits for nothing', async () => {
    const lines = [
      'Creating service engine_ci_local_app',
      'failed to create service engine_ci_local_app: rpc error: code = Unknown desc = duplicate mount point',
    ];
    const { results, log } = await run(fixture('real-shaped'), ['install'], { reject: (n) => (n === 0 ? lines : undefined) });
    const install = opOf(results, 'install');
    expect([install.status, install.reason]).toEqual(['fail', 'fake deploy refused: Creating service engine_ci_local_app']);
    expect(install.autopsy).toMatchObject({ op: 'install', reason: 'deploy_rejected', service: null, exit_code: null, last_lines: lines });
    expect(log).toEqual(['setupHost', SECRET, 'deploy 0', 'teardown']);
  });

  it('fails a crash loop with the exit code and the diagnosed log lines in the autopsy', async () => {
    const lines = ['app: starting', 'app: secret api_key missing'];
    const { results, log, stateDir } = await run(fixture('real-shaped'), ['install'], {
      converge: () => ({
        ok: false,
        failure: { kind: 'task-failed', service: APP, message: 'task exited', taskError: 'non-zero exit (3)', exitCode: 3 },
      }),
      diagnosis: { exitCode: 3, lines },
    });
    const install = opOf(results, 'install');
    expect([install.status, install.reason]).toEqual(['fail', 'app: task exited (non-zero exit (3))']);
    expect(install.autopsy).toMatchObject({
      op: 'install',
      service: 'app',
      reason: 'crash_loop',
      exit_code: 3,
      event: 'task exited (non-zero exit (3))',
      last_lines: lines,
    });
    expect(log).toEqual(['setupHost', SECRET, 'deploy 0', 'waitConverged', 'diagnose app', 'teardown']);
    // The diagnosis's log tail is kept with the run's state, for the artifact.
    expect(readFileSync(join(stateDir, 'logs/services/install-app.log'), 'utf8')).toBe(lines.join('\n'));
  });

  // The serving check retries until the op's time is up: a short timeout bounds it.
  it('fails as not_serving when the router gets a 404', async () => {
    const { results, log } = await run(
      fixture('not-serving'),
      ['install'],
      { http: () => ({ status: 404, headers: {}, body: '404 Not Found' }) },
      { timeout: 0.5 },
    );
    const install = opOf(results, 'install');
    expect([install.status, install.reason]).toEqual(['fail', 'not serving: GET https://engine.ci.local/ → app:80 GET /: 404']);
    expect(install.assertions.map((a) => [a.name, a.status])).toEqual([
      ['converged', 'pass'],
      ['serving', 'fail'],
    ]);
    expect(install.autopsy).toMatchObject({ reason: 'not_serving', service: 'app' });
    expect(log).toEqual(['setupHost', 'deploy 0', 'waitConverged', `http ${APP}:80 GET /`, 'diagnose app', 'teardown']);
  });
});

// upgrade-unhealthy's release 1.0.0+1 runs web:1, head web:2 with version label 1.1.0+1. On a
// swarm head never turns healthy; the fake converges whatever the script says.
const unhealthy = () => releaseRepo('upgrade-unhealthy');

describe('upgrade', () => {
  it('moves base to head in place: one counted deploy, one upgrade', async () => {
    const { results, log, fake } = await run(unhealthy(), ['install', 'upgrade']);
    expect(verdicts(results)).toEqual({
      install: ['pass', 'converged and serving'],
      upgrade: ['pass', '1.0.0+1 → 1.1.0+1 in place; serving'],
    });
    expect(opOf(results, 'upgrade').assertions.map((a) => [a.name, a.status, a.detail])).toEqual([
      ['deployed', 'pass', '1.0.0+1 → head'],
      ['converged', 'pass', 'app 1/1'],
      ['images', 'pass', 'app=cc-ci-fixture/web:2'],
      ['version label', 'pass', 'coop-cloud.engine_ci_local.version=1.1.0+1'],
      ['serving', 'pass', 'GET https://engine.ci.local/ → app:80 GET /: 200'],
      ['data kept', 'pass', 'app:/data is volume data: .cc-ci-upgrade-marker as written before the upgrade'],
    ]);
    expect(opOf(results, 'upgrade').hops).toEqual([
      { from: '1.0.0+1', to: 'head', status: 'pass', durationMs: expect.any(Number), detail: '1.0.0+1 → 1.1.0+1 in place; serving' },
    ]);
    expect(results.deployCount).toBe(1);
    expect(results.base?.version).toBe('1.0.0+1');
    expect(log).toEqual([
      'setupHost',
      'deploy 0',
      'waitConverged',
      `http ${APP}:80 GET /`,
      'deploy 1',
      'waitConverged',
      `http ${APP}:80 GET /`,
      'teardown',
    ]);
    expect(fake.deploys).toBe(2);
  });

  it('fails as rolled_back when the swarm rolls the update back', async () => {
    const message = 'update rolled back due to failure or early termination of task x1';
    const { results, log } = await run(unhealthy(), ['install', 'upgrade'], {
      converge: (n) => (n === 1 ? { ok: false, failure: { kind: 'rolled-back', service: APP, message } } : { ok: true, detail: 'app 1/1' }),
    });
    const upgrade = opOf(results, 'upgrade');
    expect([upgrade.status, upgrade.reason]).toEqual(['fail', `app: ${message}`]);
    expect(upgrade.autopsy).toMatchObject({ op: 'upgrade', service: 'app', reason: 'rolled_back', event: message });
    expect(log).toEqual([
      'setupHost',
      'deploy 0',
      'waitConverged',
      `http ${APP}:80 GET /`,
      'deploy 1',
      'waitConverged',
      'diagnose app',
      'teardown',
    ]);
    expect(results.status).toBe('fail');
  });

  it("fails as upgrade_incomplete when the services do not run head's images", async () => {
    // The image tag comes from the app's env file, which the upgrade keeps: web:1 stays.
    const { results } = await run(releaseRepo('upgrade-env-pinned'), ['install', 'upgrade']);
    const upgrade = opOf(results, 'upgrade');
    expect([upgrade.status, upgrade.reason]).toEqual([
      'fail',
      "not on head's images: app runs cc-ci-fixture/web:1, head declares cc-ci-fixture/web:2",
    ]);
    expect(upgrade.autopsy).toMatchObject({ reason: 'upgrade_incomplete', service: 'app' });
    expect(results.deployCount).toBe(1);
  });

  it('skips with the reason when there is no base release, deploying head once', async () => {
    const { results, log } = await run(fixture('no-backup'), ['upgrade']);
    expect(verdicts(results)).toEqual({
      install: ['pass', 'converged and serving'],
      upgrade: ['skip', 'no previous release (the recipe directory is not the top of a git repository)'],
    });
    expect(log.filter((l) => l.startsWith('deploy'))).toEqual(['deploy 0']);
    expect(results.base).toBeNull();
  });

  it('skips when upgrade-from is none, though the repository has a release', async () => {
    // Kept, so the fake still holds what was deployed.
    const { results, fake } = await run(unhealthy(), ['upgrade'], {}, { upgradeFrom: 'none', teardown: 'never' });
    expect(opOf(results, 'upgrade')).toMatchObject({ status: 'skip', reason: 'disabled by upgrade-from: none' });
    // Without a base, the one deploy is of head.
    expect(fake.deploys).toBe(1);
    expect(fake.deployed.map((s) => s.image)).toEqual(['cc-ci-fixture/web:2']);
    expect(results.base).toBeNull();
  });
});
