import type { Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DockerApi, type ServiceInfo, type TaskInfo } from '../../src/backends/swarm/docker-api';
import type { Endpoint } from '../../src/backends/swarm/endpoint';
import { waitConverged } from '../../src/backends/swarm/wait';
import { Interrupted, OpTimeout } from '../../src/errors';
import { fakeDaemon } from '../support/fake-daemon';

/**
 * The convergence wait over a real HTTP event stream from a fake daemon on a unix socket: an event
 * wakes it (not its idle timer), and an abort returns at once and closes the stream's socket, so
 * nothing of the wait is left open in the process.
 */
describe('waitConverged on a fake daemon’s event stream', () => {
  let endpoint: Endpoint;
  let close: () => Promise<void>;
  /** The open /events connections, and when each closed. */
  const streams: { socket: Socket; closed: Promise<void> }[] = [];
  let services: ServiceInfo[] = [];
  let tasks: TaskInfo[] = [];

  const json = (socket: Socket, body: unknown) => {
    const text = JSON.stringify(body);
    socket.end(
      `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`,
    );
  };
  const respond = (socket: Socket, head: string) => {
    const target = /^\w+ (\S+)/.exec(head)?.[1] ?? '';
    const p = target.replace(/^\/v1\.41/, '').replace(/\?.*$/, '');
    if (p === '/events') {
      // As the daemon does: headers flushed at once, then one JSON object per event, chunked.
      socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n');
      streams.push({ socket, closed: new Promise((r) => socket.on('close', () => r())) });
      return;
    }
    if (p === '/services') return json(socket, services);
    if (p === '/tasks') return json(socket, tasks);
    if (p.startsWith('/containers/')) return json(socket, { State: { Health: { Status: 'healthy' } } });
    socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}');
  };
  const sendEvent = (socket: Socket, event: object) => {
    const text = `${JSON.stringify(event)}\n`;
    socket.write(`${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`);
  };

  beforeAll(async () => {
    ({ endpoint, close } = await fakeDaemon(respond));
  });
  afterAll(() => close());

  const task = (state: string): TaskInfo => ({
    ID: 'task1',
    ServiceID: 'svc1',
    CreatedAt: new Date().toISOString(),
    DesiredState: 'running',
    Status: { State: state, Timestamp: new Date().toISOString(), ContainerStatus: { ContainerID: 'c1' } },
    Spec: { ContainerSpec: { Image: 'web:1', Healthcheck: { Test: ['CMD', 'true'] } } },
  });

  beforeEach(() => {
    services = [
      {
        ID: 'svc1',
        Spec: {
          Name: 'st_app',
          TaskTemplate: { ContainerSpec: { Image: 'web:1', Healthcheck: { Test: ['CMD', 'true'] } } },
          Mode: { Replicated: { Replicas: 1 } },
        },
      },
    ];
    tasks = [task('starting')];
  });

  const activeSockets = () => process.getActiveResourcesInfo().filter((r) => r === 'PipeWrap').length;

  /** Starts a wait on a stack still starting; returns once it has looked and its own stream is open. */
  const startWait = async (signal: AbortSignal, debug?: (m: string) => void) => {
    const before = streams.length;
    const progress: string[] = [];
    const waiting = waitConverged(new DockerApi(endpoint), 'st', { since: new Date(), signal, debug, onProgress: (d) => progress.push(d) });
    await expect.poll(() => progress.length > 0 && streams.length > before).toBe(true);
    return { waiting, stream: streams.at(-1)! };
  };

  it('converges on the health_status event, not at its idle look two seconds later', async () => {
    const debug: string[] = [];
    const t0 = Date.now();
    const { waiting, stream } = await startWait(AbortSignal.timeout(10_000), (m) => debug.push(m));
    tasks = [task('running')];
    sendEvent(stream.socket, {
      Type: 'container',
      Action: 'health_status: healthy',
      Actor: { ID: 'c1', Attributes: { name: 'st_app.1.task1', 'com.docker.swarm.task.id': 'task1' } },
      timeNano: Date.now() * 1e6,
    });
    expect(await waiting).toEqual({ ok: true, detail: '1/1 services running on their spec image' });
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(debug).toEqual([expect.stringMatching(/^convergence: done after 2 looks \(1 event, .*\); the last one: event$/)]);
    await stream.closed; // the wait closed its stream
  });

  it('an interrupt (not the op time limit) is thrown as it is, the stream closed', async () => {
    const ctrl = new AbortController();
    const { waiting, stream } = await startWait(ctrl.signal);
    const reason = new Interrupted('SIGINT');
    ctrl.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    await stream.closed;
  });

  it('an abort returns at once and closes the stream: no socket of the wait is left open', async () => {
    const before = activeSockets();
    const ctrl = new AbortController();
    const { waiting, stream } = await startWait(ctrl.signal);
    expect(activeSockets()).toBeGreaterThan(before); // the stream's socket, open while it waits
    const t0 = Date.now();
    ctrl.abort(new OpTimeout(5));
    const r = await waiting;
    expect(Date.now() - t0).toBeLessThan(100);
    expect(r).toMatchObject({ ok: false, failure: { kind: 'timeout', service: 'app' } });
    await stream.closed;
    await expect.poll(() => activeSockets()).toBe(before);
  });
});
