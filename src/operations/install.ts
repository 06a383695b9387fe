import { fail, pass, type Operation } from '../engine/operation';
import { converged } from './checks';
import { notServing, serving } from './serving';
import { DeployRejected } from '../backends/backend';

/** install: the run's one deploy (of base when an upgrade follows), convergence, the serving check. */
export const install: Operation = {
  name: 'install',
  needs: [],
  async run(ctx) {
    let since: Date;
    try {
      since = await ctx.deployment.deploy(ctx.signal);
    } catch (e) {
      if (!(e instanceof DeployRejected)) throw e;
      return fail(e.message, [{ name: 'deployed', status: 'fail', detail: e.message }], { reason: 'deploy_rejected', event: e.message, lines: e.lines });
    }
    const conv = await converged(ctx, since);
    if (conv.failed) return conv.failed;
    const served = await serving(ctx);
    const serve = served.assertion;
    const assertions = [conv.assertion, serve];
    if (serve.status === 'fail') return notServing(served, assertions);
    return pass(serve.status === 'skip' ? `converged; serving check skipped (${serve.detail})` : 'converged and serving', assertions);
  },
};
