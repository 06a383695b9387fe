import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DockerApiError } from '../../src/errors';
import type { DockerApi, Filters } from '../../src/backends/swarm/docker-api';
import { leftovers, teardownStack } from '../../src/backends/swarm/teardown';

// The Docker side is an in-memory fake: what is tested here is teardown's own logic (order, retry
// of a volume still in use, problems noted and carried past, leftovers counted by label). The real
// swarm path is covered by test/integration/docker-api.test.ts.

const { stackRm, sleep } = vi.hoisted(() => ({
  stackRm: vi.fn<(stack: string) => Promise<string | undefined>>(),
  // Sleeps move a fake clock instead of waiting: a 90 s deadline passes in milliseconds.
  sleep: vi.fn(async (ms: number) => {
    vi.setSystemTime(Date.now() + ms);
  }),
}));
vi.mock('../../src/backends/swarm/stack', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src/backends/swarm/stack')>()),
  stackRm,
}));
vi.mock('../../src/util/time', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src/util/time')>()),
  sleep,
}));

type Kind = 'services' | 'containers/json' | 'networks' | 'secrets' | 'configs' | 'volumes';
interface Obj {
  kind: Kind;
  id: string;
  name: string;
  labels: Record<string, string>;
  /** For containers: what the API lists as Names (may be empty). */
  names?: string[];
}

const STACK = 'com.docker.stack.namespace';
const CCCI = 'cc-ci.stack';

/**
 * Just enough of the Engine API: label-filtered lists and DELETE by id (by name for volumes).
 * `failures` scripts what a DELETE of a path throws, one entry per attempt, then it succeeds;
 * `refusals` are thrown by every attempt.
 */
class FakeDocker {
  objects: Obj[] = [];
  deletes: string[] = [];
  failures = new Map<string, unknown[]>();
  refusals = new Map<string, unknown>();
  /** Objects listed only while `shown` says so (a node's copy of a network the manager removed). */
  ghosts: { obj: Obj; shown: () => boolean }[] = [];

  add(kind: Kind, name: string, labels: Record<string, string>, names?: string[]): Obj {
    const o = { kind, id: `${kind.split('/')[0]}-${name}`, name, labels, names };
    this.objects.push(o);
    return o;
  }

  private matching(kind: Kind, filters: Filters): Obj[] {
    const wanted = filters.label ?? [];
    const ghosts = this.ghosts.filter((g) => g.obj.kind === kind && g.shown()).map((g) => g.obj);
    return [...this.objects, ...ghosts].filter(
      (o) =>
        o.kind === kind &&
        wanted.every((l) => {
          const at = l.indexOf('=');
          return o.labels[l.slice(0, at)] === l.slice(at + 1);
        }),
    );
  }

  private view(o: Obj): object {
    switch (o.kind) {
      case 'containers/json':
        return { Id: o.id, Names: o.names ?? [`/${o.name}`], State: 'exited', Labels: o.labels };
      case 'networks':
        return { Id: o.id, Name: o.name };
      default:
        return { ID: o.id, Spec: { Name: o.name, Labels: o.labels } };
    }
  }

  readonly api = {
    list: async (kind: Kind, filters: Filters) => this.matching(kind, filters).map((o) => this.view(o)),
    get: async (path: string, query: { filters: string }) => {
      expect(path).toBe('/volumes');
      const found = this.matching('volumes', JSON.parse(query.filters) as Filters);
      // The Engine API answers null, not [], when no volume matches.
      return { Volumes: found.length ? found.map((v) => ({ Name: v.name })) : null };
    },
    call: async (method: string, path: string) => {
      expect(method).toBe('DELETE');
      this.deletes.push(path);
      const script = this.failures.get(path);
      if (this.refusals.has(path)) throw this.refusals.get(path);
      if (script?.length) throw script.shift();
      const [, kind = '', id = ''] = /^\/(containers|services|networks|secrets|configs|volumes)\/(.+)$/.exec(path) ?? [];
      expect(id).not.toBe('');
      const k = (kind === 'containers' ? 'containers/json' : kind) as Kind;
      this.objects = this.objects.filter((o) => !(o.kind === k && (k === 'volumes' ? o.name === decodeURIComponent(id) : o.id === id)));
      return undefined;
    },
  };

