import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readResults } from '../../src/report/results-file';
import { FAILURE_REASONS, type FailureReason } from '../../src/report/schema';
import { HINTS } from '../../src/report/hints';
import { dockerLeftovers, fixture, runCli, stackOf, tempDir, uniqueDomain } from '../support/cli';
import { recipeCopy } from '../support/copy';
import { recipeRepo } from '../support/recipe-repo';

const HOG_PORT = 18000 + Math.floor(Math.random() * 900);
const hog = `cc-ci-test-porthog-${HOG_PORT}`;

interface Case {
  reason: FailureReason;
  recipe: () => string;
  args: string[];
  op: string;
  service?: string | null;
  exit?: number;
  event?: RegExp;
  line?: RegExp;
}

/** One real fixture per failure reason, each producing it on the real swarm. */
const CASES: Case[] = [
  {
    reason: 'image_missing',
    recipe: () => fixture('image-missing'),
    args: ['--ops', 'install'],
    op: 'install',
    service: 'app',
    event: /No such image: cc-ci-fixture\/does-not-exist:1/,
  },
  {
    reason: 'crash_loop',
    recipe: () => fixture('crash-at-start'),
    args: ['--ops', 'install'],
    op: 'install',
    service: 'app',
    exit: 3,
    line: /^fatal: config file \/etc\/app\.conf missing$/,
  },
  {
    reason: 'unhealthy',
    recipe: () => fixture('never-healthy'),
    args: ['--ops', 'install'],
    op: 'install',
    service: 'app',
    exit: 143,
    event: /healthcheck said: health: \/ready missing/,
    line: /^app: starting; ready once \/ready exists$/,
  },
  {
    reason: 'oom_killed',
    recipe: () => fixture('oom-killed'),
    args: ['--ops', 'install'],
    op: 'install',
    service: 'app',
    exit: 137,
    line: /^app: loading the index into memory$/,
  },
  {
    reason: 'update_paused',
    recipe: () => recipeRepo(fixture('upgrade-paused')),
    args: ['--ops', 'upgrade'],
    op: 'upgrade',
    service: 'app',
    exit: 4,
    event: /paused/,
    line: /migration 0042 failed/,
  },
  {
    reason: 'rolled_back',
    recipe: () => recipeRepo(fixture('upgrade-unhealthy')),
    args: ['--ops', 'upgrade'],
    op: 'upgrade',
    service: 'app',
    event: /(rolled back|rollback).*unhealthy container/,
  },
  {
    reason: 'secret_or_config_missing',
    recipe: () => fixture('config-missing'),
    args: ['--ops', 'install'],
    op: 'install',
    service: null,
    event: /config not found: \S+_nginx_conf_v1/,
    line: /config not found/,
  },
  {
    reason: 'port_in_use',
    recipe: () => recipeCopy(fixture('port-in-use'), { add: { '.cc-ci/config.yml': `env:\n  APP_PORT: ${HOG_PORT}\n` } }),
    args: ['--ops', 'install'],
    op: 'install',
    service: 'app',
    event: new RegExp(`0\\.0\\.0\\.0:${HOG_PORT}: bind: address already in use`),
  },
  {
    reason: 'not_serving',
    recipe: () => fixture('not-serving'),
    args: ['--ops', 'install', '--timeout', '150'],
    op: 'install',
    service: 'app',
    event: /→ app:80 GET \/: 404$/,
    line: /^app: serving \/empty$/,
  },
  {
    reason: 'timeout',
    recipe: () => fixture('slow-start'),
    args: ['--ops', 'install', '--timeout', '8'],
    op: 'install',
    service: 'app',
    event: /timed out after 8s waiting for convergence: app 0\/1 running \(tasks: \w+\)/,
  },
  {
    reason: 'hook_failed',
    recipe: () => fixture('prehook-fails'),
    args: ['--ops', 'backup'],
    op: 'backup',
    service: 'app',
    exit: 7,
    line: /^pg_dump: error: connection to server failed/,
  },
  {
    reason: 'test_failed',
    recipe: () =>
      recipeCopy(fixture('no-backup'), {
        add: { '.cc-ci/tests/install/admin-page': '#!/bin/sh\necho "GET /admin"\necho ""\necho "expected 200, got 503"\nexit 1\n' },
        exec: ['.cc-ci/tests/install/admin-page'],
      }),
    args: ['--ops', 'install'],
    op: 'install',
    service: null,
    exit: 1,
    event: /^\.cc-ci\/tests\/install\/admin-page /,
    line: /^expected 200, got 503$/,
  },
  {
    reason: 'deploy_rejected',
    recipe: () => recipeCopy(fixture('needs-install-step'), { remove: ['.cc-ci/install_steps.sh'] }),
    args: ['--ops', 'install'],
    op: 'install',
    service: null,
    event: /API_TOKEN must be set by the install step/,
  },
  {
    reason: 'network_unusable',
    recipe: () => fixture('network-missing'),
    args: ['--ops', 'install'],
    op: 'install',
    service: null,
    event: /"cc-ci-no-such-network" is declared as external, but could not be found/,
  },
  {
    reason: 'compose_invalid',
    recipe: () => fixture('compose-invalid'),
    args: ['--ops', 'install'],
    op: 'install',
    service: null,
    event: /services\.app\.deploy Additional property lables is not allowed/,
  },
  {
    reason: 'upgrade_incomplete',
    recipe: () => recipeRepo(fixture('upgrade-env-pinned')),
    args: ['--ops', 'upgrade'],
    op: 'upgrade',
    service: 'app',
    event: /app runs cc-ci-fixture\/web:1, head declares cc-ci-fixture\/web:2/,
  },
  {
    reason: 'data_lost',
    recipe: () => recipeRepo(fixture('upgrade-loses-data')),
    args: ['--ops', 'upgrade'],
    op: 'upgrade',
    service: 'app',
    event: /^app:\/data is volume app_data \(was data: a new, empty volume\): \.cc-ci-upgrade-marker, written before the upgrade, is gone$/,
  },
  {
    reason: 'backup_incomplete',
    recipe: () => fixture('backup-path-missing'),
    args: ['--ops', 'backup'],
    op: 'backup',
    service: 'app',
    event: /declared path uploads does not exist/,
  },
  {
    reason: 'restore_mismatch',
    recipe: () => fixture('restore-wipes'),
    args: ['--ops', 'restore'],
    op: 'restore',
    service: 'app',
    event: /_data:\.cc-ci-marker is missing, unlike the snapshot/,
    line: /^app: initialised a fresh \/data$/,
  },
  {
    reason: 'lint_failed',
    recipe: () => fixture('lint-fails'),
    args: ['--ops', 'lint'],
    op: 'lint',
    service: null,
    event: /R009 compose\.yml:\d+: no service is named "app".*R012 compose\.yml:\d+: config site_conf has no _VERSION in its name/,
  },
];

