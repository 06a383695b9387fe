import { execFileSync } from 'node:child_process';
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { boundedFile, checkVolumeName, containedFile, MAX_DATA_BYTES, MAX_TEXT_BYTES } from '../../src/recipe/paths';
import { loadRecipe } from '../../src/recipe/recipe';
import { hasBackupLabels, loadComposeSet } from '../../src/recipe/compose';
import { listOverlayRoot } from '../../src/overlays/discover';
import { backupTargets } from '../../src/recipe/backupbot';
import { archiveName } from '../../src/operations/snapshot';
import { tempDir } from '../support/cli';
import { UserError } from '../../src/errors';

/** A recipe dir with files (`->` in a value makes a symlink to what follows). */
function tree(files: Record<string, string>): string {
  const dir = join(tempDir(), 'recipe');
  mkdirSync(dir);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    if (text.startsWith('-> ')) symlinkSync(text.slice(3), join(dir, rel));
    else writeFileSync(join(dir, rel), text);
  }
  return dir;
}

const at = { file: 'compose.yml', line: 12 };
const file = (root: string, rel: string, maxBytes = MAX_TEXT_BYTES) =>
  containedFile(root, rel, { what: 'configs.app_conf.file', at, maxBytes });
/** The one line the user sees for what `fn` throws. */
function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof UserError) return e.oneLine;
    throw e;
  }
  throw new Error('not refused');
}

describe('containedFile: a path the recipe names is a regular file inside it', () => {
  it('returns the real path of a file inside, also through a chain of symlinks that stays inside', () => {
    const dir = tree({ 'conf/real.conf': 'x', 'conf/link2': '-> real.conf', link1: '-> conf/link2' });
    expect(file(dir, 'link1')).toBe(join(realpathSync(dir), 'conf/real.conf'));
    expect(file(dir, 'conf/real.conf')).toBe(join(realpathSync(dir), 'conf/real.conf'));
  });

  it('refuses a symlink to a host file, naming the file, line, key, path and where it leads', () => {
    const dir = tree({ 'app.conf': '-> /etc/hostname' });
    expect(refusal(() => file(dir, 'app.conf'))).toBe(
      'compose.yml:12: configs.app_conf.file "app.conf" resolves to /etc/hostname, outside the recipe; name a file inside the recipe directory',
    );
  });

  it('refuses a symlink to /dev/zero, and /dev/zero itself as not a regular file', () => {
    const dir = tree({ zero: '-> /dev/zero' });
    expect(refusal(() => file(dir, 'zero'))).toMatch(/"zero" resolves to \/dev\/zero, outside the recipe/);
    expect(refusal(() => boundedFile('/dev/zero', { at: { file: 'x' }, maxBytes: MAX_TEXT_BYTES }))).toBe(
      'x: is a character device, not a regular file; name a regular file inside the recipe directory',
    );
  });

  it('refuses ../ and absolute paths out of the recipe, existing or not', () => {
    const dir = tree({ 'a.conf': 'x' });
    writeFileSync(join(dir, '..', 'outside.conf'), 'secret');
    expect(refusal(() => file(dir, '../outside.conf'))).toBe(
      'compose.yml:12: configs.app_conf.file "../outside.conf" is outside the recipe; name a file inside the recipe directory',
    );
    expect(refusal(() => file(dir, 'sub/../../outside.conf'))).toMatch(/is outside the recipe/);
    expect(refusal(() => file(dir, '/proc/self/environ'))).toBe(
      'compose.yml:12: configs.app_conf.file "/proc/self/environ" is outside the recipe; name a file inside the recipe directory',
    );
    expect(
      refusal(() =>
        containedFile(dir, '../../../etc/nothing-here', { what: 'secrets.y.file', at, maxBytes: MAX_DATA_BYTES, optional: true }),
      ),
    ).toMatch(/"..\/..\/..\/etc\/nothing-here" is outside the recipe/);
  });

  it('refuses a dangling link, a directory, a symlink loop', () => {
    const dir = tree({ dangling: '-> nowhere.conf', 'sub/x': 'x', loop1: '-> loop2', loop2: '-> loop1' });
    expect(refusal(() => containedFile(dir, 'dangling', { what: 'k', at, maxBytes: 10, optional: true }))).toMatch(
      /"dangling" is a symlink to a missing file/,
    );
    expect(refusal(() => file(dir, 'sub'))).toMatch(/"sub" is a directory, not a regular file/);
    expect(refusal(() => file(dir, 'loop1'))).toMatch(/"loop1" is a symlink loop/);
  });

  it('a missing file inside is undefined when optional (docker reports it), else an error', () => {
    const dir = tree({});
    expect(containedFile(dir, 'later.conf', { at, maxBytes: 10, optional: true })).toBeUndefined();
    expect(refusal(() => file(dir, 'later.conf'))).toMatch(
      /"later.conf" does not exist; add it or name a file inside the recipe directory/,
    );
  });

  it('refuses a file over the size limit', () => {
    const dir = tree({ 'big.conf': 'x'.repeat(MAX_TEXT_BYTES + 1), 'ok.conf': 'x'.repeat(MAX_TEXT_BYTES) });
    expect(refusal(() => file(dir, 'big.conf'))).toBe(
      'compose.yml:12: configs.app_conf.file "big.conf" is 1.0 MiB, over cc-ci\'s limit of 1 MiB for it; make it smaller',
    );
    expect(file(dir, 'ok.conf')).toBeDefined();
    expect(file(dir, 'big.conf', MAX_DATA_BYTES)).toBeDefined();
  });

  it('refuses a FIFO without opening it (opening one would block)', () => {
    const dir = tree({});
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    symlinkSync('pipe', join(dir, 'to-pipe'));
    expect(refusal(() => file(dir, 'pipe'))).toMatch(/"pipe" is a FIFO, not a regular file/);
    expect(refusal(() => file(dir, 'to-pipe'))).toMatch(/"to-pipe" is a FIFO, not a regular file/);
  }, 5000);
});

