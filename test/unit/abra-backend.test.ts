import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { AbraBackend, abraKind } from '../../src/backends/abra/abra-backend';
import { ABRA_MISSING, abraVersion } from '../../src/backends/abra/abra-cli';
import { savedSnapshot } from '../../src/backends/abra/backupbot';
import { abraEnv } from '../../src/backends/abra/commands';
import type { SwarmBackend } from '../../src/backends/swarm/swarm-backend';
import type { DeploySource, SecretRequest, TeardownReport } from '../../src/backends/types';
import { CHARSETS } from '../../src/recipe/secrets';
import { BackupToolFailed, DeployRejected, UserError } from '../../src/errors';
import { ownEnv } from '../../src/util/own-env';

/**
 * A stand-in `abra` that records every call (argv, the whole environment, and what it saw on
 * disk) as one JSON line, and does just enough of what abra does for the next step to work:
 * `server add` makes the server dir, `app new` writes the env file from the staged recipe's
 * .env.sample, `secret generate --machine` prints a value, `app remove` deletes the env file.
 * config.json makes a command fail (`fail`) or print something else (`generateOutput`).
 */
const FAKE = `#!${process.execPath}
const fs = require('fs'), path = require('path'), cp = require('child_process');
const here = ${JSON.stringify('__HERE__')};
const cfg = fs.existsSync(here + '/config.json') ? JSON.parse(fs.readFileSync(here + '/config.json', 'utf8')) : {};
const argv = process.argv.slice(2);
const pos = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--server' || argv[i] === '--domain') { i++; continue; }
  if (!argv[i].startsWith('-')) pos.push(argv[i]);
}
const known = ['app backup create', 'app restore', 'app secret generate', 'app secret insert', 'app secret remove', 'app volume remove', 'app new', 'app deploy', 'app undeploy', 'app remove', 'server add'];
const cmd = argv.includes('--version') ? 'version' : known.find((k) => pos.join(' ').startsWith(k)) || pos.join(' ');
const dir = process.env.ABRA_DIR;
const rec = { cmd, argv, env: process.env };
const recipes = dir && fs.existsSync(dir + '/recipes') ? fs.readdirSync(dir + '/recipes') : [];
const envFile = (d) => dir + '/servers/default/' + d + '.env';
const out = (s) => process.stdout.write(s);
function done(code) { fs.appendFileSync(here + '/calls.jsonl', JSON.stringify(rec) + '\\n'); process.exit(code); }
if (cfg.fail && cfg.fail[cmd]) { rec.failed = true; process.stderr.write(cfg.fail[cmd]); done(1); }
switch (cmd) {
  case 'version': out('abra version 0.13.0-beta-fake\\n'); done(0);
  case 'server add': fs.mkdirSync(dir + '/servers/default', { recursive: true }); done(0);
  case 'app new': {
    const [recipe] = pos.slice(2); const domain = argv[argv.indexOf('--domain') + 1];
    if (!argv.includes('--chaos')) { // abra fetched a catalogue recipe (backup-bot-two's secret, as its compose.yml declares it)
      const cdir = dir + '/recipes/' + recipe; fs.mkdirSync(cdir, { recursive: true });
      fs.writeFileSync(cdir + '/compose.yml', 'version: "3.8"\\nservices:\\n  app:\\n    image: backupbot\\n    secrets: [restic_password]\\nsecrets:\\n  restic_password:\\n    external: true\\n    name: \${STACK_NAME}_restic_password_\${SECRET_RESTIC_PASSWORD_VERSION}\\n');
      fs.writeFileSync(cdir + '/.env.sample', 'TYPE=' + recipe + '\\nSECRET_RESTIC_PASSWORD_VERSION=v1\\n');
      fs.writeFileSync(envFile(domain), 'TYPE=' + recipe + '\\nDOMAIN=' + domain + '\\nSECRET_RESTIC_PASSWORD_VERSION=v1\\n'); done(0);
    }
    const rdir = dir + '/recipes/' + recipe;
    if (!fs.existsSync(rdir + '/.git')) { process.stderr.write('FATA not a git repository\\n'); done(1); }
    const sample = fs.readFileSync(rdir + '/.env.sample', 'utf8').replace(/^DOMAIN=.*$/m, 'DOMAIN=' + domain);
    fs.writeFileSync(envFile(domain), sample); done(0);
  }
  case 'app secret generate': {
    const [, , , domain, key, version] = pos;
    if (cfg.generateOutput !== undefined) { out(cfg.generateOutput); done(0); }
    if (argv.includes('--all')) { rec.value = 'restic-' + Math.random().toString(36).slice(2); out('[{"name": "restic_password", "value": "' + rec.value + '"}]\\n'); done(0); }
    rec.value = 'gen-' + key + '-' + Math.random().toString(36).slice(2);
    out('[{"name": "' + key + '", "value": "' + rec.value + '"}]\\n'); done(0);
  }
  case 'app secret insert': rec.inserted = fs.readFileSync(argv[argv.length - 1], 'utf8'); done(0);
  case 'app deploy': {
    const domain = pos[2]; const rdir = dir + '/recipes/' + (/^TYPE=(.*)$/m.exec(fs.readFileSync(envFile(domain), 'utf8')) || [])[1];
    rec.recipes = recipes;
    rec.compose = fs.readFileSync(rdir + '/compose.yml', 'utf8');
    rec.files = fs.readdirSync(rdir).sort();
    rec.envText = fs.readFileSync(envFile(domain), 'utf8');
    if (fs.existsSync(rdir + '/.git')) { // a staged recipe (a catalogue one is no checkout here)
      rec.status = cp.execFileSync('git', ['-C', rdir, 'status', '--porcelain'], { encoding: 'utf8' });
      rec.commits = Number(cp.execFileSync('git', ['-C', rdir, 'rev-list', '--count', 'HEAD'], { encoding: 'utf8' }).trim());
    }
    done(0);
  }
  case 'app remove': fs.rmSync(envFile(pos[2]), { force: true }); done(0);
  case 'app backup create': out(cfg.backupOutput ?? 'INFO backup finished\\n'); done(0);
  default: done(0);
}
`;