describe('failure autopsies from real fixtures', () => {
  beforeAll(() => {
    execFileSync('docker', ['run', '-d', '--name', hog, '-p', `127.0.0.1:${HOG_PORT}:80`, 'cc-ci-fixture/web:1']);
  });
  afterAll(() => {
    execFileSync('docker', ['rm', '-f', hog]);
  });

  it('covers every failure reason but unknown and interrupted (signals.test.ts) with a fixture', () => {
    expect(new Set(CASES.map((c) => c.reason))).toEqual(new Set(FAILURE_REASONS.filter((r) => r !== 'unknown' && r !== 'interrupted')));
  });

  it.concurrent.for(CASES)('$reason', async (c, { expect }) => {
    const domain = uniqueDomain(c.reason.replace(/_/g, '').slice(0, 8));
    const out = join(tempDir(), 'results.json');
    const run = await runCli(['test', c.recipe(), '--domain', domain, '--results', out, ...c.args]);
    expect(run.code, run.stderr).toBe(1);
    const failed = readResults(out).ops.find((o) => o.op === c.op)!;
    expect(failed.status).toBe('fail');
    const a = failed.autopsy!;
    expect(a).toMatchObject({ kind: 'failure_autopsy', op: c.op, reason: c.reason, hint: HINTS[c.reason] });
    if (c.service !== undefined) expect(a.service).toBe(c.service);
    if (c.exit !== undefined) expect(a.exit_code).toBe(c.exit);
    if (c.event) expect(a.event).toMatch(c.event);
    if (c.line)
      expect(
        a.last_lines.some((l) => c.line!.test(l)),
        a.last_lines.join('\n'),
      ).toBe(true);
    expect(a.last_lines.length).toBeLessThanOrEqual(200);
    expect(dockerLeftovers(stackOf(domain))).toEqual([]);
  });
});
