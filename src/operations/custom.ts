import { skip, type Operation } from '../engine/operation';

/** custom: the recipe's own tests (tests/custom/* of its overlays) against the live deployment. */
export const custom: Operation = {
  name: 'custom',
  needs: ['install', 'upgrade'],
  async run() {
    return skip('no custom tests');
  },
};
