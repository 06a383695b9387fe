import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duplex, PassThrough, Readable } from 'node:stream';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { deployedServices, diagnose, execAttached, execIn, runningContainer, scale, serviceLogs } from '../../src/backends/swarm/services';
import { DockerApiError } from '../../src/errors';
import { muxFrame, routedApi, type Route } from '../support/fake-docker-api';

/**
 * services.ts against a fake Engine API: how service specs map to DeployedService, lookups that
 * find nothing, exec races, log ordering and TTY logs, scale retries and refusals, and the
 * autopsy's waits for a stopping container and for a late OOM flag.
 */

const spec = (over: object = {}) => ({
  ID: 'svc1',
  Version: { Index: 7 },
  Spec: { Name: 'st_app', TaskTemplate: { ContainerSpec: { Image: 'img' } }, Mode: { Replicated: { Replicas: 1 } }, ...over },
});
const runningTask = {
  ID: 't1',
  ServiceID: 'svc1',
  CreatedAt: '',
  DesiredState: 'running',
  Status: { State: 'running', ContainerStatus: { ContainerID: 'c1' } },
  Spec: {},
};

afterEach(() => vi.restoreAllMocks());

describe('deployedServices', () => {
  it('keeps foreign names whole, defaults labels, keeps named volumes only, maps modes and unknown networks', async () => {
    const { api } = routedApi((_m, kind) =>
      kind === 'networks'
        ? [{ Id: 'n1', Name: 'proxy' }]
        : [
            {
              ID: 's1',
              Spec: {
                Name: 'other_web',
                TaskTemplate: {
                  ContainerSpec: {
                    Image: 'nginx',
                    Mounts: [
                      { Type: 'bind', Source: '/etc', Target: '/etc' },
                      { Type: 'volume', Target: '/anon' },
                      { Type: 'volume', Source: 'st_data', Target: '/data' },
                    ],
                  },
                  Networks: [{ Target: 'n1' }, { Target: 'gone' }],
                },
                Mode: { Global: {} },
              },
            },
            {
              ID: 's2',
              Spec: { Name: 'st_db', Labels: { a: 'b' }, TaskTemplate: { ContainerSpec: { Image: 'pg' } }, Mode: { Replicated: {} } },
            },
          ],
    );
    expect(await deployedServices(api, 'st')).toEqual([
      {
        name: 'other_web',
        swarmName: 'other_web',
        image: 'nginx',
        labels: {},
        mounts: [{ volume: 'st_data', target: '/data' }],
        replicas: null,
        networks: ['proxy', 'gone'],
      },
      { name: 'db', swarmName: 'st_db', image: 'pg', labels: { a: 'b' }, mounts: [], replicas: 1, networks: [] },
    ]);
  });
});

describe('runningContainer and execIn', () => {
  it('a service that is not there has no running container; other errors are passed on', async () => {
    const gone = routedApi(() => {
      throw new DockerApiError(404, 'service st_app not found');
    });
    expect(await runningContainer(gone.api, 'st_app')).toBeUndefined();
    expect(await execIn(gone.api, 'st_app', ['true'])).toEqual({ code: -1, output: 'no running container of st_app' });
    const broken = routedApi(() => {
      throw new DockerApiError(500, 'daemon broke');
    });
    await expect(runningContainer(broken.api, 'st_app')).rejects.toThrow(/^daemon broke$/);
  });

  it('a container gone or stopped before the exec is "no running container"; other exec errors are passed on', async () => {
    for (const [status, message] of [
      [404, 'No such container: c1'],
      [409, 'container c1 is not running'],
    ] as const) {
      const { api } = routedApi((m) => {
        if (m === 'LIST') return [runningTask];
        throw new DockerApiError(status, message);
      });
      expect(await execIn(api, 'st_app', ['true'])).toEqual({ code: -1, output: `no running container of st_app: ${message}` });
    }
    const { api } = routedApi((m) => {
      if (m === 'LIST') return [runningTask];
      throw new DockerApiError(500, 'exec broke');
    });
    await expect(execIn(api, 'st_app', ['true'])).rejects.toThrow(/^exec broke$/);
  });
});

describe('serviceLogs', () => {
  const logsOf = (tty: boolean, body: Buffer[]) =>
    routedApi((_m, p) =>
      p.endsWith('/logs') ? Readable.from(body) : spec({ TaskTemplate: { ContainerSpec: { Image: 'img', TTY: tty } } }),
    ).api;

  it('puts lines of several tasks in time order, a line without a stamp after the one before it', async () => {
    const api = logsOf(false, [
      muxFrame(1, '2024-01-01T00:00:02.000000000Z b2\n'),
      muxFrame(2, '2024-01-01T00:00:01.000000000Z a1\ncontinued'),
      muxFrame(1, '2024-01-01T00:00:02.000000000Z b3\n'),
      muxFrame(1, '2024-01-01T00:00:03.000000000Z c\n'),
    ]);
    expect(await serviceLogs(api, 'st_app', 10)).toEqual(['a1', 'continued', 'b2', 'b3', 'c']);
  });

  it('reads a TTY service as raw text (no frames)', async () => {
    const api = logsOf(true, [Buffer.from('2024-01-01T00:00:02Z second\n2024-01-01T00:00:01Z first\n')]);
    expect(await serviceLogs(api, 'st_app', 10)).toEqual(['first', 'second']);
  });

  it("fails with the daemon's own error when that is all there is", async () => {
    const api = logsOf(false, [muxFrame(3, 'Error grabbing logs: rpc error\n')]);
    await expect(serviceLogs(api, 'st_app', 10)).rejects.toThrow(/^service logs: Error grabbing logs: rpc error$/);
  });
});

