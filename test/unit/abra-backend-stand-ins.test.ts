import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { AbraBackend, abraKind } from '../../src/backends/abra/abra-backend';
import { AbraCli } from '../../src/backends/abra/abra-cli';
import { AbraBackupTool } from '../../src/backends/abra/backupbot';
import { removeAbraApp, removeLeftoverSecrets } from '../../src/backends/abra/remove-app';
import { backendKind } from '../../src/backends/registry';
import { SwarmBackend, swarmKind } from '../../src/backends/swarm/swarm-backend';
import type { DockerApi } from '../../src/backends/swarm/docker-api';
import type { DeploySource, SecretRequest } from '../../src/backends/types';
import type { RunResult } from '../../src/util/exec';
import { BackupToolFailed, DeployRejected, UserError } from '../../src/errors';

/**
 * AbraBackend, AbraBackupTool and removeAbraApp driven through a stand-in AbraCli (its `run`
 * replaced: every argv recorded, each answered by a handler) and a stand-in Docker API and swarm
 * backend: the branches the stand-in `abra` binary of abra-backend.test.ts never takes.
 */
const ok = (stdout = ''): RunResult => ({ code: 0, stdout, stderr: '', killed: false });
const failed = (stderr: string, stdout = ''): RunResult => ({ code: 1, stdout, stderr, killed: false });

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cc-ci-abra-stand-in-'));
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

function standInCli(abraDir: string, answer: (argv: string[]) => RunResult | Promise<RunResult>) {
  const cli = new AbraCli(abraDir, {}, { host: 'unix:///var/run/docker.sock' } as never);
  const calls: string[] = [];
  cli.run = vi.fn(async (argv: readonly string[]) => {
    calls.push(argv.join(' '));
    return answer([...argv]);
  });
  return { cli, calls };
}

/** A Docker API that lists nothing (or what `secrets` holds) and records each call. */
function standInApi(secrets: { ID: string; Spec: { Name: string } }[] = [], opts: { listFails?: Error; deleteFails?: Error } = {}) {
  const calls: string[] = [];
  const api = {
    list: vi.fn(async (what: string) => {
      calls.push(`list ${what}`);
      if (what === 'secrets') {
        if (opts.listFails) throw opts.listFails;
        return secrets;
      }
      return [];
    }),
    call: vi.fn(async (method: string, path: string) => {
      calls.push(`${method} ${path}`);
      if (opts.deleteFails) throw opts.deleteFails;
      return undefined;
    }),
  };
  return { api: api as unknown as DockerApi, calls };
}

function standInSwarm(api: DockerApi, stack = 'app_example_com', domain = 'app.example.com') {
  const calls: unknown[][] = [];
  const rec =
    (name: string, result: unknown) =>
    (...args: unknown[]) => {
      calls.push([name, ...args]);
      return Promise.resolve(result);
    };
  const swarm = {
    api,
    target: { stack, domain, stateDir: dir },
    volumes: { marker: 'volumes' },
    waitConverged: rec('waitConverged', { ok: true, detail: 'converged' }),
    services: rec('services', ['svc']),
    http: rec('http', { status: 200 }),
    exec: rec('exec', { code: 0, output: 'out' }),
    execAttached: rec('execAttached', 0),
    logs: rec('logs', ['line']),
    scale: rec('scale', undefined),
    diagnose: rec('diagnose', { lines: [] }),
    teardown: rec('teardown', { problems: [], leftovers: [] }),
  };
  return { swarm: swarm as unknown as SwarmBackend, calls };
}

/** A recipe tree with an env file; the env file's text is `env`. */
function recipeTree(env: string): DeploySource {
  const tree = join(dir, 'tree');
  mkdirSync(tree, { recursive: true });
  writeFileSync(join(tree, 'compose.yml'), 'services:\n  app:\n    image: nginx\n');
  const envFile = join(dir, 'app.env');
  writeFileSync(envFile, env);
  return { recipe: 'myrecipe', dir: tree, composeFiles: [join(tree, 'compose.yml')], env: {}, exposedEnv: {}, envFile };
}

