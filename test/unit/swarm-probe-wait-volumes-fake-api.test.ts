import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProcessResult } from '../../src/backends/swarm/processes';
import { Prober } from '../../src/backends/swarm/probe';
import { Volumes } from '../../src/backends/swarm/volumes';
import { waitConverged } from '../../src/backends/swarm/wait';
import { DockerApiError, OpTimeout } from '../../src/errors';
import { routedApi } from '../support/fake-docker-api';

/**
 * The prober, the convergence wait and volume access with their Docker side faked: a probe
 * container that cannot start (and is tried again), an exchange that fails, a converged stack
 * with an unhealthy container until the op's time runs out, and helper containers that fail.
 */
const mocks = vi.hoisted(() => ({
  exchange: vi.fn(),
  assess: vi.fn(),
  helper: vi.fn(),
}));
vi.mock('../../src/backends/swarm/tunnel', () => ({ exchangeThrough: mocks.exchange }));
vi.mock('../../src/backends/swarm/converge', () => ({ assess: mocks.assess }));
vi.mock('../../src/backends/swarm/processes', async (orig) => ({
  ...(await orig<typeof import('../../src/backends/swarm/processes')>()),
  runHelper: mocks.helper,
}));

afterEach(() => {
  mocks.exchange.mockReset();
  mocks.assess.mockReset();
  mocks.helper.mockReset();
});

describe('Prober', () => {
  const target = { service: 'st_app', port: 80, exchange: { method: 'GET', path: '/', headers: {}, scheme: 'http' } } as never;

  it('a probe container that cannot be created is an error, and the next exchange tries again', async () => {
    let creates = 0;
    const { api } = routedApi((_m, p) => {
      if (p === '/containers/create' && ++creates === 1) throw new DockerApiError(404, 'No such image: cc-ci/helper:1');
      return undefined;
    });
    const prober = new Prober('st', api);
    await expect(prober.http(target)).rejects.toThrow(/^could not start the probe container: No such image: cc-ci\/helper:1$/);
    mocks.exchange.mockResolvedValue({ status: 200, headers: {}, body: 'ok' });
    expect(await prober.http(target)).toEqual({ status: 200, headers: {}, body: 'ok' });
    expect(creates).toBe(2);
  });

  it("an exchange that fails other than by an unresolvable name is that failure's message", async () => {
    const { api } = routedApi(() => undefined);
    mocks.exchange.mockRejectedValue(new Error('nc: connection refused'));
    expect(await new Prober('st', api).http(target)).toEqual({ error: 'nc: connection refused' });
  });
});

describe('waitConverged', () => {
  const services = [{ ID: 's1', Spec: { Name: 'st_app' } }];
  const task = (ServiceID: string) => ({
    ID: 't',
    ServiceID,
    DesiredState: 'running',
    Status: { State: 'running', ContainerStatus: { ContainerID: 'c0123456789abcdef' } },
  });

  it('converged but with an unhealthy container is not converged: at the time limit, a timeout naming the service', async () => {
    mocks.assess.mockReturnValue({ state: 'converged', detail: 'all running' });
    const ctrl = new AbortController();
    const progress: string[] = [];
    const { api } = routedApi((m, kind) =>
      m === 'LIST' ? (kind === 'services' ? services : [task('s1')]) : { State: { Health: { Status: 'unhealthy' } } },
    );
    const r = await waitConverged(api, 'st', {
      since: new Date(),
      signal: ctrl.signal,
      pollMs: 1,
      onProgress: (d) => {
        progress.push(d);
        ctrl.abort(new OpTimeout(5));
      },
    });
    expect(progress).toEqual(['app running, but container c0123456789a is unhealthy']);
    expect(r).toEqual({
      ok: false,
      failure: {
        kind: 'timeout',
        service: 'app',
        message: 'timed out after 5s waiting for convergence: app running, but container c0123456789a is unhealthy',
      },
    });
  });

  it('a container of a service it does not know is "a service", and then no service is named', async () => {
    mocks.assess.mockReturnValue({ state: 'converged', detail: 'all running' });
    const ctrl = new AbortController();
    const { api } = routedApi((m, kind) =>
      m === 'LIST' ? (kind === 'services' ? services : [task('unknown')]) : { State: { Health: { Status: 'starting' } } },
    );
    const r = await waitConverged(api, 'st', {
      since: new Date(),
      signal: ctrl.signal,
      pollMs: 1,
      onProgress: () => ctrl.abort(new OpTimeout(5)),
    });
    expect(r).toEqual({
      ok: false,
      failure: {
        kind: 'timeout',
        service: '',
        message: 'timed out after 5s waiting for convergence: a service running, but container c0123456789a is starting',
      },
    });
  });

  it('healthy (or gone) containers of a converged stack: converged', async () => {
    mocks.assess.mockReturnValue({ state: 'converged', detail: 'all running' });
    let n = 0;
    const { api } = routedApi((m, kind) =>
      m === 'LIST'
        ? kind === 'services'
          ? services
          : [task('s1'), task('s1')]
        : ++n === 1
          ? { State: { Health: { Status: 'healthy' } } }
          : undefined,
    );
    expect(await waitConverged(api, 'st', { since: new Date(), signal: new AbortController().signal })).toEqual({
      ok: true,
      detail: 'all running',
    });
  });
});

describe('Volumes with failing helpers', () => {
  const result = (over: Partial<ProcessResult>): ProcessResult => ({ code: 0, stdout: '', stderr: '', killed: false, ...over });
  const volumes = () => new Volumes('st', routedApi(() => undefined).api);

  it('a snapshot over the limit says the volume holds too much', async () => {
    mocks.helper.mockResolvedValue(result({ code: 143, overflowed: true }));
    await expect(volumes().snapshot('st_data', null, '/tmp/none.tar')).rejects.toThrow(
      /^volume st_data holds more than 2 GiB, more than cc-ci snapshots;/,
    );
  });

  it('a snapshot that fails otherwise is reported with its first error line', async () => {
    mocks.helper.mockResolvedValue(result({ code: 2, stderr: 'tar: read error: I/O error\n' }));
    await expect(volumes().snapshot('st_data', ['a'], '/tmp/none.tar')).rejects.toThrow(
      /^capturing volume st_data failed: tar: read error: I\/O error$/,
    );
  });

  it('a failed restore is reported', async () => {
    mocks.helper.mockResolvedValue(result({ code: 1, stderr: 'tar: invalid tar magic\n' }));
    await expect(volumes().restore('st_data', null, '/tmp/none.tar')).rejects.toThrow(
      /^restoring volume st_data failed: tar: invalid tar magic$/,
    );
  });

  it('an inspection that answers neither dir, file nor missing is an error', async () => {
    mocks.helper.mockResolvedValue(result({ code: 126, stderr: 'exec: "sh": permission denied\n' }));
    await expect(volumes().kind('st_data', 'x')).rejects.toThrow(/^inspecting st_data:x failed: exec: "sh": permission denied$/);
  });

  it('a failed write is reported', async () => {
    mocks.helper.mockResolvedValue(result({ code: 1, stderr: "sh: can't create ./ro/f: Read-only file system\n" }));
    await expect(volumes().write('st_data', 'ro/f', 'x', true)).rejects.toThrow(/^writing st_data:ro\/f failed: sh: can't create/);
    expect(mocks.helper.mock.calls[0]![1].cmd[2]).toContain('>> "$1"');
  });
});
