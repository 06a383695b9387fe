import { describe, expect, it } from 'vitest';
import { runOps } from '../../src/engine/orchestrator';
import { silentEvents } from '../../src/engine/events';

import type { OpContext, Operation } from '../../src/operations/operation';
import type { OpName } from '../../src/report/schema';
import { sleep } from '../../src/util/time';
import { Interrupted } from '../../src/errors';

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
});