const secret = (name: string, manual = false): SecretRequest =>
  ({ name, key: name.split('_')[0], version: 'v1', length: 16, charset: 'alnum', manual }) as unknown as SecretRequest;

describe('backendKind (the registry)', () => {
  it('returns each known backend and refuses any other name with a UserError naming where it came from', () => {
    expect(backendKind('abra')).toBe(abraKind);
    expect(backendKind('swarm')).toBe(swarmKind);
    expect(() => backendKind('kubernetes', 'CCCI_BACKEND')).toThrow(UserError);
    expect(() => backendKind('kubernetes', 'CCCI_BACKEND')).toThrow(/kubernetes/);
    expect(() => backendKind('kubernetes', 'CCCI_BACKEND')).toThrow(/CCCI_BACKEND/);
  });
});

describe('abraKind', () => {
  it('sets the host up: abra first, then the swarm, then logs the version', async () => {
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'abra'), '#!/bin/sh\necho "abra version 9.9.9-stand-in"\n');
    chmodSync(join(bin, 'abra'), 0o755);
    vi.stubEnv('PATH', `${bin}:${process.env.PATH ?? ''}`);
    const order: string[] = [];
    const setup = vi.spyOn(swarmKind, 'setupHost').mockImplementation(async () => void order.push('swarm setup'));
    const log = (line: string) => order.push(line);
    await abraKind.setupHost({ log } as never);
    vi.unstubAllEnvs();
    expect(setup).toHaveBeenCalledTimes(1);
    expect(order).toEqual(['swarm setup', 'abra: abra version 9.9.9-stand-in']);
  });

  it("makes an AbraBackend per app with its own swarm backend, and shares the swarm's run records", () => {
    const b = abraKind.forApp({ stack: 's_example', domain: 's.example', stateDir: dir });
    expect(b).toBeInstanceOf(AbraBackend);
    expect((b as AbraBackend).abraDir).toBe(join(dir, 'abra'));
    expect(b.volumes).toBeDefined();
    const records = { marker: 'runs' };
    vi.spyOn(swarmKind, 'runs').mockReturnValue(records as never);
    expect(abraKind.runs()).toBe(records);
  });
});

