import * as core from '@actions/core';
import { backendKind } from '../backends/registry';
import { mode, stateRoot, testInputs } from '../action/inputs';
import { DEFAULT_STALE_SECONDS, reapLines, reapRuns } from '../engine/reap';
import { failStep } from '../action/fail';

// pre: runs before checkout. Gets the Docker host ready for the chosen backend (swarm, proxy
// network, helper image; abra on PATH); only the test mode deploys anything.
try {
  if (mode() === 'test') {
    const { backend, initSwarm } = testInputs();
    const kind = backendKind(backend, 'input backend');
    await kind.setupHost({ initSwarm, log: core.info });
    // A shared runner keeps what killed runs left: remove it before this run adds its own.
    const outcomes = await reapRuns(kind.runs(), {
      staleSeconds: DEFAULT_STALE_SECONDS,
      kindOf: (name) => backendKind(name, 'a run record'),
      stateRoot: stateRoot(),
    });
    for (const line of reapLines(outcomes)) core.info(`cc-ci: ${line}`);
  }
} catch (e) {
  failStep(e);
}