  get docker(): DockerApi {
    return this.api as unknown as DockerApi;
  }

  /** What `docker stack rm` does: removes what carries the stack's namespace label. */
  stackRemoved(stack: string): void {
    this.objects = this.objects.filter((o) => o.kind === 'volumes' || o.labels[STACK] !== stack);
  }
}

const conflict = (what: string) => new DockerApiError(409, `remove ${what}: volume is in use`);

let fake: FakeDocker;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
  fake = new FakeDocker();
  sleep.mockClear();
  stackRm.mockReset();
  stackRm.mockImplementation(async (stack) => {
    fake.stackRemoved(stack);
    return undefined;
  });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('teardownStack against a fake Engine API', () => {
  it('removes helpers, then services, then the stack, then volumes, secrets and configs, retrying a volume still in use', async () => {
    const st = { [STACK]: 'st' };
    const own = { [CCCI]: 'st' };
    fake.add('containers/json', 'st-probe', own);
    fake.add('services', 'st_app', st);
    fake.add('networks', 'st_default', st);
    fake.add('volumes', 'st_data', st);
    fake.add('secrets', 'st_db_password_v1', own);
    fake.add('configs', 'st_conf', own);
    fake.add('services', 'other_app', { [STACK]: 'other' });
    fake.failures.set('/volumes/st_data', [conflict('st_data'), conflict('st_data')]);

    const r = await teardownStack(fake.docker, 'st');

    expect(r).toEqual({ problems: [], leftovers: [] });
    expect(fake.deletes).toEqual([
      '/containers/containers-st-probe',
      '/services/services-st_app',
      '/volumes/st_data',
      '/volumes/st_data',
      '/volumes/st_data',
      '/secrets/secrets-st_db_password_v1',
      '/configs/configs-st_conf',
    ]);
    expect(stackRm).toHaveBeenCalledWith('st');
    expect(fake.objects.map((o) => o.name)).toEqual(['other_app']);
  });

  it('notes every problem and carries on past it, then lists what is left', async () => {
    const st = { [STACK]: 'st' };
    fake.add('containers/json', 'st-helper', { [CCCI]: 'st' });
    fake.add('services', 'st_app', st);
    fake.add('containers/json', 'st_app.1.abc', st);
    fake.add('volumes', 'st_busy', st);
    fake.add('volumes', 'st_broken', st);
    fake.add('secrets', 'st_key', st);
    fake.failures.set('/containers/containers-st-helper', ['helper removal refused']); // not an Error
    fake.failures.set('/services/services-st_app', [new DockerApiError(500, 'rpc error: the manager is unavailable')]);
    fake.refusals.set('/volumes/st_busy', conflict('st_busy'));
    fake.failures.set('/volumes/st_broken', [new DockerApiError(500, 'remove st_broken: driver failed')]);
    stackRm.mockResolvedValue('Failed to remove network st_default: active endpoints');
    const start = Date.now();

    const r = await teardownStack(fake.docker, 'st');

    expect(r.problems).toEqual([
      'helper removal refused',
      'rpc error: the manager is unavailable',
      'docker stack rm: Failed to remove network st_default: active endpoints',
      'remove st_busy: volume is in use',
      'remove st_broken: driver failed',
    ]);
    expect(r.leftovers).toEqual(['service st_app', 'container st_app.1.abc', 'container st-helper', 'volume st_busy', 'volume st_broken']);
    // It waited for the stack's containers until the deadline, no longer, and then tried each
    // busy volume at most once more: past the deadline a conflict is a problem, not a reason to wait.
    expect(Date.now() - start).toBeGreaterThanOrEqual(90_000);
    expect(Date.now() - start).toBeLessThan(92_000);
    expect(fake.deletes.filter((p) => p === '/volumes/st_busy').length).toBeLessThanOrEqual(2);
    expect(fake.deletes.filter((p) => p === '/volumes/st_broken')).toHaveLength(1);
    // The secret was still removed after the volume failures.
    expect(fake.deletes).toContain('/secrets/secrets-st_key');
    expect(fake.objects.some((o) => o.name === 'st_key')).toBe(false);
  });

  it('gives up on a volume that something outside the stack still uses, once the deadline passes', async () => {
    fake.add('volumes', 'st_shared', { [CCCI]: 'st' });
    fake.refusals.set('/volumes/st_shared', conflict('st_shared'));
    const start = Date.now();

    const r = await teardownStack(fake.docker, 'st');

    expect(r).toEqual({ problems: ['remove st_shared: volume is in use'], leftovers: ['volume st_shared'] });
    // Retried every 250 ms until the 90 s deadline, then reported.
    const tries = fake.deletes.filter((p) => p === '/volumes/st_shared').length;
    expect(tries).toBeGreaterThan(300);
    expect(Date.now() - start).toBeGreaterThan(90_000);
  });

  it('waits for a network that flickers back after stack rm to stay gone for a second before removing volumes', async () => {
    fake.add('volumes', 'st_data', { [STACK]: 'st' });
    const net: Obj = { kind: 'networks', id: 'networks-st_default', name: 'st_default', labels: { [STACK]: 'st' } };
    // Listed, gone, listed again, then gone for good: the node's copy lags the manager's.
    const sightings = [true, false, true];
    let lastSeen = 0;
    stackRm.mockImplementation(async (stack) => {
      fake.stackRemoved(stack);
      fake.ghosts.push({
        obj: net,
        shown: () => {
          const shown = sightings.shift() ?? false;
          if (shown) lastSeen = Date.now();
          return shown;
        },
      });
      return undefined;
    });
    let volumeRemovedAt = 0;
    const call = fake.api.call;
    fake.api.call = async (method, path) => {
      if (path === '/volumes/st_data') volumeRemovedAt = Date.now();
      return call(method, path);
    };

    const r = await teardownStack(fake.docker, 'st');

    expect(r).toEqual({ problems: [], leftovers: [] });
    expect(sightings).toEqual([]);
    expect(lastSeen).toBeGreaterThan(0);
    expect(volumeRemovedAt - lastSeen).toBeGreaterThanOrEqual(1000);
  });

  it('tears down a stack that was never created quietly', async () => {
    await expect(teardownStack(fake.docker, 'never')).resolves.toEqual({ problems: [], leftovers: [] });
    expect(fake.deletes).toEqual([]);
  });
});