describe('AbraBackend with a stand-in abra', () => {
  const target = () => ({ stack: 'app_example_com', domain: 'app.example.com', stateDir: dir });

  it('passes every read and the final sweep straight to the swarm backend', async () => {
    const { api } = standInApi();
    const { swarm, calls } = standInSwarm(api);
    const { cli } = standInCli(join(dir, 'abra'), () => ok());
    const b = new AbraBackend(target(), { swarm, cli });
    const signal = new AbortController().signal;
    const since = new Date(0);
    const progress = () => {};
    expect(b.volumes).toBe(swarm.volumes);
    expect(await b.waitConverged(since, signal, progress)).toEqual({ ok: true, detail: 'converged' });
    expect(await b.services()).toEqual(['svc']);
    expect(await b.http({ service: 'app' } as never, signal)).toEqual({ status: 200 });
    expect(await b.exec('app_example_com_app', ['ls'], signal)).toEqual({ code: 0, output: 'out' });
    expect(await b.execAttached('app_example_com_app', ['sh'])).toBe(0);
    expect(await b.logs('app_example_com_app', 5, signal)).toEqual(['line']);
    await b.scale({ app_example_com_app: 0 }, signal);
    expect(await b.diagnose('app', 'c1', '/tmp/x.log', signal)).toEqual({ lines: [] });
    expect(calls).toEqual([
      ['waitConverged', since, signal, progress],
      ['services'],
      ['http', { service: 'app' }, signal],
      ['exec', 'app_example_com_app', ['ls'], signal],
      ['execAttached', 'app_example_com_app', ['sh']],
      ['logs', 'app_example_com_app', 5, signal],
      ['scale', { app_example_com_app: 0 }, signal],
      ['diagnose', 'app', 'c1', '/tmp/x.log', signal],
    ]);
  });

  it('falls back to `server add default` where abra does not know --local, and fails when that fails too', async () => {
    const { api } = standInApi();
    const { swarm } = standInSwarm(api);
    const { cli, calls } = standInCli(join(dir, 'abra'), (argv) =>
      argv.includes('--local') ? failed('flag provided but not defined: -local\n') : failed('FATA cannot reach the daemon\n'),
    );
    const b = new AbraBackend(target(), { swarm, cli });
    const err = await b.deploy(recipeTree('TYPE=myrecipe\n'), new AbortController().signal).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeployRejected);
    expect((err as Error).message).toBe('abra server add --local failed: FATA cannot reach the daemon');
    expect(calls).toEqual(['server add --local --no-input', 'server add --no-input default']);
  });

  it('does not retry `server add` when --local failed for another reason', async () => {
    const { api } = standInApi();
    const { swarm } = standInSwarm(api);
    const { cli, calls } = standInCli(join(dir, 'abra'), () => failed('FATA permission denied\n'));
    const b = new AbraBackend(target(), { swarm, cli });
    await expect(b.deploy(recipeTree('TYPE=myrecipe\n'), new AbortController().signal)).rejects.toThrow(
      'abra server add --local failed: FATA permission denied',
    );
    expect(calls).toEqual(['server add --local --no-input']);
  });

  function deployingCli(abraDir: string, generate: (argv: string[]) => RunResult) {
    return standInCli(abraDir, (argv) => {
      const cmd = argv.join(' ');
      if (cmd.startsWith('server add')) mkdirSync(join(abraDir, 'servers', 'default'), { recursive: true });
      if (cmd.startsWith('app secret generate')) return generate(argv);
      return ok();
    });
  }

  it('masks what a failed `secret generate` printed, then stops with its failure', async () => {
    const { api } = standInApi();
    const { swarm } = standInSwarm(api);
    const abraDir = join(dir, 'abra');
    const { cli } = deployingCli(abraDir, () => failed('FATA secret exists\n', '[{"name": "db", "value": "half-made"}]'));
    const masked: string[] = [];
    const b = new AbraBackend(target(), { swarm, cli });
    await b.provideSecrets([secret('db_password')], (v) => masked.push(v));
    const err = await b.deploy(recipeTree('TYPE=myrecipe\n'), new AbortController().signal).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeployRejected);
    expect((err as Error).message).toBe('abra app secret generate db v1 failed: FATA secret exists');
    expect(masked).toEqual(['half-made']);
  });

  it('asks for a secret requested twice once, and names the recipe from the request when the env file names none', async () => {
    const { api } = standInApi();
    const { swarm } = standInSwarm(api);
    const abraDir = join(dir, 'abra');
    const { cli, calls } = deployingCli(abraDir, (argv) => {
      const key = argv.find((a) => a === 'db' || a === 'api');
      return ok(`[{"name": "${key}", "value": "v-${key}"}]`);
    });
    const b = new AbraBackend(target(), { swarm, cli });
    const masked: string[] = [];
    await b.provideSecrets([secret('db_password')], (v) => masked.push(v));
    await b.provideSecrets([secret('db_password'), secret('api_key')], (v) => masked.push(v));
    await b.deploy(recipeTree('DOMAIN=app.example.com\n'), new AbortController().signal);
    expect(calls.filter((c) => c.startsWith('app secret generate'))).toHaveLength(2);
    expect(calls.find((c) => c.startsWith('app new'))).toContain('myrecipe');
    expect(existsSync(join(abraDir, 'recipes', 'myrecipe', '.git'))).toBe(true);
    expect(readFileSync(join(abraDir, 'servers', 'default', 'app.example.com.env'), 'utf8')).toContain('TYPE=myrecipe');
    expect(masked).toEqual(['v-db', 'v-api']);
  });

  it('refuses a recipe name abra cannot use as a directory, naming the env file', async () => {
    const { api } = standInApi();
    const { swarm } = standInSwarm(api);
    const abraDir = join(dir, 'abra');
    mkdirSync(join(abraDir, 'servers', 'default'), { recursive: true });
    const { cli } = standInCli(abraDir, () => ok());
    const b = new AbraBackend(target(), { swarm, cli });
    const src = recipeTree('TYPE=../evil:1.0\n');
    const err = await b.deploy(src, new AbortController().signal).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toContain('the app env file names the recipe "../evil"');
    expect((err as UserError).message).toContain('set TYPE=myrecipe in .env.sample');
    expect((err as UserError).file).toBe(src.envFile);
    expect(existsSync(join(abraDir, 'recipes'))).toBe(false);
  });

  it('reads a secrets record that is not a list as no secrets, and skips the bot of an app with no domain', async () => {
    const { api, calls: apiCalls } = standInApi();
    const { swarm, calls } = standInSwarm(api, 'nodomain', '');
    const abraDir = join(dir, 'abra');
    mkdirSync(abraDir, { recursive: true });
    writeFileSync(join(abraDir, 'cc-ci-secrets.json'), '{"db_password": true}');
    const { cli, calls: abraCalls } = standInCli(abraDir, () => ok());
    const b = new AbraBackend({ stack: 'nodomain', domain: '', stateDir: dir }, { swarm, cli });
    expect(await b.teardown()).toEqual({ problems: [], leftovers: [] });
    expect(abraCalls).toEqual([]);
    expect(apiCalls).toEqual([]);
    expect(calls).toEqual([['teardown']]);
  });

  it('masks what the bot prints through the mask deploy was given, a no-op before that', async () => {
    const { api } = standInApi();
    const { swarm } = standInSwarm(api);
    const abraDir = join(dir, 'abra');
    const { cli } = standInCli(abraDir, (argv) => (argv.includes('--all') ? ok('[{"name": "restic_password", "value": "r1"}]') : ok()));
    const b = new AbraBackend(target(), { swarm, cli, botSwarm: swarm });
    // Before provideSecrets there is no mask: the value goes nowhere, the backup still runs.
    expect(await b.backupTool.backup(new AbortController().signal, () => {})).toBe('');
    const masked: string[] = [];
    await b.provideSecrets([], (v) => masked.push(v));
    const b2 = new AbraBackend(target(), { swarm, cli, botSwarm: swarm });
    await b2.provideSecrets([], (v) => masked.push(v));
    await b2.backupTool.backup(new AbortController().signal, () => {});
    expect(masked).toEqual(['r1']);
  });
});

