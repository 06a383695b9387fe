import type { Backend, RunLease } from '../backends/backend';
import type { Teardown, TeardownStrategy } from '../report/schema';
import { errorMessage } from '../errors';
import type { RunEvents } from './events';

/** The command that removes a kept app (the CLI reads the backend from the run's manifest). */
const teardownCommand = (stack: string) => `node dist/cli.js teardown ${stack}`;

/** Tears down per strategy. Problems become warnings: cleanup never changes the test verdict. */
export async function tearDown(backend: Backend, strategy: TeardownStrategy, failed: boolean, events: RunEvents): Promise<Teardown> {
  const { stack } = backend.target;
  if (strategy === 'never' || (strategy === 'on-success' && failed)) {
    const how = teardownCommand(stack);
    events.warn(
      `kept stack ${stack} (teardown: ${strategy}); remove it with: ${how} (or docker stack rm ${stack}, then remove its volumes and secrets labelled com.docker.stack.namespace / cc-ci.stack=${stack})`,
    );
    return { strategy, status: 'kept', leftovers: [], detail: `remove with: ${how}` };
  }
  try {
    const report = await backend.teardown();
    for (const p of report.problems) events.warn(`teardown: ${p}`);
    if (report.leftovers.length) events.warn(`teardown left ${report.leftovers.length} resource(s): ${report.leftovers.join(', ')}`);
    return { strategy, status: report.leftovers.length ? 'failed' : 'done', leftovers: report.leftovers };
  } catch (e) {
    events.warn(`teardown failed: ${errorMessage(e)}`);
    return { strategy, status: 'failed', leftovers: [], detail: errorMessage(e) };
  }
}

/** The run's record on the host follows its app: kept with it, gone with it, or left for a reap. */
export async function settleLease(lease: RunLease, teardown: Teardown, events: RunEvents): Promise<void> {
  try {
    if (teardown.status === 'kept') await lease.keep();
    else if (teardown.status === 'done') await lease.release();
    else await lease.abandon();
  } catch (e) {
    events.warn(`the run's record on the host: ${errorMessage(e)}`);
  }
}