describe('leftovers', () => {
  it('names everything still labelled for the stack or by cc-ci for it, once each', async () => {
    const both = { [STACK]: 'st', [CCCI]: 'st' };
    fake.add('services', 'st_app', { [STACK]: 'st' });
    fake.add('containers/json', 'st_app.1.xyz', { [STACK]: 'st' });
    fake.add('containers/json', 'unnamed', { [CCCI]: 'st' }, []);
    fake.add('networks', 'st_default', { [STACK]: 'st' });
    fake.add('secrets', 'st_pw_v1', both);
    fake.add('configs', 'st_conf_v1', { [CCCI]: 'st' });
    fake.add('volumes', 'st_data', both);
    fake.add('networks', 'other_default', { [STACK]: 'other' });

    expect(await leftovers(fake.docker, 'st')).toEqual([
      'service st_app',
      'container st_app.1.xyz',
      'network st_default',
      'secret st_pw_v1',
      // A container without a name is named by the first 12 characters of its id.
      `container ${'containers-unnamed'.slice(0, 12)}`,
      'config st_conf_v1',
      'volume st_data',
    ]);
  });

  it('is empty for a stack with nothing left', async () => {
    fake.add('volumes', 'other_data', { [STACK]: 'other' });
    expect(await leftovers(fake.docker, 'st')).toEqual([]);
  });
});
