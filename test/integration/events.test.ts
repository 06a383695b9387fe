import type { IncomingMessage } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { DockerApi, type RequestOptions } from '../../src/backends/swarm/docker-api';
import { STACK_LABEL } from '../../src/backends/swarm/labels';
import { teardownStack } from '../../src/backends/swarm/teardown';
import { waitConverged } from '../../src/backends/swarm/wait';

/** A client whose event streams the test can cut, as a daemon restart or a proxy would. */
class CuttableApi extends DockerApi {
  readonly streams: IncomingMessage[] = [];
  override async stream(method: string, path: string, opts?: RequestOptions): Promise<IncomingMessage> {
    const res = await super.stream(method, path, opts);
    this.streams.push(res);
    return res;
  }
}

/**
 * The waits on the real swarm's event stream, with one small service (2 replicas with a
 * healthcheck): convergence is seen on an event, an upgrade still converges when the stream is
 * cut mid-wait (by the polling loop), and teardown completes, woken by destroy events.
 */
describe('event-driven waits (real swarm)', () => {
  const api = new CuttableApi();
  const stack = `cc-ci-events-${process.pid}`;
  const second = 1e9;
  let tornDown = false;

  afterAll(async () => {
    if (!tornDown) await teardownStack(new DockerApi(), stack, { mode: 'poll' });
  });

  it('converges on an event, then by polling once the stream is cut, and tears down on events', async () => {
    const spec = {
      Name: `${stack}_app`,
      Labels: { [STACK_LABEL]: stack },
      TaskTemplate: {
        ContainerSpec: {
          Image: 'cc-ci-fixture/web:1',
          Labels: { [STACK_LABEL]: stack },
          Healthcheck: { Test: ['CMD', 'true'], Interval: second },
          StopGracePeriod: second,
        },
      },
      Mode: { Replicated: { Replicas: 2 } },
      UpdateConfig: { Parallelism: 2, Monitor: second }, // both tasks at once, watched for 1 s, not swarm's 5 s
    };
    const created = await api.call<{ ID: string }>('POST', '/services/create', { body: spec });
    const debug: string[] = [];
    const installed = await waitConverged(api, stack, {
      since: new Date(),
      signal: AbortSignal.timeout(60_000),
      debug: (m) => debug.push(m),
    });
    expect(installed).toEqual({ ok: true, detail: '1/1 services running on their spec image' });
    // The look that saw it converged was woken by an event (or by catching up with one), not by a timer.
    expect(debug).toEqual([
      expect.stringMatching(/^convergence: done after \d+ looks \([1-9]\d* event, .*\); the last one: (event|catch-up)$/),
    ]);
    expect(api.streams[0]!.destroyed).toBe(true); // closed when the wait ended

    // An upgrade (new tasks one by one) whose stream is cut at its first look.
    const current = await api.call<{ Version: { Index: number } }>('GET', `/services/${created!.ID}`);
    const image = { ...spec.TaskTemplate.ContainerSpec, Image: 'cc-ci-fixture/web:2' };
    await api.call('POST', `/services/${created!.ID}/update`, {
      query: { version: current!.Version.Index },
      body: { ...spec, TaskTemplate: { ...spec.TaskTemplate, ContainerSpec: image } },
    });
    debug.length = 0;
    const upgraded = await waitConverged(api, stack, {
      since: new Date(),
      signal: AbortSignal.timeout(60_000),
      debug: (m) => debug.push(m),
      onProgress: () => api.streams[1]?.socket?.destroy(),
    });
    expect(upgraded.ok).toBe(true);
    expect(debug[0]).toMatch(/^event stream (ended|failed \(.*\)): polling every 400 ms for the rest of this wait$/);
    expect(debug[1]).toMatch(/^convergence: done after \d+ looks \(.* [1-9]\d* poll\); the last one: poll$/);

    debug.length = 0;
    const report = await teardownStack(api, stack, { debug: (m) => debug.push(m) });
    tornDown = true;
    expect(report).toEqual({ problems: [], leftovers: [] });
    expect(debug).toContainEqual(
      expect.stringMatching(/^containers gone: done after \d+ looks \([1-9]\d* event, .*\); the last one: event$/),
    );
  });
});