describe('execAttached', () => {
  it('is -1 with no running container', async () => {
    const { api, calls } = routedApi(() => []);
    expect(await execAttached(api, 'st_app', ['sh'])).toBe(-1);
    expect(calls).toEqual(['LIST tasks']);
  });

  it("writes stdout and stderr frames to this process's, and returns the exec's exit code", async () => {
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const socket = new Duplex({ read() {}, write: (_c, _e, cb) => cb() });
    socket.push(muxFrame(1, 'to stdout'));
    socket.push(muxFrame(2, 'to stderr'));
    socket.push(null);
    const { api } = routedApi((m, p) => {
      if (m === 'LIST') return [runningTask];
      if (p.endsWith('/exec')) return { Id: 'x1' };
      if (p.endsWith('/start')) return socket;
      if (p === '/exec/x1/json') return { Running: false, ExitCode: 4 };
      return undefined;
    });
    const code = await execAttached(api, 'st_app', ['sh']);
    const written = (spy: typeof out) => spy.mock.calls.map((c) => String(c[0]));
    expect(written(out)).toContain('to stdout');
    expect(written(err)).toContain('to stderr');
    expect(code).toBe(4);
  });
});

describe('scale', () => {
  it('retries an update out of sequence with the version read again', async () => {
    let updates = 0;
    const { api, calls } = routedApi((m, p) => {
      if (m === 'GET') return spec();
      if (p.endsWith('/update') && ++updates === 1) throw new DockerApiError(500, 'update out of sequence');
      return undefined;
    });
    await scale(api, 'st', { st_app: 2 }, new AbortController().signal);
    expect(calls).toEqual(['GET /services/st_app', 'POST /services/svc1/update', 'GET /services/st_app', 'POST /services/svc1/update']);
  });

  it('reports each service it could not scale: a global one, a refused update', async () => {
    const { api } = routedApi((m, p) => {
      if (p === '/services/st_global') return spec({ Mode: { Global: {} } });
      if (m === 'GET') return spec();
      throw new DockerApiError(400, 'bad spec');
    });
    await expect(scale(api, 'st', { st_global: 1, st_app: 1 }, new AbortController().signal)).rejects.toThrow(
      /^docker service scale failed: st_global: scale can only be used with replicated mode; st_app: bad spec$/,
    );
  });

  it('an abort is passed on as it is, not collected as a failure', async () => {
    const ctrl = new AbortController();
    const stop = new Error('run cancelled');
    const { api } = routedApi(() => {
      ctrl.abort(stop);
      throw stop;
    });
    await expect(scale(api, 'st', { st_app: 0, st_db: 0 }, ctrl.signal)).rejects.toBe(stop);
  });

  it('scaled to 0: waits until none of its containers runs (a container with no service label is not one)', async () => {
    let polls = 0;
    const { api } = routedApi((m, kind) => {
      if (m === 'GET') return spec();
      if (m === 'LIST' && kind === 'containers/json')
        return ++polls === 1 ? [{ Labels: { 'com.docker.swarm.service.name': 'st_app' } }, { Labels: {} }] : [{ Labels: {} }];
      return undefined;
    });
    await scale(api, 'st', { st_app: 0 }, new AbortController().signal);
    expect(polls).toBe(2);
  });
});

describe('scale to 0 on the event stream', () => {
  it('a die event wakes the wait, which lists again until the container no longer counts as running', async () => {
    const source = new PassThrough();
    let lists = 0;
    const { api } = routedApi((m, p) => {
      if (p === '/events') return source;
      if (m === 'GET') return spec();
      if (m === 'LIST' && p === 'containers/json')
        // The daemon's container list shows it stopped a moment after its die event.
        return ++lists <= 3 ? [{ Id: 'c1', Labels: { 'com.docker.swarm.service.name': 'st_app' } }] : [];
      return undefined;
    });
    const debug: string[] = [];
    const t0 = Date.now();
    const scaling = scale(api, 'st', { st_app: 0 }, new AbortController().signal, (m) => debug.push(m));
    await expect.poll(() => lists).toBe(1);
    const die = { Type: 'container', Action: 'die', Actor: { ID: 'c1', Attributes: { name: 'st_app.1.t1' } }, timeNano: 1 };
    source.write(`${JSON.stringify(die)}\n`);
    await scaling;
    expect(Date.now() - t0).toBeLessThan(1000); // not the 2 s look of a quiet stream
    expect(lists).toBe(4);
    expect(debug).toEqual([
      'scale to 0 (st_app): done after 4 looks (1 event, 2 catch-up, 0 deadline, 0 idle, 0 poll); the last one: catch-up',
    ]);
    expect(source.destroyed).toBe(true);
  });
});

