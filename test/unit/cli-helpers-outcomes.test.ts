import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppTarget, BackendKind, DeployedService } from '../../src/backends/backend';
import { UserError } from '../../src/errors';
import { FakeBackend, type FakeScript } from '../support/fake-backend';
import { app as traefikApp } from '../support/traefik-app';

// The helpers find their backend through the registry; here it hands out a fake app whose
// deployed services the test sets, so no Docker is needed.
const reg = vi.hoisted(
  (): { calls: { name: string; where?: string; target?: unknown }[]; script: FakeScript; services: DeployedService[] } => ({
    calls: [],
    script: {},
    services: [],
  }),
);
vi.mock('../../src/backends/registry', () => ({
  backendKind: (name: string, where?: string): BackendKind => {
    const call: (typeof reg.calls)[number] = { name, where };
    reg.calls.push(call);
    return {
      name: 'swarm',
      setupHost: async () => {},
      runs: () => {
        throw new Error('the helpers never touch run records');
      },
      forApp: (target: AppTarget) => {
        call.target = target;
        const b = new FakeBackend(target, reg.script, []);
        b.deployed = reg.services;
        return b;
      },
    };
  },
}));

const { helperExec, helperHttp, helperLogs } = await import('../../src/cli/helpers');

const STACK = 'app_ci_local';
/** The `app` service of a Co-op Cloud style app, routed by traefik for app.ci.local. */
const routed = (labels = traefikApp({}).labels): DeployedService => ({
  name: 'app',
  swarmName: `${STACK}_app`,
  image: 'app:1',
  labels,
  mounts: [],
  replicas: 1,
  networks: ['proxy', `${STACK}_internal`],
});

let out = '';
let err = '';

beforeEach(() => {
  reg.calls = [];
  reg.script = {};
  reg.services = [routed()];
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((out += String(c)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((err += String(c)), true));
  vi.stubEnv('CCCI_STACK', STACK);
  vi.stubEnv('CCCI_DOMAIN', 'app.ci.local');
  vi.stubEnv('CCCI_BACKEND', undefined);
  vi.stubEnv('CCCI_STATE_DIR', undefined);
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('the app a helper runs against', () => {
  it('without CCCI_BACKEND and CCCI_STATE_DIR: the swarm backend, no state dir, the default config', async () => {
    expect(await helperHttp('/', {})).toBe(0);
    expect(reg.calls).toEqual([{ name: 'swarm', where: 'CCCI_BACKEND', target: { stack: STACK, domain: 'app.ci.local', stateDir: '' } }]);
  });

  it('a state dir without a saved run config is the default config too', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'cc-ci-helper-'));
    vi.stubEnv('CCCI_STATE_DIR', stateDir);
    vi.stubEnv('CCCI_BACKEND', 'swarm');
    expect(await helperHttp('/', {})).toBe(0);
    expect(reg.calls[0]?.target).toEqual({ stack: STACK, domain: 'app.ci.local', stateDir });
    expect(out).toBe('HTTP 200\nok\n');
  });

  it('the saved run config is read and validated', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'cc-ci-helper-'));
    vi.stubEnv('CCCI_STATE_DIR', stateDir);
    writeFileSync(join(stateDir, 'config.json'), JSON.stringify({ traefik: { version: 'v9' } }));
    await expect(helperHttp('/', {})).rejects.toThrow(/traefik[\s\S]*version/);
    writeFileSync(join(stateDir, 'config.json'), JSON.stringify({ traefik: { version: 'v2' } }));
    expect(await helperHttp('/', {})).toBe(0);
  });

  it('outside a hook or test it says so', async () => {
    vi.stubEnv('CCCI_DOMAIN', undefined);
    await expect(helperLogs('app', 5)).rejects.toThrow(
      'this helper runs inside a cc-ci hook or test (CCCI_STACK and CCCI_DOMAIN are not set)',
    );
  });
});

describe('cc-ci exec', () => {
  it("returns the command's exit code", async () => {
    reg.script = { exec: () => ({ code: 3, output: '' }) } satisfies FakeScript;
    expect(await helperExec('app', ['false'])).toBe(3);
  });

  it('a service with no running container is a user error naming the service and stack', async () => {
    const run = helperExec('db', ['true']);
    await expect(run).rejects.toBeInstanceOf(UserError);
    await expect(run).rejects.toThrow(`service db has no running container in stack ${STACK}`);
  });
});

describe('cc-ci logs', () => {
  it('prints the last lines, one per line', async () => {
    reg.script = { logs: ['one', 'two', 'three'] } satisfies FakeScript;
    expect(await helperLogs('app', 2)).toBe(0);
    expect(out).toBe('two\nthree\n');
  });
});

describe('cc-ci http', () => {
  it('a body that ends with a newline is printed as it is', async () => {
    reg.script = { http: () => ({ status: 200, headers: {}, body: 'hello\n' }) } satisfies FakeScript;
    expect(await helperHttp('/', {})).toBe(0);
    expect(out).toBe('HTTP 200\nhello\n');
    expect(err).toBe('');
  });

  it('a status other than --expect prints the answer, says why on stderr and exits 1', async () => {
    expect(await helperHttp('/', { expect: 201 })).toBe(1);
    expect(out).toBe('HTTP 200\nok\n');
    expect(err).toMatch(/^cc-ci http: .+: 200\n$/);
  });

  it('no answer at all (the request failed) prints no status, only the error, and exits 1', async () => {
    reg.script = { http: () => ({ error: 'connection refused' }) } satisfies FakeScript;
    expect(await helperHttp('/', {})).toBe(1);
    expect(out).toBe('');
    expect(err).toMatch(/^cc-ci http: .+: connection refused\n$/);
  });

  it('a body that does not match --body exits 1', async () => {
    expect(await helperHttp('/', { body: '^welcome' })).toBe(1);
    expect(err).toContain('but the body does not match /^welcome/');
  });

  it('--service naming a service with no router is a user error', async () => {
    await expect(helperHttp('/', { service: 'db' })).rejects.toThrow(
      'probe.service db has no traefik router (traefik.enable=true and a router rule)',
    );
  });

  it('an app with no HTTP router at all is a user error', async () => {
    reg.services = [routed({})];
    const run = helperHttp('/', {});
    await expect(run).rejects.toBeInstanceOf(UserError);
    await expect(run).rejects.toThrow('the app declares no HTTP router (traefik.enable=true and a router rule) to send the request to');
  });
});
