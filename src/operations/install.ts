import { pass, type Operation } from './operation';
import { deployBlockers, findingLine } from '../lint';
import { findingAssertion } from './lint';
import { converged, rejected } from './checks';
import { notServing, serving } from './serving';

/** install: the run's one deploy (of base when an upgrade follows), convergence, the serving check. */
export const install: Operation = {
  name: 'install',
  needs: [],
  blockedBy(ctx) {
    const blockers = deployBlockers(ctx.facts.findings);
    if (!blockers.length) return null;
    return {
      reason: `the swarm would refuse this deploy: ${blockers.map(findingLine).join('; ')}`,
      assertions: blockers.map(findingAssertion),
    };
  },
  async run(ctx) {
    let since: Date;
    try {
      since = await ctx.deploys.deploy(ctx.signal);
    } catch (e) {
      return rejected(e);
    }
    const conv = await converged(ctx, since, ctx.deploys.current?.wait);
    if (conv.failed) return conv.failed;
    const served = await serving(ctx);
    const serve = served.assertion;
    const assertions = [conv.assertion, serve];
    if (serve.status === 'fail') return notServing(served, assertions);
    return pass(serve.status === 'skip' ? `converged; serving check skipped (${serve.detail})` : 'converged and serving', assertions);
  },
};
