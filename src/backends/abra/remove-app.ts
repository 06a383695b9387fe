import type { TeardownReport } from '../backend';
import { UserError, errorMessage } from '../../errors';
import type { DockerApi, NamedObject } from '../swarm/docker-api';
import { containersGone } from '../swarm/teardown';
import { StackEvents } from '../swarm/events';
import type { AbraCli } from './abra-cli';
import { appRemove, appUndeploy, secretRemoveAll, volumeRemove } from './commands';
import { failureLine, printed } from './output';

/** How long removal waits for the stack's containers to go between undeploy and volume removal. */
const GONE_MS = 90_000;

/**
 * abra's own removal of one app, as an operator does it: undeploy, volumes, secrets, the app.
 * Each step is non-interactive; its failure is a problem that does not stop the next ("not
 * deployed", "no volumes", "no secrets" are nothing to do). The problems found.
 */
export async function removeAbraApp(cli: AbraCli, api: DockerApi, domain: string, stack: string): Promise<string[]> {
  const problems: string[] = [];
  // Opened before the undeploy: the wait for its containers wakes on their destroy events.
  const events = StackEvents.open(api, stack);
  try {
    await removeInSteps(cli, api, domain, stack, events, problems);
  } finally {
    events.close();
  }
  return problems;
}

async function removeInSteps(
  cli: AbraCli,
  api: DockerApi,
  domain: string,
  stack: string,
  events: StackEvents,
  problems: string[],
): Promise<void> {
  const steps: [string, string[], RegExp | null][] = [
    ['abra app undeploy', appUndeploy(domain), /not deployed/i],
    ['abra app volume remove', volumeRemove(domain), /no volumes/i],
    ['abra app secret remove --all', secretRemoveAll(domain), /no secrets/i],
    ['abra app remove', appRemove(domain), null],
  ];
  for (const [what, argv, nothingThere] of steps) {
    // Volumes stay in use until the stack's last container is gone, which lags the undeploy.
    if (what === 'abra app volume remove') {
      // Docker unreachable: abra's own step will say so.
      await containersGone(api, stack, Date.now() + GONE_MS, { events }).catch(() => undefined);
    }
    try {
      const r = await cli.run(argv);
      if (r.code !== 0 && !nothingThere?.test(printed(r))) problems.push(`${what}${domain ? ` ${domain}` : ''}: ${failureLine(r)}`);
    } catch (e) {
      problems.push(`${what}: ${errorMessage(e)}`);
      if (e instanceof UserError) break; // no abra: every other step would say the same
    }
  }
}

/**
 * Removes secrets abra left behind, each one a problem ("abra left secret X behind; cc-ci removed
 * it"): abra labels none, so the swarm sweep's label filters miss them. They are listed once with
 * a `name` filter, which Docker matches as a prefix (moby daemon/cluster/filters.go maps `name` to
 * NamePrefixes, any of which may match), so each name is checked again, exactly. A failure names
 * its secret, and the others are still tried.
 */
export async function removeLeftoverSecrets(api: DockerApi, which: { names: readonly string[] }): Promise<TeardownReport> {
  const problems: string[] = [];
  const leftovers: string[] = [];
  const failed = (e: unknown, names: readonly string[]) => {
    for (const name of names) {
      problems.push(`secret ${name}: ${errorMessage(e)}`);
      leftovers.push(`secret ${name}`);
    }
  };
  if (!which.names.length) return { problems, leftovers }; // no name filter would list every secret
  let listed: NamedObject[];
  try {
    listed = await api.list<NamedObject>('secrets', { name: [...which.names] });
  } catch (e) {
    failed(e, which.names);
    return { problems, leftovers };
  }
  for (const s of which.names.flatMap((name) => listed.filter((l) => l.Spec?.Name === name))) {
    const name = s.Spec!.Name;
    try {
      problems.push(`abra left secret ${name} behind; cc-ci removed it`);
      await api.call('DELETE', `/secrets/${s.ID}`, { ok404: true });
    } catch (e) {
      failed(e, [name]);
    }
  }
  return { problems, leftovers };
}