interface Call {
  cmd: string;
  argv: string[];
  env: Record<string, string>;
  value?: string;
  inserted?: string;
  recipes?: string[];
  compose?: string;
  files?: string[];
  envText?: string;
  status?: string;
  commits?: number;
}

const DOMAIN = 'myrecipe-abc123.ci.local';
const STACK = 'myrecipe-abc123_ci_local';
const ENV_TEXT =
  'TYPE=myrecipe\nDOMAIN=myrecipe-abc123.ci.local\nCOMPOSE_FILE="compose.yml"\nSECRET_DB_PASSWORD_VERSION=v1 # length=32\n# install_steps.sh was here\nGREETING=hello\n';

let root: string;
let fakeDir: string;
let savedPath: string | undefined;
let savedDockerHost: string | undefined;

function calls(): Call[] {
  const file = join(fakeDir, 'calls.jsonl');
  return existsSync(file)
    ? readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Call)
    : [];
}

const configure = (cfg: object) => writeFileSync(join(fakeDir, 'config.json'), JSON.stringify(cfg));

function tree(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

/** A swarm backend stand-in: the abra backend only needs its Engine API lists and its final sweep. */
function fakeSwarm(opts: { secrets?: { ID: string; Spec: { Name: string } }[]; order?: string[] } = {}) {
  const deleted: string[] = [];
  const swarm = {
    volumes: {},
    deleted,
    api: {
      // Docker's secret `name` filter matches any of its values as a prefix (moby daemon/cluster/filters.go: NamePrefixes).
      list: async (kind: string, filters: { name?: string[] }) =>
        kind === 'secrets'
          ? (opts.secrets ?? []).filter((s) => !filters.name?.length || filters.name.some((p) => s.Spec.Name.startsWith(p)))
          : [],
      call: async (method: string, path: string) => {
        deleted.push(`${method} ${path}`);
        return undefined;
      },
    },
    teardown: async (): Promise<TeardownReport> => {
      opts.order?.push(`swarm teardown after ${calls().length} abra calls`);
      return { problems: ['from the swarm sweep'], leftovers: [] };
    },
  };
  return swarm as unknown as SwarmBackend & { deleted: string[] };
}

let stateDir: string;
let baseSrc: DeploySource;
let headSrc: DeploySource;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'abra-backend-test-'));
  fakeDir = join(root, 'bin');
  mkdirSync(fakeDir);
  writeFileSync(join(fakeDir, 'abra'), FAKE.replace('__HERE__', fakeDir));
  chmodSync(join(fakeDir, 'abra'), 0o755);
  savedPath = process.env.PATH;
  savedDockerHost = process.env.DOCKER_HOST;
  process.env.PATH = `${fakeDir}:${savedPath}`;
  process.env.DOCKER_HOST = 'unix:///run/cc-ci-test/docker.sock';
  stateDir = join(root, 'state');
  mkdirSync(stateDir);
  const envFile = join(stateDir, `${DOMAIN}.env`);
  writeFileSync(envFile, ENV_TEXT);
  const overlay = tree('overlay', { 'compose.ci.yml': 'services: {app: {environment: [CI=1]}}\n' });
  const recipeEnv = {
    PATH: '/evil/bin',
    LD_PRELOAD: '/evil/lib.so',
    DOCKER_HOST: 'tcp://evil.example:2375',
    DOMAIN,
    STACK_NAME: STACK,
    COMPOSE_FILE: 'compose.yml',
    GREETING: 'hello',
  };
  const base = tree('base', {
    'compose.yml': 'version: "3.8" # base 1.0.0\n',
    '.env.sample': 'TYPE=myrecipe\nDOMAIN=example.com\n',
    'abra.sh': 'export X_VERSION=v1\n',
    'old.txt': 'only in the base\n',
  });
  const head = tree('head', {
    'compose.yml': 'version: "3.8" # head\n',
    '.env.sample': 'TYPE=myrecipe\nDOMAIN=example.com\n',
    'abra.sh': 'export X_VERSION=v2\n',
    '.git/marker': "head's own repository\n",
    'release/2.0.0': 'notes\n',
  });
  const src = (dir: string): DeploySource => ({
    recipe: 'myrecipe',
    dir,
    composeFiles: [join(dir, 'compose.yml'), join(overlay, 'compose.ci.yml')],
    env: recipeEnv,
    exposedEnv: { GREETING: 'hello' },
    envFile,
  });
  baseSrc = src(base);
  headSrc = src(head);
});

