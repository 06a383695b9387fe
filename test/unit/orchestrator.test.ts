import { describe, expect, it } from 'vitest';
import { runOps } from '../../src/engine/orchestrator';
import { silentEvents } from '../../src/engine/events';

import type { OpContext, Operation } from '../../src/operations/operation';
import type { OpName } from '../../src/report/schema';
import { sleep } from '../../src/util/time';
import { Interrupted } from '../../src/errors';
import { buildAutopsy } from '../../src/report/autopsy';

const op = (name: OpName, needs: OpName[], run: Operation['run']): Operation => ({ name, needs, run });
const passing = (name: OpName, needs: OpName[] = []) => op(name, needs, async () => ({ status: 'pass', reason: 'ok', assertions: [] }));

function options(selected: OpName[], over: Partial<Parameters<typeof runOps>[1]> = {}) {
  return {
    selected,
    timeoutSeconds: () => 5,
    runSignal: new AbortController().signal,
    events: silentEvents,
    context: (_op: OpName, signal: AbortSignal) => ({ signal }) as OpContext,
    ...over,
  };
}

describe('runOps', () => {
  it('runs the selected ops in canonical order, whatever order they were given in', async () => {
    const order: string[] = [];
    const track = (name: OpName) => op(name, [], async () => (order.push(name), { status: 'pass', reason: 'ok', assertions: [] }));
    await runOps([track('backup'), track('install'), track('upgrade')], options(['backup', 'upgrade', 'install']));
    expect(order).toEqual(['install', 'upgrade', 'backup']);
  });

  it('blocks an op whose prerequisite failed, and says which', async () => {
    const registry = [
      op('install', [], async () => ({ status: 'fail', reason: 'boom', assertions: [] })),
      passing('upgrade', ['install']),
      passing('backup', ['upgrade']),
    ];
    const results = await runOps(registry, options(['install', 'upgrade', 'backup']));
    expect(results.map((r) => [r.op, r.status, r.reason])).toEqual([
      ['install', 'fail', 'boom'],
      ['upgrade', 'blocked', 'install failed'],
      ['backup', 'blocked', 'upgrade was blocked'],
    ]);
  });

  it('does not block on a skipped prerequisite', async () => {
    const registry = [
      passing('install'),
      op('upgrade', ['install'], async () => ({ status: 'skip', reason: 'no previous release', assertions: [] })),
      passing('backup', ['install', 'upgrade']),
    ];
    const results = await runOps(registry, options(['install', 'upgrade', 'backup']));
    expect(results.map((r) => r.status)).toEqual(['pass', 'skip', 'pass']);
  });

  it('fails an op that outlives its own timeout with a timeout reason', async () => {
    const slow = op('install', [], async (ctx) => (await sleep(10_000, ctx.signal), { status: 'pass', reason: 'late', assertions: [] }));
    const [r] = await runOps([slow], options(['install'], { timeoutSeconds: () => 0.2 }));
    expect(r).toMatchObject({ status: 'fail', reason: 'timed out after 0.2s' });
    expect(r!.durationMs).toBeLessThan(2000);
  });

  it('on interruption fails the running op and does not start the rest', async () => {
    const abort = new AbortController();
    const slow = op('install', [], async (ctx) => {
      setTimeout(() => abort.abort(new Interrupted('SIGINT')), 50);
      await sleep(10_000, ctx.signal);
      return { status: 'pass', reason: 'late', assertions: [] };
    });
    const results = await runOps([slow, passing('upgrade')], options(['install', 'upgrade'], { runSignal: abort.signal }));
    expect(results.map((r) => [r.status, r.reason])).toEqual([
      ['fail', 'interrupted by SIGINT'],
      ['skip', 'not run: the run was interrupted'],
    ]);
  });

  it('an op that returns a failure because the interrupt killed its hook failed from the interrupt, its own words kept', async () => {
    const abort = new AbortController();
    // What backup does when its pre-hook exec is killed: it returns, it does not throw.
    const killedHook = op('backup', [], async (ctx) => {
      abort.abort(new Interrupted('SIGTERM'));
      await sleep(0);
      expect(ctx.signal.aborted).toBe(true);
      return {
        status: 'fail',
        reason: 'backup pre-hook failed (exit 143)',
        assertions: [],
        failure: { reason: 'hook_failed', exitCode: 143, lines: ['cp: stopped'] },
      };
    });
    const [r] = await runOps(
      [killedHook],
      options(['backup'], { runSignal: abort.signal, autopsy: async (o, outcome) => buildAutopsy(o, outcome) }),
    );
    expect(r).toMatchObject({ status: 'fail', reason: 'interrupted by SIGTERM; backup pre-hook failed (exit 143)' });
    expect(r!.autopsy).toMatchObject({
      reason: 'interrupted',
      event: 'interrupted by SIGTERM',
      exit_code: null,
      last_lines: ['cp: stopped'],
    });
  });

  it('a failure the op reached on its own, with no stop, keeps its reason', async () => {
    const failing = op('backup', [], async () => ({
      status: 'fail',
      reason: 'no witness',
      assertions: [],
      failure: { reason: 'hook_failed' },
    }));
    const [r] = await runOps([failing], options(['backup'], { autopsy: async (o, outcome) => buildAutopsy(o, outcome) }));
    expect(r).toMatchObject({ status: 'fail', reason: 'no witness' });
    expect(r!.autopsy).toMatchObject({ reason: 'hook_failed', event: 'no witness' });
  });

  it('an op that decides at its time limit keeps its own, more exact reason', async () => {
    const notServing = op('install', [], async (ctx) => {
      await sleep(10_000, ctx.signal).catch(() => undefined);
      return { status: 'fail', reason: 'not serving: 404', assertions: [], failure: { reason: 'not_serving' } };
    });
    const [r] = await runOps(
      [notServing],
      options(['install'], { timeoutSeconds: () => 0.1, autopsy: async (o, outcome) => buildAutopsy(o, outcome) }),
    );
    expect(r).toMatchObject({ status: 'fail', reason: 'not serving: 404' });
    expect(r!.autopsy).toMatchObject({ reason: 'not_serving' });
  });
});
