import type { TeardownReport } from '../types';
import { DockerApi, isConflict, type NamedObject, type ContainerSummary } from './docker-api';
import { ccciFilter, stackFilter } from './labels';
import { stackRm } from './stack';
import { StackEvents } from './events';
import { watch } from './wakeups';

const GONE_TIMEOUT_MS = 90_000;
const SETTLE_MS = 1000;
/** The polling loop's interval: without events, or once the stream is gone. */
const POLL_MS = 250;

export interface TeardownOptions {
  /** `events` (default): the waits wake on the stack's container and network events; `poll`: the polling loop alone. */
  mode?: 'events' | 'poll';
  debug?: (message: string) => void;
}

/**
 * Removes everything a run created: the stack's services, then, once their containers are gone,
 * its networks and configs, then its volumes and the secrets and helper containers cc-ci created;
 * finally counts what is left by label. Tearing down something never created succeeds quietly.
 */
export async function teardownStack(api: DockerApi, stack: string, opts: TeardownOptions = {}): Promise<TeardownReport> {
  // Opened before anything is removed: the waits below wake on container destroy and network events.
  const events = opts.mode === 'poll' ? undefined : StackEvents.open(api, stack);
  try {
    return await removeStack(api, stack, { events, debug: opts.debug });
  } finally {
    events?.close();
  }
}

export interface Waker {
  events?: StackEvents;
  debug?: (message: string) => void;
}

async function removeStack(api: DockerApi, stack: string, wake: Waker): Promise<TeardownReport> {
  const problems: string[] = [];
  const note = (e: unknown) => problems.push(e instanceof Error ? e.message : String(e));

  for (const c of await api.list<ContainerSummary>('containers/json', ccciFilter(stack), { all: true })) {
    await api.call('DELETE', `/containers/${c.Id}`, { query: { force: true, v: true }, ok404: true }).catch(note);
  }
  // Services first, and their containers gone, before the stack's networks: each task releases
  // its node's copy of a network as it shuts down, which only works while the network still
  // exists in the swarm. `docker stack rm` removes both at once and does not wait for task
  // shutdown (docker/cli#926); a copy orphaned that way stays listed, and cannot be removed by
  // hand, until the node next reconfigures (moby#30064).
  const deadline = Date.now() + GONE_TIMEOUT_MS;
  for (const svc of await api.list<NamedObject>('services', stackFilter(stack))) {
    await api.call('DELETE', `/services/${svc.ID}`, { ok404: true }).catch(note);
  }
  await containersGone(api, stack, deadline, wake);
  const err = await stackRm(stack); // "nothing found" is not an error: teardown of nothing is quiet
  if (err) problems.push(`docker stack rm: ${err}`);
  await settled(deadline, wake, async () => {
    const [svcs, ctrs, nets] = await Promise.all([
      api.list<NamedObject>('services', stackFilter(stack)),
      api.list<NamedObject>('containers/json', stackFilter(stack), { all: true }),
      api.list<NamedObject>('networks', stackFilter(stack)),
    ]);
    return svcs.length + ctrs.length + nets.length === 0;
  });
  const volumes = await listVolumes(api, stack);
  for (const v of volumes) await removeVolume(api, v, deadline, wake).catch(note);
  for (const kind of ['secrets', 'configs'] as const) {
    for (const filter of [stackFilter(stack), ccciFilter(stack)]) {
      for (const s of await api.list<NamedObject>(kind, filter)) {
        await api.call('DELETE', `/${kind}/${s.ID}`, { ok404: true }).catch(note);
      }
    }
  }
  return { problems, leftovers: await leftovers(api, stack) };
}

/**
 * Waits until none of the stack's containers is left, stopped ones included, or the deadline
 * passes; woken by their destroy events when `wake` has a stream.
 */
export async function containersGone(api: DockerApi, stack: string, deadline: number, wake: Waker = {}): Promise<void> {
  await watch(
    async () =>
      (await api.list<NamedObject>('containers/json', stackFilter(stack), { all: true })).length > 0 ? { waiting: {} } : { done: true },
    { ...wake, pollMs: POLL_MS, deadline, what: 'containers gone' },
  );
}

/**
 * Waits until `gone` holds twice, a second apart (or the deadline passes): a network the manager
 * removed can still show up briefly from the node's own copy.
 */
async function settled(deadline: number, wake: Waker, gone: () => Promise<boolean>): Promise<void> {
  let emptySince: number | undefined;
  await watch(
    async () => {
      if (!(await gone())) emptySince = undefined;
      else if (emptySince === undefined) emptySince = Date.now();
      else if (Date.now() - emptySince >= SETTLE_MS) return { done: true };
      return { waiting: { until: emptySince === undefined ? undefined : emptySince + SETTLE_MS } };
    },
    { ...wake, pollMs: POLL_MS, deadline, what: 'services, containers and networks gone' },
  );
}

async function listVolumes(api: DockerApi, stack: string): Promise<string[]> {
  const names = new Set<string>();
  for (const filter of [stackFilter(stack), ccciFilter(stack)]) {
    const r = await api.get<{ Volumes: { Name: string }[] | null }>('/volumes', { filters: JSON.stringify(filter) });
    for (const v of r.Volumes ?? []) names.add(v.Name);
  }
  return [...names];
}

/** A volume stays "in use" until the last task container is gone, which lags `stack rm`. */
async function removeVolume(api: DockerApi, name: string, deadline: number, wake: Waker): Promise<void> {
  await watch(
    async () => {
      try {
        await api.call('DELETE', `/volumes/${encodeURIComponent(name)}`, { ok404: true });
        return { done: true };
      } catch (e) {
        if (!isConflict(e) || Date.now() > deadline) throw e;
        return { waiting: {} };
      }
    },
    { ...wake, pollMs: POLL_MS, what: `volume ${name} removed` },
  );
}

/** Everything that still carries the stack's namespace label or cc-ci's own label. */
export async function leftovers(api: DockerApi, stack: string): Promise<string[]> {
  const found: string[] = [];
  for (const filter of [stackFilter(stack), ccciFilter(stack)]) {
    const [svcs, ctrs, nets, secrets, configs] = await Promise.all([
      api.list<NamedObject>('services', filter),
      api.list<ContainerSummary>('containers/json', filter, { all: true }),
      api.list<NamedObject>('networks', filter),
      api.list<NamedObject>('secrets', filter),
      api.list<NamedObject>('configs', filter),
    ]);
    found.push(
      ...svcs.map((s) => `service ${s.Spec?.Name}`),
      ...ctrs.map((c) => `container ${c.Names[0]?.replace(/^\//, '') ?? c.Id.slice(0, 12)}`),
      ...nets.map((n) => `network ${n.Name}`),
      ...secrets.map((s) => `secret ${s.Spec?.Name}`),
      ...configs.map((c) => `config ${c.Spec?.Name}`),
    );
  }
  found.push(...(await listVolumes(api, stack)).map((v) => `volume ${v}`));
  return [...new Set(found)];
}
