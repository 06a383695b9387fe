import { describe, expect, it } from 'vitest';
import { setupSwarm } from '../../src/backends/swarm/setup';
import { DockerApiError, UserError } from '../../src/errors';
import { routedApi, type Route } from '../support/fake-docker-api';

/** setupSwarm against a fake Engine API: no daemon, no swarm (refused or initialised), a worker, no proxy network. */
const info = (LocalNodeState: string, ControlAvailable: boolean) => ({ Swarm: { LocalNodeState, ControlAvailable }, ServerVersion: '24' });
/** Everything there: the proxy network and the helper image. */
const ready = (m: string, p: string) =>
  m === 'LIST' ? [{ Name: 'proxy', Driver: 'overlay' }] : p.startsWith('/images/') ? { Id: 'img' } : undefined;

describe('setupSwarm', () => {
  it('an unreachable daemon is a UserError that says how to start one; other errors pass as they are', async () => {
    const down = routedApi(() => {
      throw new DockerApiError(0, 'cannot reach the Docker daemon at unix:///x.sock');
    });
    const e = await setupSwarm(down.api, { initSwarm: false, log: () => {} }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UserError);
    expect((e as Error).message).toMatch(/^cannot reach the Docker daemon at unix:\/\/\/x\.sock; start dockerd /);
    const odd = new TypeError('bad');
    await expect(
      setupSwarm(
        routedApi(() => {
          throw odd;
        }).api,
        { initSwarm: false, log: () => {} },
      ),
    ).rejects.toBe(odd);
  });

  it('no swarm: refused unless asked to init one, then initialised on 127.0.0.1', async () => {
    const route: Route = (m, p) => (p === '/info' ? info('inactive', false) : ready(m, p));
    await expect(setupSwarm(routedApi(route).api, { initSwarm: false, log: () => {} })).rejects.toThrow(
      /is not a swarm manager; run `docker swarm init/,
    );
    const log: string[] = [];
    const { api, calls } = routedApi(route);
    await setupSwarm(api, { initSwarm: true, log: (m) => log.push(m) });
    expect(calls).toContain('POST /swarm/init');
    expect(log).toEqual(['initialised a single-node swarm on 127.0.0.1']);
  });

  it('a worker node is refused', async () => {
    const { api } = routedApi((m, p) => (p === '/info' ? info('active', false) : ready(m, p)));
    await expect(setupSwarm(api, { initSwarm: true, log: () => {} })).rejects.toThrow(
      /^this Docker host is a swarm worker; cc-ci needs a manager node/,
    );
  });

  it('creates the attachable proxy network when it is missing, and only then', async () => {
    const log: string[] = [];
    const missing = routedApi((m, p) => (p === '/info' ? info('active', true) : m === 'LIST' ? [{ Name: 'proxy-other' }] : ready(m, p)));
    await setupSwarm(missing.api, { initSwarm: false, log: (m) => log.push(m) });
    expect(missing.calls).toContain('POST /networks/create');
    expect(log).toEqual(['created the attachable overlay network "proxy"']);
    const there = routedApi((m, p) => (p === '/info' ? info('active', true) : ready(m, p)));
    await setupSwarm(there.api, { initSwarm: false, log: (m) => log.push(m) });
    expect(there.calls).not.toContain('POST /networks/create');
  });
});
