import * as core from '@actions/core';
import { DockerApi } from '../backends/swarm/docker-api';
import { setupSwarm } from '../backends/swarm/setup';
import { initSwarmInput } from '../action/inputs';
import { failStep } from '../action/fail';

// pre: runs before checkout. Gets the Docker host ready (swarm, proxy network, helper image);
// only the test mode deploys anything.
try {
  if ((core.getInput('mode') || 'test') === 'test') await setupSwarm(new DockerApi(), { initSwarm: initSwarmInput(), log: core.info });
} catch (e) {
  failStep(e);
}
