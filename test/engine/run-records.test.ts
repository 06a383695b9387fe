import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/backends/backend';
import { UserError } from '../../src/errors';
import { currentOwner } from '../../src/engine/owner';
import { fakeKind, type CallLog, type FakeScript } from '../support/fake-backend';
import { fixture, harness, STACK } from './helpers';

/** A run with the fake whose record changes land in the same log as its calls, in order. */
function recorded(script: FakeScript = {}, over: Parameters<typeof harness>[3] = {}) {
  const log: CallLog = [];
  const kind = fakeKind(script, log, log);
  const h = harness(fixture('real-shaped'), ['install'], script, { backend: kind, ...over });
  return { log, kind, h };
}

/** The pid of a process that has exited (and been waited for). */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid;

const record = (stack: string, over: Partial<RunRecord> = {}): RunRecord => ({
  stack,
  domain: `${stack}.ci.local`,
  backend: 'swarm',
  stateDir: `/nowhere/${stack}`,
  owner: currentOwner(),
  heartbeat: new Date(),
  state: 'running',
  ...over,
});

describe("a run's record on the host", () => {
  it('is claimed after host setup and before the first thing the run creates, and released after a clean teardown', async () => {
    const { log, kind, h } = recorded();
    await h.start();
    expect(log.slice(0, 3)).toEqual(['setupHost', `claim ${STACK}`, `secret ${STACK}_api_key_v1`]);
    expect(log.at(-1)).toBe(`release ${STACK}`);
    expect(log.indexOf('teardown')).toBeLessThan(log.indexOf(`release ${STACK}`));
    expect(kind.records.records.size).toBe(0);
  });

  it('names its owner: this host, this process and its start time', async () => {
    const { kind, h } = recorded({}, { teardown: 'never' });
    await h.start();
    const rec = kind.records.records.get(STACK)!;
    expect(rec.owner).toEqual(currentOwner());
    expect(rec.owner.pid).toBe(process.pid);
    expect([rec.domain, rec.backend, rec.stateDir]).toEqual(['engine.ci.local', 'swarm', h.stateDir]);
  });

  it('stays, marked kept, with a kept app; marked leftovers when teardown leaves objects', async () => {
    const kept = recorded({}, { teardown: 'never' });
    await kept.h.start();
    expect(kept.kind.records.records.get(STACK)?.state).toBe('kept');
    const left = recorded({ teardown: { problems: ['volume in use'], leftovers: ['volume x'] } });
    await left.h.start();
    expect(left.kind.records.records.get(STACK)?.state).toBe('leftovers');
  });

  it('refuses a stack a live run holds: one line, nothing deployed, no state left', async () => {
    const { log, kind, h } = recorded();
    await kind.records.claim(record(STACK));
    kind.records.claim = async () => {
      throw new UserError(`stack ${STACK} is held by pid 1 on elsewhere`);
    };
    await expect(h.start()).rejects.toThrow(`stack ${STACK} is held by pid 1 on elsewhere`);
    expect(log.filter((l) => l.startsWith('deploy') || l.startsWith('secret'))).toEqual([]);
    expect(existsSync(h.stateDir)).toBe(false);
  });
});

describe('reaping before a run', () => {
  it("tears down and forgets dead runs (this host's gone pid, another host's silent run), spares live and kept ones", async () => {
    const { log, kind, h } = recorded();
    const dead = 'dead_ci_local';
    const silent = 'silent_ci_local';
    const live = 'live_ci_local';
    const busy = 'busy_ci_local';
    const kept = 'kept_ci_local';
    const elsewhere = { ...currentOwner(), host: 'another-runner' };
    const old = new Date(Date.now() - 3600_000);
    for (const r of [
      record(dead, { owner: { ...currentOwner(), pid: deadPid() } }),
      record(silent, { owner: elsewhere, heartbeat: old }),
      record(live),
      record(busy, { owner: elsewhere }),
      record(kept, { owner: { ...currentOwner(), pid: deadPid() }, state: 'kept' }),
    ])
      kind.records.records.set(r.stack, r);
    const said: string[] = [];
    const h2 = harness(
      fixture('real-shaped'),
      ['install'],
      {},
      {
        backend: kind,
        reap: { staleSeconds: 600, kindOf: () => kind, stateRoot: h.stateDir },
        events: { info: (m) => said.push(m) },
      },
    );
    await h2.start();
    expect([...kind.records.records.keys()].sort()).toEqual([busy, kept, live].sort());
    // Each dead run's app was torn down by its own backend before its record went.
    expect(
      kind.apps
        .filter((a) => a.tornDown)
        .map((a) => a.target.stack)
        .sort(),
    ).toEqual([dead, silent, STACK].sort());
    expect(log.indexOf(`release ${dead}`)).toBeLessThan(log.indexOf(`claim ${STACK}`));
    expect(said.filter((l) => l.startsWith('reaped'))).toEqual([
      expect.stringMatching(new RegExp(`^reaped stack ${dead}: owner pid \\d+ is gone$`)),
      expect.stringMatching(
        new RegExp(`^reaped stack ${silent}: owner on another host \\(another-runner\\), no heartbeat for 36\\d\\d s$`),
      ),
    ]);
  });
});
