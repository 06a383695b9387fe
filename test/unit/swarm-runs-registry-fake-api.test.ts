import { describe, expect, it } from 'vitest';
import { RUN_LABEL, recordOf, SwarmRuns } from '../../src/backends/swarm/runs';
import { DockerApiError, UserError } from '../../src/errors';
import { routedApi } from '../support/fake-docker-api';

/**
 * The run registry (records as zero-replica services) against a fake Engine API: records read
 * back from partial labels, a claim refused because the stack is held, heartbeats, and records
 * that are gone or only look like records.
 */

const minimal = {
  [RUN_LABEL]: 'st',
  [`${RUN_LABEL}.pid`]: '42',
  [`${RUN_LABEL}.heartbeat`]: '2024-01-01T00:00:00.000Z',
  [`${RUN_LABEL}.state`]: 'kept',
};
const run = {
  stack: 'st',
  domain: 'st.example',
  backend: 'swarm',
  stateDir: '/state',
  owner: { host: 'h1', boot: 'b', pidNamespace: 'ns', pid: 42, processStart: 'p' },
};

describe('recordOf', () => {
  it('reads a record with only its required labels, the rest empty', () => {
    expect(recordOf(minimal)).toEqual({
      stack: 'st',
      domain: '',
      backend: '',
      stateDir: '',
      owner: { host: '', boot: '', pidNamespace: '', pid: 42, processStart: '' },
      heartbeat: new Date('2024-01-01T00:00:00.000Z'),
      state: 'kept',
    });
  });

  it('is undefined without a stack or a heartbeat label', () => {
    const without = (key: string) => Object.fromEntries(Object.entries(minimal).filter(([k]) => k !== key));
    const noStack = without(RUN_LABEL);
    const noBeat = without(`${RUN_LABEL}.heartbeat`);
    expect(recordOf(noStack)).toBeUndefined();
    expect(recordOf(noBeat)).toBeUndefined();
  });
});

describe('SwarmRuns', () => {
  it('a claim on a held stack names the holder', async () => {
    const { api } = routedApi((_m, p) => {
      if (p === '/services/create') throw new DockerApiError(409, 'name conflicts');
      return { ID: 'r1', Spec: { Name: 'ccci-run_st', Labels: { ...minimal, [`${RUN_LABEL}.host`]: 'other-host' } } };
    });
    const e = await new SwarmRuns(api).claim(run).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UserError);
    expect((e as Error).message).toBe(
      'stack st is held by pid 42 on other-host, last alive 2024-01-01T00:00:00.000Z; pick another --domain, or run cc-ci reap if that run is gone',
    );
  });

  it('a claim on a stack held by something that is not a readable record says "another run"', async () => {
    const { api } = routedApi((_m, p) => {
      if (p === '/services/create') throw new DockerApiError(409, 'name conflicts');
      return { ID: 'r1', Spec: { Name: 'ccci-run_st' } }; // no labels at all
    });
    await expect(new SwarmRuns(api).claim(run)).rejects.toThrow(/^stack st is held by another run; /);
  });

  it('a claim that fails otherwise is passed on', async () => {
    const { api } = routedApi(() => {
      throw new DockerApiError(500, 'daemon broke');
    });
    await expect(new SwarmRuns(api).claim(run)).rejects.toThrow(/^daemon broke$/);
  });

  it('a live claim beats its heartbeat, and release removes the record', async () => {
    const { api, requests: calls } = routedApi((m) =>
      m === 'GET' ? { ID: 'r1', Version: { Index: 3 }, Spec: { Name: 'ccci-run_st', Labels: minimal } } : undefined,
    );
    const lease = await new SwarmRuns(api, 10).claim(run);
    await new Promise((r) => setTimeout(r, 80));
    await lease.release();
    const updates = calls.filter((c) => c.path === '/services/r1/update');
    expect(updates.length).toBeGreaterThan(0);
    expect(updates[0]!.arg).toMatchObject({ query: { version: 3 }, body: { Labels: { [`${RUN_LABEL}.state`]: 'running' } } });
    expect(calls.at(-1)).toMatchObject({ method: 'DELETE', path: '/services/ccci-run_st', arg: { ok404: true } });
  });

  it('an abandoned claim marks its record "leftovers" and keeps it', async () => {
    const { api, requests: calls } = routedApi((m) =>
      m === 'GET' ? { ID: 'r1', Version: { Index: 3 }, Spec: { Name: 'ccci-run_st', Labels: minimal } } : undefined,
    );
    const lease = await new SwarmRuns(api).claim(run);
    await lease.abandon();
    expect(calls.at(-1)).toMatchObject({
      method: 'POST',
      path: '/services/r1/update',
      arg: { body: { Labels: { [`${RUN_LABEL}.state`]: 'leftovers' } } },
    });
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);
  });

  it('marking a record already gone updates nothing', async () => {
    const { api, requests: calls } = routedApi(() => undefined);
    await new SwarmRuns(api).mark('st', 'leftovers');
    expect(calls.map((c) => c.method)).toEqual(['GET']);
  });

  it('lists only services that are records under their own name', async () => {
    const { api } = routedApi(() => [
      { ID: 'a', Spec: { Name: 'ccci-run_st', Labels: minimal } },
      { ID: 'b', Spec: { Name: 'impostor', Labels: minimal } },
      { ID: 'c', Spec: { Name: 'ccci-run_x' } },
    ]);
    expect((await new SwarmRuns(api).list()).map((r) => r.stack)).toEqual(['st']);
  });
});