afterEach(() => {
  process.env.PATH = savedPath;
  if (savedDockerHost === undefined) delete process.env.DOCKER_HOST;
  else process.env.DOCKER_HOST = savedDockerHost;
  rmSync(root, { recursive: true, force: true });
});

const secret = (key: string, manual = false, length: number | null = 32): SecretRequest => ({
  name: `${STACK}_${key}_v1`,
  key,
  version: 'v1',
  length,
  charset: 'default',
  manual,
});
const signal = () => new AbortController().signal;

describe('the abra backend, at the argument level', () => {
  it('deploys the base: server add, app new, secrets, app deploy, each with exact argv', async () => {
    const backend = new AbraBackend({ stack: STACK, domain: DOMAIN, stateDir }, { swarm: fakeSwarm() });
    const abraDir = join(stateDir, 'abra');
    const masked: { value: string; callsSoFar: string[] }[] = [];
    await backend.provideSecrets([secret('db_password'), secret('api_key', true, 20)], (value) =>
      masked.push({ value, callsSoFar: calls().map((c) => c.cmd) }),
    );
    expect(calls()).toEqual([]); // nothing runs before the deploy has a tree
    await backend.deploy(baseSrc, signal());

    const c = calls();
    expect(c.map((x) => x.argv)).toEqual([
      ['server', 'add', '--local', '--no-input'],
      ['app', 'new', '--server', 'default', '--domain', DOMAIN, '--chaos', '--no-input', 'myrecipe'],
      ['app', 'secret', 'generate', '--machine', '--no-input', DOMAIN, 'db_password', 'v1'],
      [
        'app',
        'secret',
        'insert',
        '--file',
        '--no-input',
        DOMAIN,
        'api_key',
        'v1',
        expect.stringMatching(new RegExp(`^${abraDir}/\\.secret-[0-9a-f]{12}$`)),
      ],
      ['app', 'deploy', '--chaos', '--no-domain-checks', '--no-converge-checks', '--no-input', DOMAIN],
    ]);

    // Every value masked, before anything that could print it (the deploy) ran.
    const generated = c[2]!.value!;
    const inserted = c[3]!.inserted!;
    expect(masked.map((m) => m.value)).toEqual([generated, inserted]);
    expect(masked.every((m) => !m.callsSoFar.includes('app deploy'))).toBe(true);
    expect(inserted).toMatch(new RegExp(`^[${CHARSETS.default}]{20}$`));
    expect(c.flatMap((x) => x.argv).some((a) => a.includes(inserted))).toBe(false);
    expect(existsSync(c[3]!.argv.at(-1)!)).toBe(false); // the value file is gone

    // The env of every call: cc-ci's own plus ABRA_DIR; nothing from the recipe's env.
    for (const x of c) {
      expect(x.env).toEqual(abraEnv(ownEnv(), abraDir, { DOCKER_HOST: 'unix:///run/cc-ci-test/docker.sock' }));
      expect(x.env.PATH).toBe(process.env.PATH);
      expect(x.env.DOCKER_HOST).toBe('unix:///run/cc-ci-test/docker.sock');
      expect(x.env.LD_PRELOAD).toBeUndefined();
      expect(x.env.STACK_NAME).toBeUndefined();
      expect(x.env.GREETING).toBeUndefined();
    }

    // What abra deployed: the base tree, committed clean, with cc-ci's env file and the overlay listed.
    const deploy = c[4]!;
    expect(deploy.recipes).toEqual(['myrecipe']);
    expect(deploy.compose).toBe('version: "3.8" # base 1.0.0\n');
    expect(deploy.files).toEqual(['.env.sample', '.git', 'abra.sh', 'cc-ci.compose.ci.yml', 'compose.yml', 'old.txt']);
    expect(deploy.status).toBe('');
    expect(deploy.commits).toBe(1);
    expect(deploy.envText).toBe(`${ENV_TEXT}\n# added by cc-ci for abra\nCOMPOSE_FILE=compose.yml:cc-ci.compose.ci.yml\n`);
  });

  it('upgrades in place to head: new secrets only, then app deploy --force of head committed on top', async () => {
    const backend = new AbraBackend({ stack: STACK, domain: DOMAIN, stateDir }, { swarm: fakeSwarm() });
    const masked: string[] = [];
    await backend.provideSecrets([secret('db_password')], (v) => masked.push(v));
    await backend.deploy(baseSrc, signal());
    const before = calls().length;
    writeFileSync(baseSrc.envFile, `${ENV_TEXT}\n# added from the upgraded recipe's .env.sample\nNEW_KEY=1\n`);
    await backend.provideSecrets([secret('db_password'), secret('smtp_password', false, null)], (v) => masked.push(v));
    await backend.deploy(headSrc, signal());

    const c = calls().slice(before);
    expect(c.map((x) => x.argv)).toEqual([
      ['app', 'secret', 'generate', '--machine', '--no-input', DOMAIN, 'smtp_password', 'v1'],
      ['app', 'deploy', '--chaos', '--force', '--no-domain-checks', '--no-converge-checks', '--no-input', DOMAIN],
    ]);
    expect(masked).toEqual([calls()[2]!.value, c[0]!.value]);
    const deploy = c[1]!;
    expect(deploy.compose).toBe('version: "3.8" # head\n');
    expect(deploy.files).toEqual(['.env.sample', '.git', 'abra.sh', 'cc-ci.compose.ci.yml', 'compose.yml', 'release']);
    expect(existsSync(join(stateDir, 'abra/recipes/myrecipe/.git/marker'))).toBe(false); // head's own .git stays out
    expect(deploy.status).toBe('');
    expect(deploy.commits).toBe(2);
    expect(deploy.envText).toContain('NEW_KEY=1\n');
    expect(deploy.envText!.endsWith('COMPOSE_FILE=compose.yml:cc-ci.compose.ci.yml\n')).toBe(true);
  });

  it("turns abra's failed deploy into DeployRejected with abra's own lines", async () => {
    configure({ fail: { 'app deploy': 'INFO preparing\nFATA deploy failed: service myrecipe-abc123_ci_local_app is unhealthy\n' } });
    const backend = new AbraBackend({ stack: STACK, domain: DOMAIN, stateDir }, { swarm: fakeSwarm() });
    const err = await backend.deploy(baseSrc, signal()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeployRejected);
    expect((err as DeployRejected).message).toBe(
      'abra app deploy failed: FATA deploy failed: service myrecipe-abc123_ci_local_app is unhealthy',
    );
    expect((err as DeployRejected).lines).toEqual([
      'INFO preparing',
      'FATA deploy failed: service myrecipe-abc123_ci_local_app is unhealthy',
    ]);
  });

  it('refuses to go on when abra printed no value it could mask, and keeps that output out of the report', async () => {
    configure({ generateOutput: '┃ NAME ┃ VALUE ┃\n┃ db_password ┃ sEcReT ┃\n' });
    const backend = new AbraBackend({ stack: STACK, domain: DOMAIN, stateDir }, { swarm: fakeSwarm() });
    await backend.provideSecrets([secret('db_password')], () => {});
    const err = (await backend.deploy(baseSrc, signal()).catch((e: unknown) => e)) as DeployRejected;
    expect(err).toBeInstanceOf(DeployRejected);
    expect(err.message).toMatch(/^abra app secret generate db_password v1 printed no value cc-ci could read/);
    expect(err.lines).toEqual([]);
    expect(calls().map((c) => c.cmd)).not.toContain('app deploy');
  });

  it('tears down with abra in order, non-interactive, going on past a failed step, then sweeps with the swarm backend', async () => {
    const order: string[] = [];
    const swarm = fakeSwarm({ order, secrets: [{ ID: 'sec1', Spec: { Name: `${STACK}_db_password_v1` } }] });
    const backend = new AbraBackend({ stack: STACK, domain: DOMAIN, stateDir }, { swarm });
    await backend.provideSecrets([secret('db_password')], () => {});
    await backend.deploy(baseSrc, signal());
    configure({ fail: { 'app volume remove': 'FATA volume myrecipe-abc123_ci_local_data is in use\n' } });
    const before = calls().length;

    // A backend made afresh (as `cc-ci teardown` does) finds the app from the files alone.
    const fresh = new AbraBackend({ stack: STACK, domain: DOMAIN, stateDir }, { swarm });
    const report = await fresh.teardown();
    expect(
      calls()
        .slice(before)
        .map((c) => c.argv),
    ).toEqual([
      ['app', 'undeploy', '--no-input', DOMAIN],
      ['app', 'volume', 'remove', '--force', '--no-input', DOMAIN],
      ['app', 'secret', 'remove', '--all', '--no-input', DOMAIN],
      ['app', 'remove', '--force', '--no-input', DOMAIN],
    ]);
    expect(order).toEqual([`swarm teardown after ${before + 4} abra calls`]);
    expect(swarm.deleted).toEqual(['DELETE /secrets/sec1']);
    expect(report).toEqual({
      problems: [
        `abra app volume remove ${DOMAIN}: FATA volume myrecipe-abc123_ci_local_data is in use`,
        `abra left secret ${STACK}_db_password_v1 behind; cc-ci removed it`,
        'from the swarm sweep',
      ],
      leftovers: [],
    });
  });

  it('tears down an app abra never created with the swarm sweep alone', async () => {
    const order: string[] = [];
    const report = await new AbraBackend({ stack: STACK, domain: DOMAIN, stateDir }, { swarm: fakeSwarm({ order }) }).teardown();
    expect(calls()).toEqual([]);
    expect(order).toEqual(['swarm teardown after 0 abra calls']);
    expect(report).toEqual({ problems: ['from the swarm sweep'], leftovers: [] });
  });
});

