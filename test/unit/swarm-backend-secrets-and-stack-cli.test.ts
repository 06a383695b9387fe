import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { DockerApi } from '../../src/backends/swarm/docker-api';

/**
 * The swarm backend's secrets and deploy file list with its Engine API and `docker stack deploy`
 * faked, and stack.ts's docker CLI calls with the CLI faked: an old CLI without --detach, a
 * refusal that printed nothing, and a `stack rm` that fails.
 */
const mocks = vi.hoisted(() => ({ run: vi.fn(), deploy: vi.fn() }));
vi.mock('../../src/util/exec', async (orig) => ({ ...(await orig<typeof import('../../src/util/exec')>()), run: mocks.run }));
vi.mock('../../src/backends/swarm/stack-env', () => ({
  stackClient: () => ({ flags: ['--host', 'unix:///fake.sock'], env: {} }),
  writeIsolated: (_dir: string, files: string[]) => ({ files, shown: (s: string) => s, remove: () => {} }),
}));

afterEach(() => {
  mocks.run.mockReset();
  mocks.deploy.mockReset();
  vi.doUnmock('../../src/backends/swarm/stack');
  vi.resetModules();
});

describe('stack.ts with a fake docker CLI', () => {
  it('an old docker CLI (no --detach in its help) deploys without the flag', async () => {
    const { stackDeploy } = await import('../../src/backends/swarm/stack');
    mocks.run.mockImplementation((_cmd: string, args: string[]) =>
      Promise.resolve(
        args.includes('--help')
          ? { code: 0, stdout: 'Usage: docker stack deploy [OPTIONS] STACK\n', stderr: '' }
          : { code: 0, stdout: 'Creating service st_app\n', stderr: '' },
      ),
    );
    const r = await stackDeploy({ stack: 'st', dir: '/recipe', composeFiles: ['compose.yml'], env: {} });
    expect(r.code).toBe(0);
    expect(mocks.run.mock.calls.at(-1)![1]).toEqual([
      '--host',
      'unix:///fake.sock',
      'stack',
      'deploy',
      '--resolve-image',
      'never',
      '-c',
      'compose.yml',
      'st',
    ]);
  });

  it('a refusal that printed nothing but progress is its exit code', async () => {
    const { refusal } = await import('../../src/backends/swarm/stack');
    expect(refusal({ code: 1, stdout: 'Creating network st_default\n', stderr: '\n' } as never)).toBe('exit code 1');
  });

  it('stack rm: a failure is its first error line; "nothing found" is not a failure', async () => {
    const { stackRm } = await import('../../src/backends/swarm/stack');
    mocks.run.mockResolvedValueOnce({ code: 1, stdout: '', stderr: 'Error response from daemon: rpc error: code = Unavailable\n' });
    expect(await stackRm('st')).toBe('Error response from daemon: rpc error: code = Unavailable');
    mocks.run.mockResolvedValueOnce({ code: 1, stdout: '', stderr: 'Nothing found in stack: st\n' });
    expect(await stackRm('st')).toBeUndefined();
  });
});

describe('SwarmBackend', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cc-ci-swarm-backend-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  type Errors = typeof import('../../src/errors');
  const backendWith = async (call: (errors: Errors) => unknown) => {
    vi.doMock('../../src/backends/swarm/stack', () => ({ stackDeploy: mocks.deploy, refusal: () => 'refused' }));
    const { SwarmBackend } = await import('../../src/backends/swarm/swarm-backend');
    const errors = await import('../../src/errors'); // the module instance the backend sees
    const api = { call: async () => call(errors) } as unknown as DockerApi;
    return { backend: new SwarmBackend({ stack: 'st', domain: 'st.example', stateDir: dir }, api), errors };
  };
  const secret = { name: 'st_db_password_v1', length: 32 } as never;

  it('a secret that already exists is refused: another app uses the domain', async () => {
    const { backend, errors } = await backendWith((e) => {
      throw new e.DockerApiError(409, 'secret exists');
    });
    const e = await backend.provideSecrets([secret], () => {}).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(errors.DeployRejected);
    expect((e as Error).message).toBe('secret st_db_password_v1 already exists; another app uses this domain, pick another --domain');
  });

  it('any other failure to create a secret is passed on, and the value is masked first', async () => {
    const masked: string[] = [];
    const { backend } = await backendWith(() => {
      throw new Error('daemon broke');
    });
    await expect(backend.provideSecrets([secret], (v) => masked.push(v))).rejects.toThrow(/^daemon broke$/);
    expect(masked).toHaveLength(1);
    expect(masked[0]!.length).toBeGreaterThan(0);
  });

  it('deploys the compose files alone when there is no app env to expose', async () => {
    const { backend } = await backendWith(() => undefined);
    mocks.deploy.mockResolvedValue({ code: 0, stdout: '', stderr: '' });
    await backend.deploy({ dir: '/recipe', composeFiles: ['compose.yml'], env: {}, exposedEnv: {} } as never, new AbortController().signal);
    expect(mocks.deploy.mock.calls[0]![0]).toMatchObject({ stack: 'st', composeFiles: ['compose.yml'] });
  });
});
