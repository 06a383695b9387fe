import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { readResults } from '../../src/report/results-file';
import { onOwnPath } from '../../src/util/own-env';
import { dockerLeftovers, fixture, runCli, stackOf, tempDir, uniqueDomain } from '../support/cli';
import { recipeCopy } from '../support/copy';
import { recipeRepo } from '../support/recipe-repo';

/**
 * A recipe's env is data: what its .env.sample sets is interpolated into its compose files and
 * given to its app, and configures nothing cc-ci runs. Every docker and git cc-ci starts goes
 * through a recording wrapper first on cc-ci's own PATH, which logs the environment it got.
 */
describe("a recipe's env never configures cc-ci's own tools", () => {
  it('PATH, LD_PRELOAD, NODE_OPTIONS, DOCKER_*, proxies and GIT_* in .env.sample change nothing cc-ci runs or where it connects', async ({
    expect,
  }) => {
    const scratch = tempDir('cc-ci-hostile-env-');
    const marker = join(scratch, 'pwned');
    const envLog = join(scratch, 'env.log');
    // The recording wrappers: trusted, on the PATH cc-ci itself was started with.
    const wrappers = join(scratch, 'bin');
    mkdirSync(wrappers);
    for (const tool of ['docker', 'git']) {
      writeFileSync(join(wrappers, tool), `#!/bin/sh\n{ echo "=== ${tool} $*"; env; } >> '${envLog}'\nexec '${onOwnPath(tool)}' "$@"\n`);
      chmodSync(join(wrappers, tool), 0o755);
    }
    // The recipe's weapons: a fake docker/git/tar/sh on its PATH, a preload, a node --require.
    const tools: Record<string, string> = {};
    for (const tool of ['docker', 'git', 'tar', 'sh']) tools[`.tools/${tool}`] = `#!/bin/sh\necho "${tool} $*" >> '${marker}'\nexit 97\n`;
    tools['.tools/evil.js'] = `require('fs').appendFileSync('${marker}', 'node\\n');\n`;
    tools['.tools/evil.so'] = 'not an ELF object\n';
    tools['.tools/dockercfg/config.json'] = '{"currentContext": "evil-context-that-does-not-exist"}\n';
    const hostile = [
      'PATH=.tools:/usr/bin:/bin',
      'LD_PRELOAD=.tools/evil.so',
      'LD_LIBRARY_PATH=.tools',
      'NODE_OPTIONS="--require ./.tools/evil.js"',
      'DOCKER_HOST=tcp://127.0.0.1:9',
      'DOCKER_CONTEXT=evil-context-that-does-not-exist',
      'DOCKER_CONFIG=.tools/dockercfg',
      'DOCKER_CERT_PATH=.tools',
      'DOCKER_TLS_VERIFY=1',
      'HTTP_PROXY=http://127.0.0.1:9',
      'HTTPS_PROXY=http://127.0.0.1:9',
      'GIT_DIR=/nonexistent-git-dir',
      'GIT_EXEC_PATH=.tools',
      "GIT_CONFIG_PARAMETERS=\"'core.fsmonitor'='.tools/sh'\"",
      'GODEBUG=panicnil=1',
    ];
    const trees = ['1.0.0+1', 'head'];
    const src = recipeCopy(fixture('upgrade-env-pinned'), {
      edit: Object.fromEntries([
        ...trees.map((t) => [`${t}/.env.sample`, (s: string) => `${s.replace('APP_VERSION=2', 'APP_VERSION=1')}\n${hostile.join('\n')}\n`]),
        // The app asks for DOCKER_HOST for its own use, by reference and bare, as real recipes do.
        ...trees.map((t) => [
          `${t}/compose.yml`,
          (s: string) =>
            s.replace(
              '    init: true\n',
              '    init: true\n    environment:\n      - APP_DOCKER_HOST=${DOCKER_HOST}\n      - DOCKER_HOST\n',
            ),
        ]),
      ]),
      add: Object.fromEntries(trees.flatMap((t) => Object.entries(tools).map(([k, v]) => [`${t}/${k}`, v]))),
      exec: trees.flatMap((t) => ['docker', 'git', 'tar', 'sh'].map((tool) => `${t}/.tools/${tool}`)),
    });
    const recipe = recipeRepo(src);
    const check =
      '#!/bin/sh\nexec cc-ci exec app -- sh -c \'test "$APP_DOCKER_HOST" = tcp://127.0.0.1:9 && test "$DOCKER_HOST" = tcp://127.0.0.1:9 || { env; exit 1; }\'\n';
    mkdirSync(join(recipe, '.cc-ci/tests/upgrade'), { recursive: true });
    writeFileSync(join(recipe, '.cc-ci/tests/upgrade/app-env'), check, { mode: 0o755 });

    const domain = uniqueDomain('hostenv');
    const out = join(scratch, 'results.json');
    const cli = await runCli(['test', recipe, '--domain', domain, '--results', out, '--ops', 'install,upgrade'], {
      env: { PATH: `${wrappers}:${process.env.PATH}` },
    });
    const r = readResults(out);
    expect(cli.code, cli.stderr + cli.stdout).toBe(0);
    expect(r.ops.map((o) => [o.op, o.status])).toEqual([
      ['install', 'pass'],
      ['upgrade', 'pass'],
    ]);
    expect(r.ops[1]!.assertions.find((a) => a.name.includes('app-env'))?.status).toBe('pass');
    expect(r.deployCount).toBe(1);
    expect(existsSync(marker) ? readFileSync(marker, 'utf8') : '').toBe('');

    const log = readFileSync(envLog, 'utf8');
    // cc-ci's own client flags (--host, TLS, --config) come first; the endpoint is cc-ci's, not the recipe's.
    expect(log).toMatch(/^=== docker --host unix:\/\/\S+ .*\bstack deploy\b/m);
    expect(log).toMatch(/=== git .*archive|=== git -c/);
    // Each hostile value reached docker only under cc-ci's renamed key, never under its own name.
    const leaked = log
      .split('\n')
      .filter((l) => !l.startsWith('CCCI_APP_ENV_') && /\.tools|127\.0\.0\.1:9|evil|nonexistent-git-dir|panicnil/.test(l));
    expect(leaked).toEqual([]);
    for (const key of hostile.map((l) => l.slice(0, l.indexOf('=')))) expect(log, key).toMatch(new RegExp(`^CCCI_APP_ENV_${key}=`, 'm'));
    expect(log).toMatch(/^CCCI_APP_ENV_DOCKER_HOST=tcp:\/\/127\.0\.0\.1:9$/m);
    expect(dockerLeftovers(stackOf(domain))).toEqual([]);
    execFileSync('git', ['-C', recipe, 'status', '--porcelain']); // the checkout is still a sound repository
    expect(execFileSync('git', ['-C', recipe, 'status', '--porcelain', '--', 'compose.yml', '.cc-ci-*'], { encoding: 'utf8' })).toBe('');
  });
});