describe('diagnose', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cc-ci-diagnose-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const stoppedTask = { ...runningTask, DesiredState: 'shutdown', Status: { State: 'failed', ContainerStatus: { ContainerID: 'c1' } } };
  const logs = (_m: string, p: string) =>
    p.endsWith('/logs') ? Readable.from([muxFrame(1, '2024-01-01T00:00:01Z last words\n')]) : undefined;

  it('reports what it could not read as a problem: the tasks, the logs', async () => {
    const file = join(dir, 'a.log');
    const { api } = routedApi(() => {
      throw new Error('daemon gone');
    });
    expect(await diagnose(api, 'st_app', undefined, file)).toEqual({ problem: 'inspect: daemon gone; service logs: daemon gone' });
  });

  it("reports the daemon's log errors as a problem beside the lines it did get", async () => {
    const file = join(dir, 'b.log');
    const { api } = routedApi((m, p) => {
      if (m === 'LIST') return [];
      if (p.endsWith('/logs'))
        return Readable.from([muxFrame(1, '2024-01-01T00:00:01Z line\n'), muxFrame(3, 'Error grabbing logs: gone\n')]);
      return undefined;
    });
    expect(await diagnose(api, 'st_app', undefined, file)).toEqual({ lines: ['line'], problem: 'service logs: Error grabbing logs: gone' });
    expect(readFileSync(file, 'utf8')).toBe('line\n');
  });

  it('waits for the container of a task already over to stop, then reports its exit code', async () => {
    const states = [
      { State: { Running: true, ExitCode: 0, OOMKilled: false } },
      { State: { Running: false, ExitCode: 1, OOMKilled: false, Health: { Log: [{ Output: ' unhealthy: 503 \n' }] } } },
    ];
    const { api, calls } = routedApi((m, p) => {
      if (m === 'LIST') return [stoppedTask];
      if (p === '/containers/c1/json') return states.shift();
      return logs(m, p);
    });
    const d = await diagnose(api, 'st_app', undefined, join(dir, 'c.log'));
    expect(d).toEqual({ exitCode: 1, oomKilled: false, healthOutput: 'unhealthy: 503', lines: ['last words'] });
    expect(calls.filter((c) => c === 'GET /containers/c1/json')).toHaveLength(2);
  });

  it('stops waiting for a stopping container at the abort signal, or past its deadline', async () => {
    const running = { State: { Running: true, ExitCode: 0, OOMKilled: false } };
    const route: Route = (m, p) => (m === 'LIST' ? [stoppedTask] : p === '/containers/c1/json' ? running : logs(m, p));
    const aborted = await diagnose(routedApi(route).api, 'st_app', 'c1', join(dir, 'd.log'), AbortSignal.abort(new Error('stop')));
    expect(aborted.exitCode).toBeUndefined();
    expect(aborted.oomKilled).toBe(false);

    const now = vi.spyOn(Date, 'now');
    now.mockReturnValueOnce(0).mockReturnValue(60_000);
    const late = routedApi(route);
    const d = await diagnose(late.api, 'st_app', 'c1', join(dir, 'e.log'));
    expect(d.exitCode).toBeUndefined();
    expect(late.calls.filter((c) => c === 'GET /containers/c1/json')).toHaveLength(1);
  });

  it('a SIGKILL exit (137) is read again for a late OOM flag', async () => {
    const killed = { State: { Running: false, ExitCode: 137, OOMKilled: false } };
    const states: unknown[] = [killed, killed, { State: { Running: false, ExitCode: 137, OOMKilled: true } }];
    const { api } = routedApi((m, p) => (m === 'LIST' ? [stoppedTask] : p === '/containers/c1/json' ? states.shift() : logs(m, p)));
    expect(await diagnose(api, 'st_app', undefined, join(dir, 'f.log'))).toMatchObject({ exitCode: 137, oomKilled: true });
    expect(states).toEqual([]);
  });

  it('a SIGKILL exit stays as it was read when the container is gone on the second look, or at once when aborted', async () => {
    const killed = { State: { Running: false, ExitCode: 137, OOMKilled: false } };
    const states: unknown[] = [killed, undefined];
    const gone = routedApi((m, p) => (m === 'LIST' ? [stoppedTask] : p === '/containers/c1/json' ? states.shift() : logs(m, p)));
    expect(await diagnose(gone.api, 'st_app', undefined, join(dir, 'g.log'))).toMatchObject({ exitCode: 137, oomKilled: false });
    const stopped = routedApi((m, p) => (m === 'LIST' ? [stoppedTask] : p === '/containers/c1/json' ? killed : logs(m, p)));
    const d = await diagnose(stopped.api, 'st_app', undefined, join(dir, 'h.log'), AbortSignal.abort());
    expect(d).toMatchObject({ exitCode: 137, oomKilled: false });
    expect(stopped.calls.filter((c) => c === 'GET /containers/c1/json')).toHaveLength(1);
  });
});