describe('AbraBackupTool with a stand-in abra', () => {
  const target = { stack: 'app_example_com', domain: 'app.example.com', stateDir: '' };

  function tool(answer: (argv: string[]) => RunResult, converge: unknown = { ok: true, detail: 'ok' }) {
    const abraDir = join(dir, 'abra');
    const { api } = standInApi();
    const { swarm } = standInSwarm(api, 'backups_app_example_com', 'backups.app.example.com');
    (swarm as unknown as { waitConverged: () => Promise<unknown> }).waitConverged = async () => converge;
    const { cli, calls } = standInCli(abraDir, answer);
    const masked: string[] = [];
    const t = new AbraBackupTool({ cli, abraDir, target: { ...target, stateDir: dir }, api, mask: (v) => masked.push(v), swarm });
    return { t, calls, masked, abraDir, swarm };
  }

  it('refuses to restore before this run deployed its bot', async () => {
    const { t, calls } = tool(() => ok());
    await expect(t.restore('abc', new AbortController().signal, () => {})).rejects.toThrow(BackupToolFailed);
    await expect(t.restore('abc', new AbortController().signal, () => {})).rejects.toThrow(/no backup-bot-two was deployed by this run/);
    expect(calls).toEqual([]);
  });

  it('deploys the bot once, and restores the latest backup when no snapshot id is known', async () => {
    const { t, calls } = tool(() => ok('snapshot 0123abcd saved\n'));
    const progress: string[] = [];
    const signal = new AbortController().signal;
    expect(await t.backup(signal, (d) => progress.push(d))).toBe('0123abcd');
    await t.backup(signal, (d) => progress.push(d));
    await t.restore('', signal, (d) => progress.push(d));
    expect(calls.filter((c) => c.startsWith('app deploy'))).toHaveLength(1);
    expect(calls.filter((c) => c.startsWith('app backup create'))).toHaveLength(2);
    expect(progress.filter((p) => p.startsWith('deploying'))).toHaveLength(1);
    expect(progress.at(-1)).toBe('abra app restore (latest)');
  });

  it('stops when `secret generate --all` fails, after masking what it printed', async () => {
    const { t, masked, calls } = tool((argv) =>
      argv.includes('--all') ? failed('FATA no secrets\n', '[{"name": "restic_password", "value": "leaked"}]') : ok(),
    );
    await expect(t.backup(new AbortController().signal, () => {})).rejects.toThrow(
      'deploying backup-bot-two: abra app secret generate --all failed: FATA no secrets',
    );
    expect(masked).toEqual(['leaked']);
    expect(calls.some((c) => c.startsWith('app deploy'))).toBe(false);
  });

  it('says the bot did not start without a service name when the failure names none', async () => {
    const { t } = tool(() => ok(), { ok: false, failure: { kind: 'timeout', service: '', message: 'timed out' } });
    await expect(t.backup(new AbortController().signal, () => {})).rejects.toThrow(/^backup-bot-two did not start: timed out$/);
  });

  it('tears the bot down by hand-removal advice when its secret names cannot be read', async () => {
    const { t, abraDir, calls } = tool(() => ok());
    mkdirSync(join(abraDir, 'servers', 'default'), { recursive: true });
    writeFileSync(join(abraDir, 'servers', 'default', 'backups.app.example.com.env'), 'TYPE=backup-bot-two\n');
    const report = await t.teardown();
    expect(report.leftovers).toEqual([]);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatch(
      /^backup-bot-two secrets: cannot read their names \(.+\); remove the secrets named backups_app_example_com_\* that abra left, by hand$/,
    );
    expect(calls[0]).toBe('app undeploy --no-input backups.app.example.com');
  });
});

