import { backendKind } from '../../../src/backends/registry';
import { dockerLeftovers } from '../../support/cli';
import type { ContractHarness } from '../scenarios';

/** The abra backend: the real abra CLI on a real swarm (the GitHub workflow's abra-contract job). */
export const abraHarness: ContractHarness = {
  name: 'abra',
  kindFor: () => backendKind('abra'),
  leftovers: (b) => dockerLeftovers(b.target.stack),
  convergeSeconds: 120,
};