describe('volume names', () => {
  it('accepts Docker volume names and refuses host paths and other non-names', () => {
    for (const ok of ['data', 'st_app_data', 'a.b-c_1']) expect(() => checkVolumeName(ok, 'volume')).not.toThrow();
    for (const bad of ['/tmp/x', 'a/b', '..', '.hidden', '_x', '', 'a b']) expect(() => checkVolumeName(bad, 'volume')).toThrow(UserError);
    expect(refusal(() => checkVolumeName('/srv/data', 'volumes.data.name', { file: 'compose.yml', line: 40 }))).toMatch(
      /^compose\.yml:40: volumes\.data\.name "\/srv\/data" is not a Docker volume name/,
    );
  });

  it('snapshot archives are named after volume names only', () => {
    expect(archiveName('st_data')).toBe('st_data.tar');
    expect(() => archiveName('../../x')).toThrow(UserError);
    expect(() => archiveName('/tmp/x')).toThrow(UserError);
  });

  it('backupTargets leaves a volume that is not a name out, as a problem', () => {
    const svc = {
      name: 'app',
      swarmName: 'st_app',
      image: 'x',
      labels: { 'backupbot.backup': 'true' },
      replicas: 1,
      networks: [],
      mounts: [
        { volume: '/tmp/host', target: '/data' },
        { volume: 'st_ok', target: '/ok' },
      ],
    };
    const { targets, problems } = backupTargets([svc], 'st');
    expect(targets[0]!.volumes.map((v) => v.volume)).toEqual(['st_ok']);
    expect(problems).toEqual([
      'app: volume "/tmp/host" is not a Docker volume name, so cc-ci does not mount it; name the volume with letters, digits, _ . and -',
    ]);
  });
});

const SAMPLE = 'TYPE=myrecipe\nDOMAIN=x.example.com\nCOMPOSE_FILE="compose.yml"\n';
const compose = (extra: string) => `version: "3.8"\nservices:\n  app:\n    image: web:1\n${extra}`;
const envOf = (values: Record<string, string> = {}) => ({ COMPOSE_FILE: 'compose.yml', STACK_NAME: 'st', DOMAIN: 'x.ci.local', ...values });
const load = (dir: string, env: Record<string, string> = envOf()) =>
  loadComposeSet(dir, env.COMPOSE_FILE!, { file: '.env.sample', line: 3 }, [], env);

