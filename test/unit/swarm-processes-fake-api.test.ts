import { Duplex, Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DockerApi, RequestOptions } from '../../src/backends/swarm/docker-api';
import { demuxQuietly, execCollect, execExitCode, runHelper } from '../../src/backends/swarm/processes';
import { muxFrame } from '../support/fake-docker-api';

/**
 * processes.ts with a fake Engine API: the exit-code poll's deadline, failures that are not a
 * stop (passed on), the helper's sink failing, the daemon's wait answer, the container always
 * removed once created, and the daemon's error frames and broken connections.
 */

/** A hijacked connection that sends `frames` then ends (or fails with `error`); what is written to it is kept. */
function connection(frames: Buffer[], error?: NodeJS.ErrnoException): Duplex & { written: Buffer[] } {
  const written: Buffer[] = [];
  const d = new Duplex({
    read() {},
    write(c: Buffer, _e, cb) {
      written.push(c);
      cb();
    },
  });
  setImmediate(() => {
    for (const f of frames) d.push(f);
    if (error) d.destroy(error);
    else d.push(null);
  });
  return Object.assign(d, { written });
}

interface Call {
  method: string;
  path: string;
  opts?: RequestOptions & { ok404?: boolean };
}

function fakeApi(over: { call?: (c: Call) => unknown; hijack?: () => Promise<Duplex>; get?: () => unknown }) {
  const calls: Call[] = [];
  const api = {
    call: async (method: string, path: string, opts?: Call['opts']) => {
      calls.push({ method, path, opts });
      const r = over.call?.({ method, path, opts });
      if (r !== undefined) return r;
      if (path === '/containers/create') return { Id: 'c1' };
      if (path.endsWith('/exec')) return { Id: 'x1' };
      if (path.endsWith('/wait')) return { StatusCode: 0 };
      return undefined;
    },
    hijack: () => over.hijack!(),
    get: () => Promise.resolve(over.get!()),
  };
  return { api: api as unknown as DockerApi, calls };
}

afterEach(() => vi.restoreAllMocks());

describe('execExitCode', () => {
  it('polls while the exec runs, and past its 5 s gives the code it has, or -1 for none', async () => {
    const answers = [
      { Running: true, ExitCode: null },
      { Running: false, ExitCode: null },
      { Running: true, ExitCode: null },
    ];
    const now = vi.spyOn(Date, 'now');
    now.mockReturnValueOnce(0).mockReturnValueOnce(1_000).mockReturnValueOnce(2_000).mockReturnValue(10_000);
    const { api } = fakeApi({ get: () => answers.shift() });
    expect(await execExitCode(api, 'x1')).toBe(-1);
    expect(answers).toEqual([]);

    now.mockReset();
    now.mockReturnValueOnce(0).mockReturnValue(10_000);
    const still = fakeApi({ get: () => ({ Running: true, ExitCode: 5 }) });
    expect(await execExitCode(still.api, 'x1')).toBe(5);
  });
});

describe('execCollect', () => {
  it('a failed start that is not a stop is passed on', async () => {
    const { api } = fakeApi({ hijack: () => Promise.reject(new Error('no such exec')) });
    await expect(execCollect(api, 'c1', ['true'], { timeoutMs: 5_000 })).rejects.toThrow(/^no such exec$/);
  });
});