describe("backups through abra's commands (backup-bot-two)", () => {
  const BOT = `backups.${DOMAIN}`;
  const BOT_STACK = `backups_${STACK}`;
  /** The bot's stack as the Engine API would show it: converges (or not), and its own sweep. */
  function botSwarm(converges = true) {
    const seen: string[] = [];
    const bot = {
      target: { stack: BOT_STACK, domain: BOT, stateDir },
      seen,
      waitConverged: async () => (
        seen.push(`waitConverged after ${calls().length} abra calls`),
        converges
          ? { ok: true, detail: 'app 1/1' }
          : { ok: false, failure: { kind: 'task-failed', service: `${BOT_STACK}_app`, message: 'task failed: non-zero exit (1)' } }
      ),
      teardown: async (): Promise<TeardownReport> => (seen.push('bot sweep'), { problems: [], leftovers: [] }),
    };
    return bot as unknown as SwarmBackend & { seen: string[] };
  }
  const deployed = async (bot = botSwarm(), swarm = fakeSwarm()) => {
    const backend = new AbraBackend({ stack: STACK, domain: DOMAIN, stateDir }, { swarm, botSwarm: bot });
    const masked: string[] = [];
    await backend.provideSecrets([secret('db_password')], (v) => masked.push(v));
    await backend.deploy(baseSrc, signal());
    return { backend, masked, before: calls().length };
  };

  it("deploys the run's own backup-bot-two as an operator does, then abra app backup create and abra app restore --snapshot", async () => {
    const bot = botSwarm();
    const { backend, masked, before } = await deployed(bot);
    configure({ backupOutput: 'INFO running pre-hook of app\nsnapshot 0a1b2c3d saved\nsnapshot 9f8e7d6c5b4a saved\n' });
    const progress: string[] = [];
    const id = await backend.backupTool.backup(signal(), (d) => progress.push(d));
    expect(id).toBe('9f8e7d6c5b4a'); // restic's last "snapshot … saved"
    await backend.backupTool.restore(id, signal(), (d) => progress.push(d));
    const c = calls().slice(before);
    expect(c.map((x) => x.argv)).toEqual([
      ['app', 'new', '--server', 'default', '--domain', BOT, '--no-input', 'backup-bot-two'],
      ['app', 'secret', 'generate', '--all', '--machine', '--no-input', BOT],
      ['app', 'deploy', '--no-domain-checks', '--no-converge-checks', '--no-input', BOT],
      ['app', 'backup', 'create', '--no-input', DOMAIN],
      ['app', 'restore', '--snapshot', '9f8e7d6c5b4a', '--no-input', DOMAIN],
    ]);
    // The bot converged before the backup ran; its generated secret was masked.
    expect(bot.seen).toEqual([`waitConverged after ${before + 3} abra calls`]);
    expect(masked.at(-1)).toBe(c[1]!.value);
    for (const x of c) expect(x.env).toEqual(abraEnv(ownEnv(), join(stateDir, 'abra')));
    expect(progress).toEqual([
      'deploying backup-bot-two as backups.myrecipe-abc123.ci.local',
      'abra app backup create',
      'abra app restore 9f8e7d6c5b4a',
    ]);

    // A second backup uses the same bot; a restore without an id takes the latest.
    configure({});
    expect(await backend.backupTool.backup(signal(), () => {})).toBe('');
    await backend.backupTool.restore('', signal(), () => {});
    expect(
      calls()
        .slice(before + 5)
        .map((x) => x.argv),
    ).toEqual([
      ['app', 'backup', 'create', '--no-input', DOMAIN],
      ['app', 'restore', '--no-input', DOMAIN],
    ]);
  });

  it("fails as BackupToolFailed with abra's lines when the backup fails, and when the bot does not start", async () => {
    const { backend } = await deployed();
    configure({ fail: { 'app backup create': 'INFO running pre-hook\nFATA restic: Fatal: repository does not exist\n' } });
    const err = (await backend.backupTool.backup(signal(), () => {}).catch((e: unknown) => e)) as BackupToolFailed;
    expect(err).toBeInstanceOf(BackupToolFailed);
    expect(err.message).toBe('abra app backup create failed: FATA restic: Fatal: repository does not exist');
    expect(err.lines).toEqual(['INFO running pre-hook', 'FATA restic: Fatal: repository does not exist']);

    configure({});
    const stuck = await deployed(botSwarm(false));
    await expect(stuck.backend.backupTool.backup(signal(), () => {})).rejects.toThrow(
      new BackupToolFailed(`backup-bot-two did not start: ${BOT_STACK}_app: task failed: non-zero exit (1)`),
    );
    expect(
      calls()
        .slice(stuck.before)
        .map((x) => x.cmd),
    ).toEqual(['app secret generate', 'app deploy']); // the bot app existed already (same state dir)
  });

  it("tears the bot down with the app: abra removes both, then the bot stack is swept and its unlabelled secrets removed by their exact names, never a longer stack's", async () => {
    const bot = botSwarm();
    const swarm = fakeSwarm({ secrets: [] });
    const { backend, before } = await deployed(bot, swarm);
    await backend.backupTool.backup(signal(), () => {});
    const secretsSeen: string[][] = [];
    const list = swarm.api.list.bind(swarm.api);
    swarm.api.list = (async (kind: Parameters<typeof list>[0], filters: { name?: string[] }) => {
      if (kind === 'secrets') secretsSeen.push(filters.name ?? []);
      // The daemon matches names as prefixes: another run's bot on a longer stack answers too.
      if (kind === 'secrets')
        return [
          { ID: 'r1', Spec: { Name: `${BOT_STACK}_restic_password_v1` } },
          { ID: 'x', Spec: { Name: `${BOT_STACK}_x_restic_password_v1` } },
        ];
      return list(kind, filters as never);
    }) as typeof swarm.api.list;
    const report = await backend.teardown();
    const removal = (d: string) => [
      ['app', 'undeploy', '--no-input', d],
      ['app', 'volume', 'remove', '--force', '--no-input', d],
      ['app', 'secret', 'remove', '--all', '--no-input', d],
      ['app', 'remove', '--force', '--no-input', d],
    ];
    expect(
      calls()
        .slice(before + 4)
        .map((x) => x.argv),
    ).toEqual([...removal(DOMAIN), ...removal(BOT)]);
    expect(bot.seen.at(-1)).toBe('bot sweep');
    expect(secretsSeen).toContainEqual([`${BOT_STACK}_restic_password_v1`]);
    expect(swarm.deleted).toEqual(['DELETE /secrets/r1']);
    expect(report.problems).toEqual([`abra left secret ${BOT_STACK}_restic_password_v1 behind; cc-ci removed it`, 'from the swarm sweep']);
    expect(existsSync(join(stateDir, 'abra', 'servers', 'default', `${BOT}.env`))).toBe(false);
  });

  it('finds the restic snapshot id in what abra printed, or none', () => {
    expect(savedSnapshot('\x1b[32mINFO\x1b[0m done\nsnapshot 1a2b3c4d saved\n')).toBe('1a2b3c4d');
    expect(savedSnapshot('INFO backup finished\n')).toBe('');
    expect(savedSnapshot('snapshot 1a2b3c4d saved.\nno snapshot xyz saved\n')).toBe('1a2b3c4d');
  });
});

