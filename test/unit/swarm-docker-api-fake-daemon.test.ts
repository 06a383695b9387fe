import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerApi, drainMessages } from '../../src/backends/swarm/docker-api';
import type { Endpoint } from '../../src/backends/swarm/endpoint';
import { DockerApiError } from '../../src/errors';
import { fakeDaemon } from '../support/fake-daemon';

/**
 * The Engine API client against a fake daemon on a unix socket: raw HTTP answers chosen per path,
 * so the error statuses, refused upgrades, early data after an upgrade, resets and silence the real
 * daemon rarely gives are each seen once.
 */
describe('DockerApi against a fake daemon', () => {
  const seen: { path: string; headers: string }[] = [];
  let endpoint: Endpoint;
  let close: () => Promise<void>;

  const answer = (status: string, body: string, extra = '') =>
    `HTTP/1.1 ${status}\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n${extra}\r\n${body}`;

  const respond = (socket: Socket, head: string) => {
    const target = /^\w+ (\S+)/.exec(head)?.[1] ?? '';
    seen.push({ path: target, headers: head });
    const p = target.replace(/^\/v1\.41/, '').replace(/\?.*$/, '');
    if (p === '/stream-error') return socket.end(answer('500 Internal Server Error', '{"message":"no such image "}'));
    if (p === '/plain-error') return socket.end(answer('502 Bad Gateway', '{"other":1}'));
    if (p === '/no-upgrade') return socket.end(answer('200 OK', 'fine'));
    if (p === '/refused-upgrade') return socket.end(answer('404 Not Found', '{"message":"no such exec"}'));
    if (p === '/upgrade-with-head')
      // The 101 and the first bytes of the hijacked stream in one write: they arrive as `head`.
      return socket.write('HTTP/1.1 101 UPGRADED\r\nconnection: Upgrade\r\nupgrade: tcp\r\n\r\nearly bytes', () => socket.end());
    if (p === '/reset') return socket.destroy();
    if (p === '/silent') return; // never answers
    if (p === '/open-stream') return socket.write('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n'); // answers, then nothing
    if (p === '/echo-type') return socket.end(answer('200 OK', JSON.stringify({ type: /content-type: (.*)\r\n/i.exec(head)?.[1] })));
    return socket.end(answer('404 Not Found', '{"message":"unknown"}'));
  };

  beforeAll(async () => {
    ({ endpoint, close } = await fakeDaemon(respond));
  });
  afterAll(() => close()); // the silent one too

  const api = () => new DockerApi(endpoint);

  it('stream: an error status is read whole and thrown with the daemon message, trimmed', async () => {
    const e = await api()
      .stream('GET', '/stream-error')
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DockerApiError);
    expect((e as DockerApiError).status).toBe(500);
    expect((e as DockerApiError).message).toBe('no such image');
  });

  it('an error body that is JSON without a message is itself the message', async () => {
    const e = await api()
      .call('GET', '/plain-error')
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DockerApiError);
    expect((e as DockerApiError).status).toBe(502);
    expect((e as DockerApiError).message).toBe('{"other":1}');
  });

  it('hijack: a plain 200 instead of an upgrade is an error naming the status', async () => {
    const e = await api()
      .hijack('POST', '/no-upgrade')
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DockerApiError);
    expect((e as DockerApiError).message).toBe('docker API POST /no-upgrade: expected a connection upgrade, got status 200');
    expect(seen.find((s) => s.path.endsWith('/no-upgrade'))!.headers).toMatch(/upgrade: tcp/i);
  });

  it('hijack: an error status instead of an upgrade is the daemon error', async () => {
    const e = await api()
      .hijack('POST', '/refused-upgrade')
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DockerApiError);
    expect((e as DockerApiError).status).toBe(404);
    expect((e as DockerApiError).message).toBe('no such exec');
  });

  it('hijack: bytes sent with the 101 are the first bytes read from the socket', async () => {
    const socket = await api().hijack('POST', '/upgrade-with-head');
    const chunks: Buffer[] = [];
    for await (const c of socket) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('early bytes');
  });

  it('an input without a content type is sent as application/octet-stream', async () => {
    const r = await api().call<{ type: string }>('POST', '/echo-type', { input: Readable.from([Buffer.from('data')]) });
    expect(r).toEqual({ type: 'application/octet-stream' });
  });

  it('a query leaves out undefined values and repeats array values', async () => {
    await api().call('GET', '/echo-type', { query: { skipped: undefined, all: ['a b', 'c'], n: 2 } });
    expect(seen.at(-1)!.path).toBe('/v1.41/echo-type?all=a%20b&all=c&n=2');
  });

  it('an already aborted signal rejects before anything is sent, with its reason or "aborted"', async () => {
    const before = seen.length;
    const reason = new Error('stop now');
    await expect(api().call('GET', '/echo-type', { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    await expect(api().call('GET', '/echo-type', { signal: AbortSignal.abort('not an error') })).rejects.toThrow(/^aborted$/);
    expect(seen.length).toBe(before);
  });

  it('a connection reset before any answer is an unreachable daemon, naming the endpoint', async () => {
    const e = await api()
      .call('GET', '/reset')
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DockerApiError);
    expect((e as DockerApiError).status).toBe(0);
    expect((e as Error).message).toMatch(new RegExp(`^cannot reach the Docker daemon at unix://.*docker\\.sock \\(from the test\\): `));
  });

  it('silence longer than idleMs is a timeout error passed as it is (not "cannot reach")', async () => {
    const e = await api()
      .call('GET', '/silent', { idleMs: 100 })
      .catch((x: unknown) => x);
    expect(e).not.toBeInstanceOf(DockerApiError);
    expect((e as Error).message).toBe('docker API GET /silent timed out');
  });

  it('idleMs 0 is no idle limit at all: not even the 5 s Node’s global agent gives a socket (Node 19+)', async () => {
    const ctrl = new AbortController();
    const res = await api().stream('GET', '/open-stream', { idleMs: 0, signal: ctrl.signal });
    expect(res.socket.timeout).toBe(0);
    const other = await api().stream('GET', '/open-stream', { idleMs: 700, signal: ctrl.signal });
    expect(other.socket.timeout).toBe(700);
    ctrl.abort(new Error('done'));
  });
});

describe('drainMessages', () => {
  const lines = (...l: string[]) => Readable.from(l.map((x) => Buffer.from(x)));

  it('reads a stream with no error to its end', async () => {
    await expect(drainMessages(lines('{"status":"Pulling"}\n', 'not json\n', '\n{"status":"done"}'))).resolves.toBeUndefined();
  });

  it('throws the first error message, errorDetail first, even when split across chunks', async () => {
    const e = await drainMessages(
      lines('{"status":"x"}\n{"error":"short",', '"errorDetail":{"message":"detailed"}}\n{"error":"later"}'),
    ).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DockerApiError);
    expect((e as DockerApiError).message).toBe('detailed');
  });

  it('throws `error` when there is no errorDetail message, also on a last line with no newline', async () => {
    await expect(drainMessages(lines('{"status":"x"}\n{"error":"boom","errorDetail":{}}'))).rejects.toThrow(/^boom$/);
    await expect(drainMessages(lines('{"errorDetail":{"message":"only detail"}}\n'))).rejects.toThrow(/^only detail$/);
  });
});