describe('runHelper', () => {
  const spec = { image: 'helper', cmd: ['true'], labels: {} };

  it("the daemon's wait error goes to stderr; its error frames are stderr too", async () => {
    const { api } = fakeApi({
      hijack: () => Promise.resolve(connection([muxFrame(1, 'out\n'), muxFrame(3, 'daemon says\n')])),
      call: (c) => (c.path.endsWith('/wait') ? { StatusCode: 1, Error: { Message: 'container not found' } } : undefined),
    });
    expect(await runHelper(api, spec, { timeoutMs: 5_000 })).toEqual({
      code: 1,
      stdout: 'out\n',
      stderr: 'daemon says\ncontainer not found\n',
      killed: false,
    });
  });

  it('creates the helper without a network and without a log', async () => {
    const { api, calls } = fakeApi({ hijack: () => Promise.resolve(connection([])) });
    await runHelper(api, spec, { timeoutMs: 5_000 });
    const create = calls.find((c) => c.path === '/containers/create')!.opts as { body: { HostConfig: Record<string, unknown> } };
    expect(create.body.HostConfig).toMatchObject({ NetworkMode: 'none', LogConfig: { Type: 'none', Config: {} } });
  });

  it('a wait with no answer is exit code -1', async () => {
    const { api } = fakeApi({ hijack: () => Promise.resolve(connection([])), call: (c) => (c.path.endsWith('/wait') ? null : undefined) });
    expect((await runHelper(api, spec, { timeoutMs: 5_000 })).code).toBe(-1);
  });

  it('a broken connection (EPIPE) ends the output quietly: the exit code says how it went', async () => {
    const epipe = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
    const { api } = fakeApi({ hijack: () => Promise.resolve(connection([muxFrame(1, 'partial')], epipe)) });
    expect(await runHelper(api, spec, { timeoutMs: 5_000 })).toEqual({ code: 0, stdout: 'partial', stderr: '', killed: false });
  });

  it('any other connection error is passed on, and the container is still removed', async () => {
    const bad = Object.assign(new Error('socket hung'), { code: 'EOTHER' });
    const { api, calls } = fakeApi({ hijack: () => Promise.resolve(connection([], bad)) });
    await expect(runHelper(api, spec, { timeoutMs: 5_000 })).rejects.toThrow(/^socket hung$/);
    expect(calls.at(-1)).toMatchObject({
      method: 'DELETE',
      path: '/containers/c1',
      opts: { query: { force: true, v: true }, ok404: true },
    });
  });

  it('a create that fails is passed on, the sink is ended, and there is nothing to remove', async () => {
    const sink = new Writable({ write: (_c, _e, cb) => cb() });
    const { api, calls } = fakeApi({
      call: (c) => {
        if (c.path === '/containers/create') throw new Error('no such image');
        return undefined;
      },
    });
    await expect(runHelper(api, spec, { timeoutMs: 5_000, stdout: sink })).rejects.toThrow(/^no such image$/);
    expect(sink.writableEnded).toBe(true);
    expect(calls.map((c) => c.method)).toEqual(['POST']);
  });

  it("the sink's own error is the error, not the connection's", async () => {
    const sink = new Writable({ write: (_c, _e, cb) => cb(new Error('disk full')) });
    const { api, calls } = fakeApi({ hijack: () => Promise.resolve(connection([muxFrame(1, 'tar bytes')])) });
    await expect(runHelper(api, spec, { timeoutMs: 5_000, stdout: sink })).rejects.toThrow(/^disk full$/);
    expect(calls.at(-1)!.method).toBe('DELETE');
  });
});

describe('runHelper and its sink', () => {
  const spec = { image: 'helper', cmd: ['tar', '-cf', '-', '.'], labels: {} };

  it('a sink that failed before the output began (its file could not be opened) is the error, at once', async () => {
    const sink = new Writable({ write: (_c, _e, cb) => cb() });
    sink.destroy(Object.assign(new Error('ENOENT: no such file or directory'), { code: 'ENOENT' }));
    // The attach answers after the sink has reported its failure (as a real daemon's round trip does).
    const { api, calls } = fakeApi({ hijack: () => new Promise((resolve) => setImmediate(() => resolve(connection([])))) });
    await expect(runHelper(api, spec, { timeoutMs: 5_000, stdout: sink })).rejects.toThrow(/^ENOENT: no such file or directory$/);
    expect(calls.at(-1)!.method).toBe('DELETE');
  });

  it('... also when output arrives for it (no wait for a drain that never comes)', async () => {
    const sink = new Writable({ write: (_c, _e, cb) => cb() });
    sink.destroy(new Error('cannot open'));
    const { api } = fakeApi({
      hijack: () => new Promise((resolve) => setImmediate(() => resolve(connection([muxFrame(1, 'tar bytes'), muxFrame(1, 'more')])))),
    });
    const t0 = Date.now();
    await expect(runHelper(api, spec, { timeoutMs: 3_000, stdout: sink })).rejects.toThrow(/^cannot open$/);
    expect(Date.now() - t0).toBeLessThan(1_000);
  });

  it('stopped by the signal: killed, exit code 143, the container removed', async () => {
    const ctrl = new AbortController();
    const { api, calls } = fakeApi({
      hijack: () => {
        const d = new Duplex({ read() {}, write: (_c, _e, cb) => cb() });
        d.push(muxFrame(2, 'working\n'));
        ctrl.signal.addEventListener('abort', () => d.destroy(ctrl.signal.reason as Error));
        setTimeout(() => ctrl.abort(new Error('cancelled')), 20);
        return Promise.resolve(d);
      },
    });
    expect(await runHelper(api, spec, { timeoutMs: 5_000, signal: ctrl.signal })).toEqual({
      code: 143,
      stdout: '',
      stderr: 'working\n',
      killed: true,
    });
    expect(calls.at(-1)).toMatchObject({ method: 'DELETE', path: '/containers/c1' });
  });
});

describe('demuxQuietly', () => {
  it('maps error frames to stderr and treats ECONNRESET as the end', async () => {
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    const got: [number, string][] = [];
    await demuxQuietly(connection([muxFrame(3, 'oops'), muxFrame(1, 'fine')], reset), (t, p) => got.push([t, p.toString()]));
    expect(got).toEqual([
      [2, 'oops'],
      [1, 'fine'],
    ]);
  });
});