describe('without abra', () => {
  const noAbra = () => {
    const empty = join(root, 'empty');
    mkdirSync(empty);
    process.env.PATH = empty;
  };

  it('fails with one line naming how to install it', async () => {
    noAbra();
    const err = (await abraVersion().catch((e: unknown) => e)) as UserError;
    expect(err).toBeInstanceOf(UserError);
    expect(err.oneLine).toBe(ABRA_MISSING);
    expect(err.oneLine).not.toContain('\n');
    expect(err.oneLine).toContain('https://docs.coopcloud.tech/abra/install/');
  });

  it('fails the host setup before it touches Docker, and the deploy likewise', async () => {
    noAbra();
    const logs: string[] = [];
    await expect(abraKind.setupHost({ initSwarm: false, log: (m) => logs.push(m) })).rejects.toThrow(new UserError(ABRA_MISSING));
    expect(logs).toEqual([]);
    const backend = new AbraBackend({ stack: STACK, domain: DOMAIN, stateDir }, { swarm: fakeSwarm() });
    await expect(backend.deploy(baseSrc, signal())).rejects.toBeInstanceOf(UserError);
  });

  it('reports the version of the abra it finds', async () => {
    expect(await abraVersion()).toBe('abra version 0.13.0-beta-fake');
    expect(readdirSync(fakeDir)).toContain('calls.jsonl');
    expect(execFileSync('abra', ['--version'], { encoding: 'utf8' })).toBe('abra version 0.13.0-beta-fake\n');
  });
});
