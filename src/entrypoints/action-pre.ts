import * as core from '@actions/core';
import { backendKind } from '../backends/registry';
import { mode, testInputs } from '../action/inputs';
import { failStep } from '../action/fail';

// pre: runs before checkout. Gets the Docker host ready for the chosen backend (swarm, proxy
// network, helper image; abra on PATH); only the test mode deploys anything.
try {
  if (mode() === 'test') {
    const { backend, initSwarm } = testInputs();
    await backendKind(backend, 'input backend').setupHost({ initSwarm, log: core.info });
  }
} catch (e) {
  failStep(e);
}
