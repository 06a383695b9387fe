import { join } from 'node:path';
import { describe, it } from 'vitest';
import { readResults } from '../../src/report/results-file';
import { dockerLeftovers, fixture, runCli, stackOf, tempDir, uniqueDomain } from '../support/cli';
import { recipeCopy } from '../support/copy';

/**
 * A recipe shaped like the public ones (a router under a path prefix that traefik strips, hooks
 * written as shell commands, a secret named with ${VAR:-v1}, YAML anchors and merge keys, env the
 * app only gets through abra's ExposeAllEnv), and variants of it that abra, traefik or the swarm
 * would judge differently.
 */
const REAL = fixture('real-shaped');
const compose = (edit: (t: string) => string) => ({ edit: { 'compose.yml': edit } });

async function run(recipe: string, prefix: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const domain = uniqueDomain(prefix);
  const out = join(tempDir(), 'results.json');
  const cli = await runCli(['test', recipe, '--domain', domain, '--results', out, ...args], { env });
  return { cli, r: readResults(out), domain, leftovers: () => dockerLeftovers(stackOf(domain)) };
}

const op = (r: Awaited<ReturnType<typeof run>>['r'], name: string) => r.ops.find((o) => o.op === name)!;

describe('verdicts as abra, traefik and backupbot would give them', () => {
  it.concurrent(
    'the real-shaped recipe passes install, backup and restore; a request for a prefixed path reaches the app stripped',
    async ({ expect }) => {
      // One overlay test asks for a client path: routed and stripped as traefik would, the app gets /.
      // The other proves a runner variable does not reach the compose interpolation (abra uses the app env only).
      const recipe = recipeCopy(REAL, {
        ...compose((t) =>
          t.replace('    secrets: [api_key]', '    environment:\n      - LEAK_CHECK=${GITHUB_TOKEN:-not-leaked}\n    secrets: [api_key]'),
        ),
        add: {
          '.cc-ci/tests/install/title': '#!/bin/sh\nexec cc-ci http /cms/ --body "Real shaped: a recipe like the public ones"\n',
          '.cc-ci/tests/install/no-leak':
            '#!/bin/sh\nexec cc-ci exec app -- sh -c \'test "$LEAK_CHECK" = not-leaked || { echo "LEAK_CHECK=$LEAK_CHECK"; exit 1; }\'\n',
        },
        exec: ['.cc-ci/tests/install/title', '.cc-ci/tests/install/no-leak'],
      });
      const { cli, r, domain, leftovers } = await run(recipe, 'real', ['--ops', 'lint,install,backup,restore'], {
        GITHUB_TOKEN: 'ghs_from_the_runner',
      });
      expect(cli.code, cli.stderr).toBe(0);
      expect(r.ops.map((o) => [o.op, o.status])).toEqual([
        ['lint', 'pass'],
        ['install', 'pass'],
        ['backup', 'pass'],
        ['restore', 'pass'],
      ]);
      const serving = op(r, 'install').assertions.find((a) => a.name === 'serving')!;
      expect(serving.detail).toBe(`GET https://${domain}/cms → app:8787 GET /: 200`);
      expect(
        op(r, 'install')
          .assertions.filter((a) => /title|no-leak/.test(a.name))
          .map((a) => a.status),
      ).toEqual(['pass', 'pass']);
      // The pre-hook's redirection, && and $(...) ran in a shell: the declared path dump.sql exists.
      const backup = op(r, 'backup');
      expect(backup.assertions.find((a) => a.name === 'app pre-hook')).toMatchObject({
        status: 'pass',
        detail: expect.stringMatching(/^exit 0 via sh/),
      });
      expect(backup.assertions.find((a) => a.name === 'app captured')?.detail).toBe('data:dump.sql,uploads');
      expect(op(r, 'restore').assertions.find((a) => a.name === 'app restore post-hook')?.status).toBe('pass');
      expect(leftovers()).toEqual([]);
    },
  );

  it.concurrent('without the stripprefix middleware the prefixed path reaches the app and 404s, as behind traefik', async ({ expect }) => {
    const recipe = recipeCopy(
      REAL,
      compose((t) =>
        t.replace(
          / +- "traefik\.http\.(routers\.\$\{STACK_NAME\}\.middlewares|middlewares\.\$\{STACK_NAME\}-strip\.stripprefix\.prefixes)=.*\n/g,
          '',
        ),
      ),
    );
    // The op limit outlasts the serving window (60 s), so the verdict is the app's 404 even when a
    // loaded runner takes long to converge (with 30 s, CI once ended before any answer came).
    const { cli, r, domain, leftovers } = await run(recipe, 'nostrip', ['--ops', 'install', '--timeout', '150']);
    expect(cli.code, cli.stderr).toBe(1);
    expect(op(r, 'install').reason).toBe(`not serving: GET https://${domain}/cms → app:8787 GET /cms: 404`);
    expect(op(r, 'install').autopsy?.reason).toBe('not_serving');
    expect(leftovers()).toEqual([]);
  });

  it.concurrent(
    'a stack network with driver: bridge blocks install with the lint finding, before anything is created',
    async ({ expect }) => {
      const recipe = recipeCopy(
        REAL,
        compose((t) =>
          t
            .replace('    networks: [proxy]', '    networks: [proxy, internal]')
            .replace('networks:\n  proxy:', 'networks:\n  internal:\n    driver: bridge\n  proxy:'),
        ),
      );
      const { cli, r, leftovers } = await run(recipe, 'bridge', ['--ops', 'install,backup']);
      expect(cli.code, cli.stderr).toBe(1);
      expect(r.deployCount).toBe(0);
      const install = op(r, 'install');
      expect(install.status).toBe('blocked');
      expect(install.reason).toMatch(
        /^the swarm would refuse this deploy: CC001 compose\.yml:\d+: network "internal" has driver: bridge, which a swarm stack cannot use; use driver: overlay/,
      );
      expect(install.assertions[0]).toMatchObject({
        name: 'CC001 networks the swarm can use',
        status: 'fail',
        source: { file: 'compose.yml' },
      });
      expect(op(r, 'backup')).toMatchObject({ status: 'blocked', reason: 'install was blocked' });
      expect(leftovers()).toEqual([]);
    },
  );

  it.concurrent("convergence ends at abra's deploy wait from the timeout label, long before the op's own limit", async ({ expect }) => {
    const recipe = recipeCopy(REAL, {
      ...compose((t) => t.replace('        [ -n "$$SITE_TITLE" ]', '        sleep 30\n        [ -n "$$SITE_TITLE" ]')),
      add: { '.cc-ci/config.yml': 'env:\n  TIMEOUT: "6"\n' },
    });
    const { cli, r, leftovers } = await run(recipe, 'wait', ['--ops', 'install', '--timeout', '120']);
    expect(cli.code, cli.stderr).toBe(1);
    const install = op(r, 'install');
    expect(install.autopsy?.reason).toBe('timeout');
    expect(install.reason).toMatch(
      /timed out after 6s \(abra's deploy wait, from the coop-cloud\.\$\{STACK_NAME\}\.timeout label\) waiting for convergence/,
    );
    expect(install.durationMs).toBeLessThan(60_000);
    expect(leftovers()).toEqual([]);
  });

  it.concurrent("a hook is a shell command: `test … && …` fails with test's own exit code", async ({ expect }) => {
    const recipe = recipeCopy(
      REAL,
      compose((t) =>
        t.replace(
          /backupbot\.backup\.pre-hook=.*"/,
          'backupbot.backup.pre-hook=test -s /data/not-there && echo unreachable > /data/dump.sql"',
        ),
      ),
    );
    const { cli, r, leftovers } = await run(recipe, 'hook', ['--ops', 'backup']);
    expect(cli.code, cli.stderr).toBe(1);
    const backup = op(r, 'backup');
    expect(backup.autopsy).toMatchObject({
      reason: 'hook_failed',
      service: 'app',
      exit_code: 1,
      event: 'test -s /data/not-there && echo unreachable > /data/dump.sql',
    });
    // Post-hooks still ran to clean up after the failed pre-hook.
    expect(backup.assertions.map((a) => [a.name, a.status])).toEqual([
      ['app pre-hook', 'fail'],
      ['app post-hook', 'pass'],
    ]);
    expect(leftovers()).toEqual([]);
  });
});
