import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { BackendKind, RunRecord, RunRegistry, TeardownReport } from '../../src/backends/backend';
import { Interrupted, UserError } from '../../src/errors';
import { enforceHostPolicy } from '../../src/engine/host-policy';
import { abortOnSignals } from '../../src/engine/interrupt';
import { findUnfinishedManifest, writeManifest } from '../../src/engine/manifest';
import { describeOutcome, reapRuns } from '../../src/engine/reap';
import { buildResults, type RunRecord as ResultsRun } from '../../src/engine/results';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'cc-ci-reap-outcomes-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A run on another host, silent for an hour: every reap with a limit under that takes it for dead. */
const deadRecord = (stack: string): RunRecord => ({
  stack,
  domain: `${stack}.example`,
  backend: 'swarm',
  stateDir: '/elsewhere',
  owner: { host: 'some-other-host', boot: '', pidNamespace: '', pid: 1, processStart: '' },
  heartbeat: new Date(Date.now() - 3_600_000),
  state: 'running',
});

function registryOf(records: RunRecord[]) {
  const forgotten: string[] = [];
  const registry = {
    list: async () => records,
    forget: async (stack: string) => void forgotten.push(stack),
  } as unknown as RunRegistry;
  return { registry, forgotten };
}

/** A backend kind whose teardown does `teardown` and records the state dir it was given. */
function kindTearingDown(teardown: () => Promise<TeardownReport>) {
  const stateDirs: string[] = [];
  const kind = {
    forApp: (t: { stateDir: string }) => {
      stateDirs.push(t.stateDir);
      return { teardown };
    },
  } as unknown as BackendKind;
  return { kindOf: () => kind, stateDirs };
}

const manifestOf = (stack: string) => ({
  stack,
  domain: `${stack}.example`,
  backend: 'abra' as const,
  stateDir: join(root, stack),
  teardown: 'always' as const,
  finished: false,
  resultsFile: null,
});

describe('reapRuns: a dead run whose teardown does not finish', () => {
  it("keeps the run's own state dir and record when teardown leaves objects, and says what it left", async () => {
    const own = join(root, 'st_one');
    mkdirSync(own);
    writeManifest(join(own, 'manifest.json'), manifestOf('st_one'));
    const { registry, forgotten } = registryOf([deadRecord('st_one')]);
    const { kindOf, stateDirs } = kindTearingDown(async () => ({ problems: [], leftovers: ['volume st_one_data'] }));
    const [o] = await reapRuns(registry, { staleSeconds: 60, kindOf, stateRoot: root });
    expect(o).toMatchObject({ stack: 'st_one', action: 'left', leftovers: ['volume st_one_data'] });
    expect(o!.why).toMatch(/no heartbeat for \d+ s; teardown incomplete$/);
    expect(stateDirs).toEqual([own]);
    expect(existsSync(own)).toBe(true);
    expect(forgotten).toEqual([]);
    expect(describeOutcome(o!)).toMatch(/^could not fully reap stack st_one: .* \(left: volume st_one_data\)$/);
  });

  it("names teardown's first problem, and a throwing teardown's error", async () => {
    const { registry } = registryOf([deadRecord('st_two')]);
    const left = kindTearingDown(async () => ({ problems: ['secret x: in use', 'other'], leftovers: ['secret x'] }));
    const [a] = await reapRuns(registry, { staleSeconds: 60, kindOf: left.kindOf, stateRoot: root });
    expect(a!.why).toMatch(/; secret x: in use$/);
    // Not this state root's run: a throwaway state dir, removed afterwards.
    expect(left.stateDirs[0]).not.toBe(join(root, 'st_two'));
    expect(existsSync(left.stateDirs[0]!)).toBe(false);

    const thrown = kindTearingDown(async () => {
      throw new Error('daemon unreachable');
    });
    const [b] = await reapRuns(registry, { staleSeconds: 60, kindOf: thrown.kindOf, stateRoot: root });
    expect(b).toMatchObject({ action: 'left', leftovers: [] });
    expect(b!.why).toMatch(/; daemon unreachable$/);
    expect(describeOutcome(b!)).not.toContain('(left:');
  });

  it('takes an unreadable manifest for not its own: the dir it names is left alone', async () => {
    const own = join(root, 'st_three');
    mkdirSync(own);
    writeFileSync(join(own, 'manifest.json'), '{ not json');
    const { registry, forgotten } = registryOf([deadRecord('st_three')]);
    const { kindOf, stateDirs } = kindTearingDown(async () => ({ problems: [], leftovers: [] }));
    const [o] = await reapRuns(registry, { staleSeconds: 60, kindOf, stateRoot: root });
    expect(o!.action).toBe('reaped');
    expect(forgotten).toEqual(['st_three']);
    expect(stateDirs[0]).not.toBe(own);
    expect(existsSync(own)).toBe(true);
  });
});

describe('findUnfinishedManifest', () => {
  it('finds none under a state root that does not exist', () => {
    expect(findUnfinishedManifest(join(root, 'missing'))).toBeUndefined();
  });
});

describe('abortOnSignals without a callback', () => {
  it('aborts with Interrupted on the first signal and stops listening once disposed', () => {
    const before = process.listeners('SIGTERM').length;
    const { signal, dispose } = abortOnSignals();
    const handler = process.listeners('SIGTERM').at(-1) as (sig: NodeJS.Signals) => void;
    expect(process.listeners('SIGTERM')).toHaveLength(before + 1);
    handler('SIGTERM');
    handler('SIGTERM');
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBeInstanceOf(Interrupted);
    expect((signal.reason as Interrupted).signal).toBe('SIGTERM');
    dispose();
    expect(process.listeners('SIGTERM')).toHaveLength(before);
  });
});

describe('enforceHostPolicy', () => {
  const reach = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ service: `s${i}`, what: `mounts /etc/${i}`, file: 'compose.yml', line: i + 1 }));

  it('counts one more access in the singular, and falls back to a generic reason', () => {
    const err = (() => {
      try {
        enforceHostPolicy(reach(2), { allow: false });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toBe('service s0 mounts /etc/0 (and 1 more host access); host access is refused');
    expect((err as UserError).file).toBe('compose.yml');
  });

  it('counts several in the plural', () => {
    expect(() => enforceHostPolicy(reach(3), { allow: false, why: 'no' })).toThrow(
      'service s0 mounts /etc/0 (and 2 more host accesses); no',
    );
  });
});

describe('buildResults', () => {
  it('writes null for a host access or service source without a line', () => {
    const prepared = {
      app: { recipe: { name: 'r' }, domain: 'r.example', stack: 'r_example' },
      path: [],
      headPlan: { version: 'head', compose: { services: new Map([['app', { file: 'compose.yml' }]]) } },
      git: { head: 'abc123' },
      overlays: { manifest: null },
      hostReach: [{ service: 'app', what: 'mounts /etc', file: 'compose.yml' }],
    };
    const run = {
      prepared,
      backend: 'swarm',
      startedAt: new Date(),
      deployCount: () => 1,
      dockerWaitMs: () => 0,
    } as unknown as ResultsRun;
    const r = buildResults(run, [], { strategy: 'always', status: 'clean' } as never);
    expect(r.hostAccess).toEqual([{ service: 'app', what: 'mounts /etc', file: 'compose.yml', line: null }]);
    expect(r.sources).toEqual({ app: { file: 'compose.yml', line: null } });
    expect(r.base).toBeNull();
    expect(r.status).toBe('pass');
  });
});