describe('git never takes configuration from the checkout', () => {
  it('a subdirectory recipe that is itself a bare repository (its config defines a smudge filter, its tag a base release) runs no filter', async ({
    expect,
  }) => {
    const scratch = tempDir('cc-ci-bare-');
    const marker = join(scratch, 'pwned');
    const outer = join(scratch, 'outer');
    execFileSync('git', ['init', '-q', outer]);
    const recipe = recipeCopy(fixture('no-backup'), {}, 'recipe');
    execFileSync('cp', ['-r', recipe, join(outer, 'recipe')]);
    const dir = join(outer, 'recipe');
    // The pull request's files: HEAD, config, objects/ and refs/ make the directory a git dir
    // whose config git would obey if it discovered it.
    const bare = (...args: string[]) =>
      execFileSync('git', ['--git-dir', dir, '--work-tree', dir, '-c', 'user.name=x', '-c', 'user.email=x@example.invalid', ...args], {
        stdio: 'pipe',
      });
    execFileSync('git', ['init', '-q', '--bare', dir]);
    bare('config', 'core.bare', 'false');
    bare('config', 'core.worktree', '.');
    bare('config', 'filter.pwn.smudge', `sh -c 'echo smudge >> ${marker}; cat'`);
    bare('config', 'filter.pwn.clean', 'cat');
    writeFileSync(join(dir, '.gitattributes'), '* filter=pwn\n');
    bare('add', '.env.sample', 'compose.yml', '.gitattributes');
    bare('commit', '-qm', 'release');
    bare('tag', '1.0.0+1');
    bare('commit', '-qm', 'head', '--allow-empty');
    const domain = uniqueDomain('bare');
    const out = join(scratch, 'results.json');
    const cli = await runCli(['test', dir, '--domain', domain, '--results', out, '--ops', 'install,upgrade']);
    expect(cli.code, cli.stderr).toBe(0);
    const upgrade = readResults(out).ops.find((o) => o.op === 'upgrade')!;
    expect([upgrade.status, upgrade.reason]).toEqual(['skip', expect.stringMatching(/no previous release/)]);
    expect(existsSync(marker)).toBe(false);
    expect(dockerLeftovers(stackOf(domain))).toEqual([]);
  });
});

describe('recipe code gets an environment built for it', () => {
  it("install_steps.sh and a test that print their whole environment see the contract, none of the action's inputs, runtime tokens or the runner's secrets", async ({
    expect,
  }) => {
    const scratch = tempDir('cc-ci-hook-env-');
    const dump = (name: string) => `#!/bin/sh\nenv > "$CCCI_TEST_DUMP_DIR/${name}"\n`;
    const recipe = recipeCopy(fixture('no-backup'), {
      add: { '.cc-ci/install_steps.sh': dump('install_steps'), '.cc-ci/tests/install/env': dump('test') },
      exec: ['.cc-ci/install_steps.sh', '.cc-ci/tests/install/env'],
    });
    const secrets = {
      'INPUT_GITHUB-TOKEN': 'ghs_input_token_value',
      GITHUB_TOKEN: 'ghs_env_token_value',
      ACTIONS_RUNTIME_TOKEN: 'actions_runtime_token_value',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc_request_token_value',
      ACTIONS_RESULTS_URL: 'https://results.example/secret_url_value',
      GITHUB_ENV: join(scratch, 'github_env_file_value'),
      DEPLOY_KEY: 'exported_workflow_secret_value',
    };
    const domain = uniqueDomain('hookenv');
    const out = join(scratch, 'results.json');
    const cli = await runCli(['test', recipe, '--domain', domain, '--results', out, '--ops', 'install'], {
      env: { ...secrets, CCCI_TEST_DUMP_DIR: scratch },
    });
    expect(cli.code, cli.stderr + cli.stdout).toBe(0);
    expect(readResults(out).ops[0]!.status).toBe('pass');
    for (const name of ['install_steps', 'test']) {
      const env = readFileSync(join(scratch, name), 'utf8');
      expect(env).toMatch(new RegExp(`^CCCI_DOMAIN=${domain.replace(/\./g, '\\.')}$`, 'm'));
      expect(env).toMatch(/^CCCI_STATE_DIR=/m);
      expect(env).toMatch(/^PATH=.*\/bin:/m);
      for (const [key, value] of Object.entries(secrets)) {
        expect(env, key).not.toContain(value);
        expect(env, key).not.toMatch(new RegExp(`^${key}=`, 'm'));
      }
    }
    expect(dockerLeftovers(stackOf(domain))).toEqual([]);
  });
});