describe('where the recipe is read', () => {
  it('loadRecipe refuses a .env.sample or abra.sh that leads out of the recipe', () => {
    expect(refusal(() => loadRecipe(tree({ '.env.sample': '-> /etc/hostname' })))).toBe(
      '.env.sample: resolves to /etc/hostname, outside the recipe; name a file inside the recipe directory',
    );
    expect(refusal(() => loadRecipe(tree({ '.env.sample': SAMPLE, 'abra.sh': '-> /dev/zero' })))).toMatch(
      /^abra\.sh: resolves to \/dev\/zero, outside the recipe/,
    );
    const ok = loadRecipe(tree({ 'env/sample': SAMPLE, '.env.sample': '-> env/sample', 'abra.sh': 'export CONF_VERSION=v2\n' }));
    expect(ok.envSample.values.TYPE).toBe('myrecipe');
    expect(ok.abraSh).toBe('export CONF_VERSION=v2\n');
  });

  it('loadComposeSet refuses a COMPOSE_FILE entry outside the recipe, against the line that lists it', () => {
    const dir = tree({ 'compose.yml': compose('') });
    writeFileSync(join(dir, '..', 'x.yml'), compose(''));
    expect(refusal(() => load(dir, envOf({ COMPOSE_FILE: 'compose.yml:../x.yml' })))).toBe(
      '.env.sample:3: COMPOSE_FILE entry "../x.yml" is outside the recipe; name a file inside the recipe directory',
    );
  });

  it('configs and secrets files, env_file (string or list) and volume names are checked with the interpolated value', () => {
    const configs = (file: string) => tree({ 'compose.yml': compose(`configs:\n  app_conf:\n    file: ${file}\n`), 'app.conf': 'x' });
    expect(() => load(configs('app.conf'))).not.toThrow();
    expect(refusal(() => load(configs('/proc/self/environ')))).toBe(
      'compose.yml:7: configs.app_conf.file "/proc/self/environ" is outside the recipe; name a file inside the recipe directory',
    );
    expect(refusal(() => load(configs('${CONF}'), envOf({ CONF: '/proc/self/environ' })))).toBe(
      'compose.yml:7: configs.app_conf.file "/proc/self/environ" (written "${CONF}") is outside the recipe; name a file inside the recipe directory',
    );
    // An unset variable is empty, as in the deploy; a default is what the deploy would use.
    expect(refusal(() => load(configs('${UNSET}/proc/self/environ')))).toMatch(
      /"\/proc\/self\/environ" \(written "\$\{UNSET\}\/proc\/self\/environ"\) is outside the recipe/,
    );
    expect(refusal(() => load(configs('${UNSET:-/etc/hostname}')))).toMatch(
      /"\/etc\/hostname" \(written "\$\{UNSET:-\/etc\/hostname\}"\) is outside the recipe/,
    );
    // docker reads an unbraced `-` as a default too (template.go): this names /etc/hostname, not "-/etc/hostname"
    expect(refusal(() => load(configs('$UNSET-/etc/hostname')))).toMatch(
      /"\/etc\/hostname" \(written "\$UNSET-\/etc\/hostname"\) is outside the recipe/,
    );
    // A required variable not set yet (install_steps.sh may set it): docker refuses the deploy while it is unset.
    expect(() => load(configs('${CONF:?set by install_steps.sh}'))).not.toThrow();

    const secrets = tree({ 'compose.yml': compose('secrets:\n  y:\n    file: ../../etc/passwd\n') });
    expect(refusal(() => load(secrets))).toMatch(/^compose\.yml:7: secrets\.y\.file "\.\.\/\.\.\/etc\/passwd" is outside the recipe/);

    const envFile = tree({ 'compose.yml': compose('    env_file:\n      - app.env\n      - /etc/hostname\n'), 'app.env': 'A=1\n' });
    expect(refusal(() => load(envFile))).toBe(
      'compose.yml:7: services.app.env_file "/etc/hostname" is outside the recipe; name a file inside the recipe directory',
    );
    const envString = tree({ 'compose.yml': compose('    env_file: /etc/hostname\n') });
    expect(refusal(() => load(envString))).toMatch(/^compose\.yml:5: services\.app\.env_file "\/etc\/hostname" is outside the recipe/);

    const volume = (spec: string) => tree({ 'compose.yml': compose(`volumes:\n  data:\n${spec}`) });
    expect(() => load(volume('    name: ${STACK_NAME}_data\n'))).not.toThrow();
    expect(refusal(() => load(volume('    name: /tmp/host\n')))).toMatch(
      /^compose\.yml:7: volumes\.data\.name "\/tmp\/host" is not a Docker volume name/,
    );
    expect(refusal(() => load(volume('    name: ${DATA_DIR}\n'), envOf({ DATA_DIR: '/srv' })))).toMatch(
      /volumes\.data\.name "\/srv" is not a Docker volume name/,
    );
    expect(refusal(() => load(volume('    external:\n      name: ../x\n')))).toMatch(
      /volumes\.data\.external\.name "\.\.\/x" is not a Docker volume name/,
    );
  });

  it("relative paths are read from the first compose file's directory, as docker stack deploy reads them", () => {
    const dir = tree({ 'deploy/compose.yml': compose('configs:\n  c:\n    file: ../app.conf\n'), 'app.conf': 'x' });
    expect(() => load(dir, envOf({ COMPOSE_FILE: 'deploy/compose.yml' }))).not.toThrow();
    const out = tree({ 'deploy/compose.yml': compose('configs:\n  c:\n    file: ../../app.conf\n') });
    expect(refusal(() => load(out, envOf({ COMPOSE_FILE: 'deploy/compose.yml' })))).toMatch(
      /^deploy\/compose\.yml:7: configs\.c\.file "\.\.\/\.\.\/app\.conf" is outside the recipe/,
    );
  });

  it('hasBackupLabels reads only regular files inside the recipe (a FIFO does not hang it)', () => {
    const dir = tree({ 'compose.yml': compose(''), 'compose.evil.yml': '-> /etc/hostname' });
    execFileSync('mkfifo', [join(dir, 'compose.pipe.yml')]);
    expect(hasBackupLabels(dir)).toBe(false);
    writeFileSync(join(dir, 'compose.backup.yml'), 'backupbot.backup: true');
    expect(hasBackupLabels(dir)).toBe(true);
  }, 5000);

  it('overlay files must be regular files inside the recipe; a link to another file of the recipe is fine', () => {
    const dir = tree({
      'scripts/check.sh': '#!/bin/sh\n',
      '.cc-ci/tests/install/check': '-> ../../../scripts/check.sh',
      '.cc-ci/README.md': '-> /etc/hostname',
    });
    expect(listOverlayRoot('repo-local', join(dir, '.cc-ci'), '.cc-ci').map((f) => f.rel)).toEqual(['tests/install/check']);
    const zero = tree({ '.cc-ci/config.yml': '-> /dev/zero' });
    expect(refusal(() => listOverlayRoot('repo-local', join(zero, '.cc-ci'), '.cc-ci'))).toBe(
      '.cc-ci/config.yml: resolves to /dev/zero, outside the recipe; name a file inside the recipe directory',
    );
    const dirOut = tree({ '.cc-ci/tests': '-> /etc' });
    expect(refusal(() => listOverlayRoot('repo-local', join(dirOut, '.cc-ci'), '.cc-ci'))).toBe(
      '.cc-ci/tests: resolves to /etc, outside the recipe; name a file inside the recipe directory',
    );
    const linked = tree({ '.cc-ci': '-> /etc' });
    expect(refusal(() => listOverlayRoot('repo-local', join(linked, '.cc-ci'), '.cc-ci'))).toMatch(
      /^\.cc-ci: resolves to \/etc, outside the recipe/,
    );
    const fifo = tree({ '.cc-ci/hooks/x': 'x' });
    execFileSync('mkfifo', [join(fifo, '.cc-ci/hooks/pre-install.sh')]);
    expect(refusal(() => listOverlayRoot('repo-local', join(fifo, '.cc-ci'), '.cc-ci'))).toMatch(
      /^\.cc-ci\/hooks\/pre-install\.sh: is a FIFO, not a regular file/,
    );
    expect(listOverlayRoot('bundled', join(tempDir(), 'none'), 'overlays/none')).toEqual([]);
  });
});
