import { backendKind } from '../../../src/backends/registry';
import { dockerLeftovers } from '../../support/cli';
import type { ContractHarness } from '../scenarios';

/** The swarm backend on this machine's real swarm (the test bed). */
export const swarmHarness: ContractHarness = {
  name: 'swarm',
  kindFor: () => backendKind('swarm'),
  leftovers: (b) => dockerLeftovers(b.target.stack),
  convergeSeconds: 90,
};
