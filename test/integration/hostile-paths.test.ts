import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'vitest';
import { dockerLeftovers, fixture, runCli, stackOf, tempDir, uniqueDomain } from '../support/cli';
import { recipeCopy } from '../support/copy';

/**
 * A pull request controls every file of the recipe, symlinks included. Every path the recipe
 * names must stay inside it: otherwise the run stops with one line naming the file, the line and
 * the path, before anything exists (no state dir, no stack, no volume, no secret).
 */
const REAL = fixture('real-shaped');
const compose = (edit: (t: string) => string) => ({ edit: { 'compose.yml': edit } });

async function refused(recipe: string, prefix: string) {
  const domain = uniqueDomain(prefix);
  // The state root is tmpdir()/cc-ci: a TMPDIR of its own shows whether a state dir was made.
  const tmp = tempDir();
  const cli = await runCli(['test', recipe, '--domain', domain, '--ops', 'install,backup,restore'], { env: { TMPDIR: tmp } });
  const lines = `${cli.stdout}${cli.stderr}`.trim().split('\n');
  return { cli, lines, leftovers: dockerLeftovers(stackOf(domain)), stateDirs: readdirSync(tmp) };
}

describe('paths a recipe names stay in the recipe', () => {
  it.concurrent('a .env.sample linked to a host file: its values never reach the output', async ({ expect }) => {
    const host = join(tempDir(), 'host.env');
    writeFileSync(host, 'TYPE=real-shaped\nRUNNER_TOKEN=ghs_host_value_never_shown\n');
    const recipe = recipeCopy(REAL, { remove: ['.env.sample'] });
    symlinkSync(host, join(recipe, '.env.sample'));
    const { cli, lines, leftovers, stateDirs } = await refused(recipe, 'envlink');
    expect(cli.code, cli.stderr).toBe(2);
    expect(lines).toEqual([`cc-ci: .env.sample: resolves to ${host}, outside the recipe; name a file inside the recipe directory`]);
    expect(cli.stderr + cli.stdout).not.toMatch(/ghs_host_value/);
    expect(leftovers).toEqual([]);
    expect(stateDirs).toEqual([]);
  });

  it.concurrent("configs.*.file: /proc/self/environ (the runner's environment)", async ({ expect }) => {
    const recipe = recipeCopy(
      REAL,
      compose((t) => t.replace('    file: site.conf.tmpl', '    file: /proc/self/environ')),
    );
    const { cli, lines, leftovers, stateDirs } = await refused(recipe, 'environ');
    expect(cli.code, cli.stderr).toBe(2);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^cc-ci: compose\.yml:\d+: configs\.site_conf\.file "\/proc\/self\/environ" is outside the recipe; name a file inside the recipe directory$/,
    );
    expect(leftovers).toEqual([]);
    expect(stateDirs).toEqual([]);
  });

  it.concurrent('secrets.*.file: ../../etc/passwd', async ({ expect }) => {
    const recipe = recipeCopy(
      REAL,
      compose((t) => t.replace('secrets:\n  api_key:', 'secrets:\n  y:\n    file: ../../etc/passwd\n  api_key:')),
    );
    const { cli, lines, leftovers, stateDirs } = await refused(recipe, 'passwd');
    expect(cli.code, cli.stderr).toBe(2);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^cc-ci: compose\.yml:\d+: secrets\.y\.file "\.\.\/\.\.\/etc\/passwd" is outside the recipe; /);
    expect(leftovers).toEqual([]);
    expect(stateDirs).toEqual([]);
  });

  it.concurrent('env_file: /etc/hostname', async ({ expect }) => {
    const recipe = recipeCopy(
      REAL,
      compose((t) => t.replace('    init: true\n', '    init: true\n    env_file: /etc/hostname\n')),
    );
    const { cli, lines, leftovers, stateDirs } = await refused(recipe, 'envfile');
    expect(cli.code, cli.stderr).toBe(2);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^cc-ci: compose\.yml:\d+: services\.app\.env_file "\/etc\/hostname" is outside the recipe; /);
    expect(leftovers).toEqual([]);
    expect(stateDirs).toEqual([]);
  });

  it.concurrent('COMPOSE_FILE=compose.yml:../x.yml, with x.yml next to the recipe', async ({ expect }) => {
    const recipe = recipeCopy(REAL, {
      edit: { '.env.sample': (t) => t.replace('COMPOSE_FILE="compose.yml"', 'COMPOSE_FILE="compose.yml:../x.yml"') },
    });
    writeFileSync(join(dirname(recipe), 'x.yml'), 'version: "3.8"\nservices:\n  app:\n    image: cc-ci-fixture/web:1\n');
    const { cli, lines, leftovers, stateDirs } = await refused(recipe, 'composefile');
    expect(cli.code, cli.stderr).toBe(2);
    expect(lines).toEqual([
      'cc-ci: .env.sample:6: COMPOSE_FILE entry "../x.yml" is outside the recipe; name a file inside the recipe directory',
    ]);
    expect(leftovers).toEqual([]);
    expect(stateDirs).toEqual([]);
  });

  it.concurrent('.cc-ci/config.yml linked to /dev/zero (a read would never end)', async ({ expect }) => {
    const recipe = recipeCopy(REAL);
    mkdirSync(join(recipe, '.cc-ci'));
    symlinkSync('/dev/zero', join(recipe, '.cc-ci/config.yml'));
    const { cli, lines, leftovers, stateDirs } = await refused(recipe, 'devzero');
    expect(cli.code, cli.stderr).toBe(2);
    expect(lines).toEqual(['cc-ci: .cc-ci/config.yml: resolves to /dev/zero, outside the recipe; name a file inside the recipe directory']);
    expect(leftovers).toEqual([]);
    expect(stateDirs).toEqual([]);
  });

  it.concurrent('a volume named with a host path: refused, and the host dir is untouched', async ({ expect }) => {
    const hostDir = `/tmp/ccci-hostpath-${randomBytes(4).toString('hex')}`;
    mkdirSync(hostDir);
    writeFileSync(join(hostDir, 'keep.txt'), 'host data\n');
    try {
      const recipe = recipeCopy(
        REAL,
        compose((t) => t.replace('volumes:\n  data:\n', `volumes:\n  data:\n    name: ${hostDir}\n`)),
      );
      const { cli, lines, leftovers, stateDirs } = await refused(recipe, 'hostvol');
      expect(cli.code, cli.stderr).toBe(2);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^cc-ci: compose\\.yml:\\d+: volumes\\.data\\.name "${hostDir}" is not a Docker volume name`));
      expect(leftovers).toEqual([]);
      expect(stateDirs).toEqual([]);
      expect(readdirSync(hostDir)).toEqual(['keep.txt']);
      expect(readFileSync(join(hostDir, 'keep.txt'), 'utf8')).toBe('host data\n');
    } finally {
      if (existsSync(hostDir)) rmSync(hostDir, { recursive: true });
    }
  });
});
