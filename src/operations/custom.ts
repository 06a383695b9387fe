import { pass, skip, type Operation } from './operation';

/**
 * custom: the recipe's own tests (tests/custom/* of every overlay) against the live deployment.
 * The overlay layer runs them once this op passes; the op itself only says whether there are any.
 */
export const custom: Operation = {
  name: 'custom',
  needs: ['install', 'upgrade'],
  async run(ctx) {
    const tests = ctx.facts.overlays.tests.custom ?? [];
    return tests.length ? pass('', []) : skip('no custom tests (.cc-ci/tests/custom/ or the bundled overlay)');
  },
};
