import { UserError, errorMessage } from '../../errors';
import { sleep } from '../../util/time';
import type { DockerApi } from '../swarm/docker-api';
import { stackFilter } from '../swarm/labels';
import type { AbraCli } from './abra-cli';
import { appRemove, appUndeploy, secretRemoveAll, volumeRemove } from './commands';
import { failureLine, printed } from './output';

const STEP_MS = 180_000;
/** How long removal waits for the stack's containers to go between undeploy and volume removal. */
const GONE_MS = 90_000;

/**
 * abra's own removal of one app, as an operator does it: undeploy, volumes, secrets, the app.
 * Each step is non-interactive; its failure is a problem that does not stop the next ("not
 * deployed", "no volumes", "no secrets" are nothing to do). The problems found.
 */
export async function removeAbraApp(cli: AbraCli, api: DockerApi, domain: string, stack: string): Promise<string[]> {
  const problems: string[] = [];
  const steps: [string, string[], RegExp | null][] = [
    ['abra app undeploy', appUndeploy(domain), /not deployed/i],
    ['abra app volume remove', volumeRemove(domain), /no volumes/i],
    ['abra app secret remove --all', secretRemoveAll(domain), /no secrets/i],
    ['abra app remove', appRemove(domain), null],
  ];
  for (const [what, argv, nothingThere] of steps) {
    // Volumes stay in use until the stack's last container is gone, which lags the undeploy.
    if (what === 'abra app volume remove') await containersGone(api, stack);
    try {
      const r = await cli.run(argv, { timeoutMs: STEP_MS });
      if (r.code !== 0 && !nothingThere?.test(printed(r))) problems.push(`${what}${domain ? ` ${domain}` : ''}: ${failureLine(r)}`);
    } catch (e) {
      problems.push(`${what}: ${errorMessage(e)}`);
      if (e instanceof UserError) break; // no abra: every other step would say the same
    }
  }
  return problems;
}

async function containersGone(api: DockerApi, stack: string): Promise<void> {
  const deadline = Date.now() + GONE_MS;
  try {
    while (Date.now() < deadline && (await api.list('containers/json', stackFilter(stack), { all: true })).length > 0) await sleep(250);
  } catch {
    // Docker unreachable: abra's own step will say so
  }
}
