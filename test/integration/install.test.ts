import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/lint';
import { Results } from '../../src/report/schema';
import { recipeCopy } from '../support/copy';
import { CLI, ROOT, dockerLeftovers, fixture, runCli, spawnEnv, stackOf, tempDir, uniqueDomain } from '../support/cli';

const readResults = (path: string) => Results.parse(JSON.parse(readFileSync(path, 'utf8')));

describe('install on the real swarm', () => {
  it('deploys the example recipe once, converges, serves, and leaves nothing behind', async () => {
    const domain = uniqueDomain('demo');
    const dir = tempDir();
    execFileSync('bash', [join(ROOT, 'examples/release-repo.sh'), join(dir, 'demo')]);
    const out = join(dir, 'results.json');
    const run = await runCli(['test', join(dir, 'demo'), '--ops', 'install', '--domain', domain, '--results', out]);
    expect(run.code, run.stderr).toBe(0);
    const r = readResults(out);
    expect(r.status).toBe('pass');
    expect(r.deployCount).toBe(1);
    const install = r.ops.find((o) => o.op === 'install')!;
    expect(install.status).toBe('pass');
    expect(install.assertions.find((a) => a.name === 'converged')?.status).toBe('pass');
    const serving = install.assertions.find((a) => a.name === 'serving')!;
    expect(serving.status).toBe('pass');
    expect(serving.detail).toBe(`GET https://${domain}/ → app:80 GET /: 200`);
    expect(r.teardown).toMatchObject({ status: 'done', leftovers: [] });
    expect(dockerLeftovers(stackOf(domain))).toEqual([]);
    expect(run.stdout).toMatch(/install\s+✔ pass/);
    expect(r.head.ref).toMatch(/^[0-9a-f]{40}$/);
  });

  const broken: [string, RegExp][] = [
    ['image-missing', /No such image: cc-ci-fixture\/does-not-exist:1/],
    ['crash-at-start', /non-zero exit \(3\)/],
    ['never-healthy', /unhealthy container/],
  ];
  it.concurrent.for(broken)(
    '%s fails install with the task error, well within its timeout',
    { timeout: 120_000 },
    async ([name, error], { expect }) => {
      const domain = uniqueDomain(name.slice(0, 8));
      const out = join(tempDir(), 'results.json');
      const timeout = 90;
      const run = await runCli([
        'test',
        fixture(name),
        '--ops',
        'install',
        '--domain',
        domain,
        '--timeout',
        String(timeout),
        '--results',
        out,
      ]);
      expect(run.code, run.stderr).toBe(1);
      const install = readResults(out).ops[0]!;
      expect(install).toMatchObject({ op: 'install', status: 'fail' });
      expect(install.reason).toMatch(error);
      expect(install.reason).not.toMatch(/timed out/);
      expect(install.durationMs).toBeLessThan((timeout * 1000) / 2);
      expect(dockerLeftovers(stackOf(domain))).toEqual([]);
    },
  );

  it.for([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('tears down on %s in the middle of install and exits %i', async ([signal, code]) => {
    const domain = uniqueDomain(signal.toLowerCase());
    const out = join(tempDir(), 'results.json');
    const run = await runCli(['test', join(ROOT, 'examples/demo'), '--domain', domain, '--results', out], {
      killWhen: /converging/,
      killWith: signal,
    });
    expect(run.code, run.stderr).toBe(code);
    expect(run.stderr).toContain(`${signal}: stopping the current op and tearing down`);
    const r = readResults(out);
    expect(r.ops.map((o) => [o.op, o.status, o.reason])).toEqual([
      ['lint', 'pass', `${RULES.length} rules passed`],
      ['install', 'fail', `interrupted by ${signal}`],
      ['upgrade', 'skip', 'not run: the run was interrupted'],
      ['backup', 'skip', 'not run: the run was interrupted'],
      ['restore', 'skip', 'not run: the run was interrupted'],
      ['custom', 'skip', 'not run: the run was interrupted'],
    ]);
    expect(r.teardown.leftovers).toEqual([]);
    expect(dockerLeftovers(stackOf(domain))).toEqual([]);
  });
});

describe('output', () => {
  it('a reader that goes away (cc-ci test | head -1) does not stop the run before its teardown', async () => {
    const domain = uniqueDomain('pipe');
    const child = spawn(process.execPath, [CLI, 'test', fixture('no-backup'), '--ops', 'install', '--domain', domain], {
      env: spawnEnv(),
    });
    child.stderr.once('data', () => {
      child.stdout.destroy();
      child.stderr.destroy();
    });
    const code = await new Promise((done) => child.on('close', done));
    expect(code).toBe(0);
    expect(dockerLeftovers(stackOf(domain))).toEqual([]);
  });
});

describe('bad input fails before anything is created', () => {
  it('a name too long for Docker even on a stack name abra trimmed fails with exit 2 and one line, creating nothing', async () => {
    const domain = `a-very-long-ci-domain-name-for-this-demo.${'x'.repeat(20)}.example.org`;
    const recipe = recipeCopy(join(ROOT, 'examples/demo'), {
      edit: {
        'compose.yml': (t) =>
          t
            .replace(/^ {2}db:$/m, '  database-with-a-long-service-name:')
            .replace(
              '      - internal\n    healthcheck:\n      test: ["CMD", "test"',
              '      - internal\n    healthcheck:\n      test: ["CMD", "test"',
            ),
      },
    });
    const run = await runCli(['test', recipe, '--domain', domain]);
    expect(run.code).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^cc-ci: compose\.yml:\d+: service name "a-very-long-ci-domain-name-for-this-demo_xxxx_database-with-a-long-service-name" is 79 characters, over Docker's limit of 63; use a shorter --domain/,
    );
    expect(dockerLeftovers(stackOf(domain).slice(0, 45))).toEqual([]);
    expect(existsSync(join('/tmp/cc-ci', stackOf(domain).slice(0, 45)))).toBe(false);
  });

  it('a missing recipe directory and unknown flags are usage errors', async () => {
    const missing = await runCli(['test', '/nonexistent/recipe']);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe('cc-ci: recipe directory /nonexistent/recipe does not exist; pass the path of a recipe checkout');
    const flag = await runCli(['test', '--opz', 'install']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/^cc-ci: Unknown option '--opz'/);
  });

  it('tearing down a stack that never existed succeeds quietly', async () => {
    const run = await runCli(['teardown', stackOf(uniqueDomain('never'))]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/nothing left/);
  });
});