describe('removeAbraApp', () => {
  it('names no domain in a problem when the app has none', async () => {
    const { api } = standInApi();
    const { cli } = standInCli(join(dir, 'abra'), (argv) => (argv[1] === 'remove' ? failed('FATA gone wrong\n') : ok()));
    expect(await removeAbraApp(cli, api, '', 'st')).toEqual(['abra app remove: FATA gone wrong']);
  });

  it('stops at a missing abra (every other step would say the same), but goes on past any other error', async () => {
    const { api } = standInApi();
    const missing = standInCli(join(dir, 'abra'), () => {
      throw new UserError('no abra');
    });
    expect(await removeAbraApp(missing.cli, api, 'a.example', 'st')).toEqual(['abra app undeploy: no abra']);
    expect(missing.calls).toHaveLength(1);

    const flaky = standInCli(join(dir, 'abra'), (argv) => {
      if (argv[1] === 'undeploy') throw new Error('spawn E2BIG');
      return ok();
    });
    expect(await removeAbraApp(flaky.cli, api, 'a.example', 'st')).toEqual(['abra app undeploy: spawn E2BIG']);
    expect(flaky.calls).toHaveLength(4);
  });
});

describe('removeLeftoverSecrets', () => {
  it('lists nothing for no names (a filter without names would list every secret)', async () => {
    const { api, calls } = standInApi();
    expect(await removeLeftoverSecrets(api, { names: [] })).toEqual({ problems: [], leftovers: [] });
    expect(calls).toEqual([]);
  });

  it('counts every name as left over when the listing fails', async () => {
    const { api } = standInApi([], { listFails: new Error('daemon down') });
    expect(await removeLeftoverSecrets(api, { names: ['a_x', 'a_y'] })).toEqual({
      problems: ['secret a_x: daemon down', 'secret a_y: daemon down'],
      leftovers: ['secret a_x', 'secret a_y'],
    });
  });

  it('removes exact names only, and names a secret whose removal fails', async () => {
    const listed = [
      { ID: 'id1', Spec: { Name: 'a_x' } },
      { ID: 'id2', Spec: { Name: 'a_x_longer' } },
    ];
    const { api, calls } = standInApi(listed, { deleteFails: new Error('in use') });
    expect(await removeLeftoverSecrets(api, { names: ['a_x'] })).toEqual({
      problems: ['abra left secret a_x behind; cc-ci removed it', 'secret a_x: in use'],
      leftovers: ['secret a_x'],
    });
    expect(calls).toEqual(['list secrets', 'DELETE /secrets/id1']);
  });
});
