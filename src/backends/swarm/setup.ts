import type { HostSetupOptions } from '../backend';
import type { DockerApi } from './docker-api';
import { ensureHelperImage } from './helper-image';

import { PROXY_NETWORK } from '../../traefik';
import { DockerApiError, UserError } from '../../errors';

/**
 * Makes the Docker host ready for a run: a reachable engine, an active swarm, the external
 * attachable `proxy` overlay network recipes join, and the helper image. Idempotent and cheap.
 */
export async function setupSwarm(api: DockerApi, opts: HostSetupOptions): Promise<void> {
  let info: { Swarm: { LocalNodeState: string; ControlAvailable: boolean }; ServerVersion: string };
  try {
    info = await api.get('/info');
  } catch (e) {
    // A refused endpoint (endpoint.ts) is already a UserError naming it, and passes as it is.
    if (e instanceof DockerApiError)
      throw new UserError(
        `${e.message}; start dockerd (scripts/testbed.sh does it on Debian), or point DOCKER_HOST or the docker context at a running daemon (docs/docker-endpoint.md)`,
      );
    throw e;
  }
  if (info.Swarm.LocalNodeState !== 'active') {
    if (!opts.initSwarm) {
      throw new UserError(
        'this Docker host is not a swarm manager; run `docker swarm init --advertise-addr 127.0.0.1` or set the input init-swarm: true',
      );
    }
    await api.call('POST', '/swarm/init', { body: { ListenAddr: '127.0.0.1:2377', AdvertiseAddr: '127.0.0.1' } });
    opts.log('initialised a single-node swarm on 127.0.0.1');
  } else if (!info.Swarm.ControlAvailable) {
    throw new UserError('this Docker host is a swarm worker; cc-ci needs a manager node to deploy stacks');
  }
  const nets = await api.list<{ Name: string; Driver: string }>('networks', { name: [PROXY_NETWORK] });
  if (!nets.some((n) => n.Name === PROXY_NETWORK)) {
    await api.call('POST', '/networks/create', {
      body: { Name: PROXY_NETWORK, Driver: 'overlay', Attachable: true, CheckDuplicate: true },
    });
    opts.log(`created the attachable overlay network "${PROXY_NETWORK}"`);
  }
  await ensureHelperImage(opts.log, api);
}
