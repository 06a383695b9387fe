import { describe, expect, it, vi } from 'vitest';
import { settleLease, tearDown } from '../../src/engine/teardown';
import { silentEvents, type RunEvents } from '../../src/engine/events';
import type { Backend, RunLease } from '../../src/backends/backend';
import type { Teardown } from '../../src/report/schema';

function lease(fail?: 'keep' | 'release' | 'abandon', error: unknown = new Error('the registry is unreachable')) {
  const calls: string[] = [];
  const step = (name: 'keep' | 'release' | 'abandon') => () => {
    calls.push(name);
    return fail === name ? Promise.reject(error) : Promise.resolve();
  };
  const l: RunLease = { keep: step('keep'), release: step('release'), abandon: step('abandon') };
  return { lease: l, calls };
}

function recording(): { events: RunEvents; warnings: string[] } {
  const warnings: string[] = [];
  return { events: { ...silentEvents, warn: (m) => warnings.push(m) }, warnings };
}

const teardown = (status: Teardown['status']): Teardown => ({ strategy: 'always', status, leftovers: [] });

describe("settleLease: the run's record follows its app", () => {
  it.each([
    ['kept', 'keep'],
    ['done', 'release'],
    ['failed', 'abandon'],
    ['pending', 'abandon'],
  ] as const)('a teardown that is %s calls %s, and only that', async (status, method) => {
    const { lease: l, calls } = lease();
    const { events, warnings } = recording();
    await settleLease(l, teardown(status), events);
    expect(calls).toEqual([method]);
    expect(warnings).toEqual([]);
  });

  it.each(['keep', 'release', 'abandon'] as const)('when %s fails, warns with the reason and does not throw', async (method) => {
    const status = { keep: 'kept', release: 'done', abandon: 'failed' } as const;
    const { lease: l } = lease(method);
    const { events, warnings } = recording();
    await expect(settleLease(l, teardown(status[method]), events)).resolves.toBeUndefined();
    expect(warnings).toEqual(["the run's record on the host: the registry is unreachable"]);
  });

  it('warns with a non-Error rejection as text', async () => {
    const { lease: l } = lease('release', 'lock held');
    const { events, warnings } = recording();
    await settleLease(l, teardown('done'), events);
    expect(warnings).toEqual(["the run's record on the host: lock held"]);
  });
});

describe('tearDown: problems become warnings, never a throw', () => {
  /** A backend with only what tearDown reads; `teardown` is its spy. */
  function fakeBackend(impl: Backend['teardown']) {
    const teardown = vi.fn(impl);
    return { backend: { target: { stack: 'st' }, teardown } as unknown as Backend, teardown };
  }
  const backend = (impl: Backend['teardown']) => fakeBackend(impl).backend;

  it('reports a backend whose teardown throws as failed, with the reason', async () => {
    const { events, warnings } = recording();
    const r = await tearDown(
      backend(() => Promise.reject(new Error('daemon gone'))),
      'always',
      false,
      events,
    );
    expect(r).toEqual({ strategy: 'always', status: 'failed', leftovers: [], detail: 'daemon gone' });
    expect(warnings).toEqual(['teardown failed: daemon gone']);
  });

  it.each([
    ['never', false],
    ['on-success', true],
  ] as const)('keeps the app with teardown %s (failed: %s) and says how to remove it', async (strategy, failed) => {
    const { backend: b, teardown } = fakeBackend(() => Promise.reject(new Error('must not be called')));
    const { events, warnings } = recording();
    const r = await tearDown(b, strategy, failed, events);
    expect(r).toEqual({ strategy, status: 'kept', leftovers: [], detail: 'remove with: node dist/cli.js teardown st' });
    expect(teardown).not.toHaveBeenCalled();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`kept stack st (teardown: ${strategy}); remove it with: node dist/cli.js teardown st`);
  });

  it('tears down on success with on-success, and is done when nothing is left', async () => {
    const { backend: b, teardown } = fakeBackend(() => Promise.resolve({ problems: [], leftovers: [] }));
    const { events, warnings } = recording();
    expect(await tearDown(b, 'on-success', false, events)).toEqual({ strategy: 'on-success', status: 'done', leftovers: [] });
    expect(teardown).toHaveBeenCalledOnce();
    expect(warnings).toEqual([]);
  });

  it('turns problems into warnings and leftovers into a failed teardown', async () => {
    const b = backend(() => Promise.resolve({ problems: ['volume st_data in use'], leftovers: ['volume st_data', 'secret st_pw'] }));
    const { events, warnings } = recording();
    expect(await tearDown(b, 'always', true, events)).toEqual({
      strategy: 'always',
      status: 'failed',
      leftovers: ['volume st_data', 'secret st_pw'],
    });
    expect(warnings).toEqual(['teardown: volume st_data in use', 'teardown left 2 resource(s): volume st_data, secret st_pw']);
  });
});
