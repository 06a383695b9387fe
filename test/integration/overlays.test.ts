import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { readResults } from '../../src/report/results-file';
import { FakeRunner, forkPullRequestEnv } from '../support/action';
import { ROOT, dockerLeftovers, fixture, runCli, stackOf, tempDir, uniqueDomain } from '../support/cli';
import { recipeCopy } from '../support/copy';

const demoRepo = (extra: Parameters<typeof recipeCopy>[1] = {}) => {
  const src = recipeCopy(join(ROOT, 'examples/demo'), extra, 'demo');
  const repo = join(tempDir(), 'demo');
  execFileSync('bash', [join(ROOT, 'examples/release-repo.sh'), repo, src]);
  return repo;
};
const op = (r: ReturnType<typeof readResults>, name: string) => r.ops.find((o) => o.op === name)!;

describe.concurrent('overlays, hooks and tests on the real swarm', () => {
  it('install_steps.sh: the fixture fails install without it and passes with it', async ({ expect }) => {
    const withHook = fixture('needs-install-step');
    const without = recipeCopy(withHook, { remove: ['.cc-ci/install_steps.sh'] });
    const [a, b] = [uniqueDomain('step'), uniqueDomain('nostep')];
    const [outA, outB] = [join(tempDir(), 'a.json'), join(tempDir(), 'b.json')];
    const [runA, runB] = await Promise.all([
      runCli(['test', withHook, '--ops', 'install', '--domain', a, '--results', outA]),
      runCli(['test', without, '--ops', 'install', '--domain', b, '--results', outB]),
    ]);
    expect(runA.code, runA.stderr).toBe(0);
    const passed = op(readResults(outA), 'install');
    expect(passed.assertions[0]).toMatchObject({
      name: '.cc-ci/install_steps.sh',
      status: 'pass',
      detail: `set API_TOKEN in ${a}.env for ${stackOf(a)} (install)`,
    });
    expect(readResults(outA).customization).toContainEqual({
      item: 'install_steps.sh',
      source: 'repo-local',
      path: '.cc-ci/install_steps.sh',
      used: true,
    });
    expect(runB.code).toBe(1);
    expect(op(readResults(outB), 'install').reason).toMatch(/docker stack deploy failed: .*API_TOKEN must be set/);
    expect(dockerLeftovers(stackOf(a))).toEqual([]);
    expect(dockerLeftovers(stackOf(b))).toEqual([]);
  });

  it('compose.ci.yml is appended to the deploy and named in the manifest', async ({ expect }) => {
    const domain = uniqueDomain('cici');
    const out = join(tempDir(), 'r.json');
    const run = await runCli([
      'test',
      fixture('uses-compose-ci'),
      '--ops',
      'install',
      '--teardown',
      'never',
      '--domain',
      domain,
      '--results',
      out,
    ]);
    try {
      expect(run.code, run.stderr).toBe(0);
      expect(readResults(out).customization).toContainEqual({
        item: 'compose.ci.yml',
        source: 'repo-local',
        path: '.cc-ci/compose.ci.yml',
        used: true,
      });
      expect(run.stderr).toContain('customization: .cc-ci/compose.ci.yml (repo-local) used');
      const mode = execFileSync('docker', ['service', 'inspect', '--format', '{{.Spec.EndpointSpec.Mode}}', `${stackOf(domain)}_db`], {
        encoding: 'utf8',
      }).trim();
      expect(mode).toBe('dnsrr');
    } finally {
      await runCli(['teardown', stackOf(domain)]);
    }
    expect(dockerLeftovers(stackOf(domain))).toEqual([]);
  });

  it('the bundled overlay works on the example, and repo-local files override or add to it', async ({ expect }) => {
    const bundledOnly = demoRepo();
    const overridden = demoRepo({
      add: {
        '.cc-ci/hooks/pre-backup.sh':
          '#!/bin/sh\nset -eu\nseed="seeded by the recipe itself"\ncc-ci exec db -- sh -c \'echo "$1" > /var/lib/db/seed.txt\' sh "$seed"\necho "$seed" > "$CCCI_STATE_DIR/seed"\n',
        '.cc-ci/tests/custom/seed-is-the-recipes':
          '#!/bin/sh\nset -eu\ncc-ci exec db -- grep -q "seeded by the recipe itself" /var/lib/db/seed.txt\necho "repo-local seed found"\n',
        '.cc-ci/config.yml': 'probe:\n  body: "<h1>cc-ci fixture web v[12]</h1>"\n',
      },
      exec: ['.cc-ci/hooks/pre-backup.sh', '.cc-ci/tests/custom/seed-is-the-recipes'],
    });
    const [a, b] = [uniqueDomain('bund'), uniqueDomain('over')];
    const [outA, outB] = [join(tempDir(), 'a.json'), join(tempDir(), 'b.json')];
    const [runA, runB] = await Promise.all([
      runCli(['test', bundledOnly, '--domain', a, '--results', outA]),
      runCli(['test', overridden, '--domain', b, '--results', outB]),
    ]);
    expect(runA.code, runA.stderr).toBe(0);
    const ra = readResults(outA);
    expect(op(ra, 'install').assertions.find((x) => x.name === 'overlays/demo/tests/install/config-rendered')).toMatchObject({
      status: 'pass',
      detail: 'service=' + `${stackOf(a)}_app`,
    });
    expect(op(ra, 'restore').assertions.map((x) => x.name)).toEqual(
      expect.arrayContaining(['overlays/demo/hooks/pre-restore.sh', 'overlays/demo/tests/restore/seed-restored']),
    );
    expect(op(ra, 'custom')).toMatchObject({ status: 'pass', reason: '1 overlay test(s) passed' });
    expect(ra.customization.filter((c) => c.source === 'bundled').every((c) => c.used)).toBe(true);

    expect(runB.code, runB.stderr).toBe(0);
    const rb = readResults(outB);
    expect(rb.customization).toContainEqual({
      item: 'hooks/pre-backup.sh',
      source: 'bundled',
      path: 'overlays/demo/hooks/pre-backup.sh',
      used: false,
      note: 'overridden by repo-local .cc-ci/hooks/pre-backup.sh',
    });
    expect(rb.customization).toContainEqual({
      item: 'config.yml',
      source: 'repo-local',
      path: '.cc-ci/config.yml',
      used: true,
      note: 'merged; its keys win',
    });
    expect(op(rb, 'backup').assertions[0]).toMatchObject({ name: '.cc-ci/hooks/pre-backup.sh', status: 'pass' });
    // The bundled restore test still runs and passes against the repo-local hook's seed.
    expect(op(rb, 'restore').assertions.find((x) => x.name === 'overlays/demo/tests/restore/seed-restored')).toMatchObject({
      status: 'pass',
      detail: 'seed: seeded by the recipe itself',
    });
    expect(op(rb, 'custom').assertions.map((x) => x.name)).toEqual([
      'overlays/demo/tests/custom/serves-and-logs',
      '.cc-ci/tests/custom/seed-is-the-recipes',
    ]);
    expect(dockerLeftovers(stackOf(a))).toEqual([]);
    expect(dockerLeftovers(stackOf(b))).toEqual([]);
  });

  it('a failing test fails its op with its last output lines; skip-generic is flagged', async ({ expect }) => {
    const recipe = recipeCopy(fixture('no-backup'), {
      add: {
        '.cc-ci/tests/install/checks-the-admin-page':
          '#!/bin/sh\necho "GET /admin"\necho "expected 200, got 503" >&2\necho "hint: is the admin service up?"\nexit 3\n',
        '.cc-ci/config.yml': 'skip-generic: [install]\n',
      },
      exec: ['.cc-ci/tests/install/checks-the-admin-page'],
    });
    const domain = uniqueDomain('tfail');
    const out = join(tempDir(), 'r.json');
    const run = await runCli(['test', recipe, '--domain', domain, '--results', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('generic assertions are OFF for install (config.yml skip-generic)');
    const r = readResults(out);
    const install = op(r, 'install');
    expect(install.status).toBe('fail');
    expect(install.reason).toBe(
      '.cc-ci/tests/install/checks-the-admin-page failed (exit 3: GET /admin | expected 200, got 503 | hint: is the admin service up?)',
    );
    expect(install.assertions.find((a) => a.name === 'serving')).toMatchObject({
      status: 'skip',
      detail: 'generic assertion skipped by config (skip-generic)',
    });
    expect(op(r, 'backup').status).toBe('blocked');
    expect(dockerLeftovers(stackOf(domain))).toEqual([]);
  });

  it('trust gate: a fork PR does not run repo-local executables unless allowed, and the summary says so', async ({ expect }) => {
    const env = forkPullRequestEnv();
    const gated = new FakeRunner(
      { 'recipe-path': fixture('needs-install-step'), ops: 'install', domain: uniqueDomain('fork'), 'init-swarm': 'true' },
      env,
    );
    const allowed = new FakeRunner(
      {
        'recipe-path': fixture('needs-install-step'),
        ops: 'install',
        domain: uniqueDomain('forkok'),
        'init-swarm': 'true',
        'allow-repo-local': 'true',
      },
      env,
    );
    const [g, a] = await Promise.all([gated.step('main'), allowed.step('main')]);
    expect(g.code).not.toBe(0); // the install step the recipe needs did not run
    expect(gated.summaryText()).toContain(
      '`.cc-ci/install_steps.sh` (repo-local): not run: repo-local executable from an untrusted pull request (set allow-repo-local to run it)',
    );
    expect(readResults(gated.outputs().results!).ops[0]!.reason).toMatch(/API_TOKEN must be set/);
    expect(a.code, a.stdout).toBe(0);
    expect(allowed.outputs().status).toBe('pass');
  });

  it('a body that never matches probe.body fails after the one-minute serving window, not the op timeout', async ({ expect }) => {
    const recipe = recipeCopy(fixture('no-backup'), { add: { '.cc-ci/config.yml': 'probe:\n  body: "a page this app never shows"\n' } });
    const out = join(tempDir(), 'r.json');
    const run = await runCli(['test', recipe, '--ops', 'install', '--timeout', '240', '--domain', uniqueDomain('body'), '--results', out]);
    expect(run.code).toBe(1);
    const install = op(readResults(out), 'install');
    expect(install.reason).toMatch(
      /^not serving: GET .* → app:80 GET \/: 200, but the body does not match \/a page this app never shows\/$/,
    );
    expect(install.durationMs).toBeLessThan(90_000);
  });

  it('bad config fails before anything is created, with file:line', async ({ expect }) => {
    const recipe = recipeCopy(fixture('no-backup'), { add: { '.cc-ci/config.yml': 'probe:\n  path: /x\n  staus: [200]\n' } });
    const run = await runCli(['test', recipe, '--domain', uniqueDomain('badcfg')]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(
      'cc-ci: .cc-ci/config.yml:3: unknown key "probe.staus"; did you mean status? use one of: service, path, status, body',
    );
  });

  it('the cc-ci helpers say clearly when run outside a hook or test', async ({ expect }) => {
    const run = await runCli(['exec', 'app', '--', 'true'], { env: { CCCI_STACK: '', CCCI_DOMAIN: '' } });
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe('cc-ci: this helper runs inside a cc-ci hook or test (CCCI_STACK and CCCI_DOMAIN are not set)');
  });
});
