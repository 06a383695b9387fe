import { describe, expect, it } from 'vitest';
import type { RunOwner, RunRecord } from '../../src/backends/backend';
import { recordOf, RUN_LABEL } from '../../src/backends/swarm/runs';
import { duration } from '../../src/cli/args';
import { currentOwner, liveness, processStart } from '../../src/engine/owner';
import { judge } from '../../src/engine/reap';

const self: RunOwner = { host: 'runner-1', boot: 'boot-a', pidNamespace: 'pid:[4026531836]', pid: 100, processStart: '5000' };
const running = new Set([100, 200]);
const starts: Record<number, string> = { 100: '5000', 200: '7000' };
const check = (owner: Partial<RunOwner>) =>
  liveness(
    { ...self, ...owner },
    self,
    (pid) => running.has(pid),
    (pid) => starts[pid as number] ?? '',
  );

describe('liveness: what this process can prove about a run owner', () => {
  it.each<[string, Partial<RunOwner>, boolean | undefined, string]>([
    ['a running pid that started when recorded', { pid: 200, processStart: '7000' }, true, 'owner pid 200 is running'],
    ['a pid that is gone', { pid: 300 }, false, 'owner pid 300 is gone'],
    [
      'a pid reused by a newer process',
      { pid: 200, processStart: '6000' },
      false,
      'owner pid 200 is gone (the pid now belongs to a newer process)',
    ],
    ['a pid recorded before a reboot', { pid: 200, boot: 'boot-b' }, false, 'owner pid 200 ran before this host rebooted'],
    [
      'a pid in another pid namespace (a container runner)',
      { pid: 300, pidNamespace: 'pid:[4026532000]' },
      undefined,
      'owner pid 300 in another pid namespace',
    ],
    ['a process on another host', { host: 'runner-2', pid: 300 }, undefined, 'owner on another host (runner-2)'],
    ['a running pid whose start time was not recorded (no /proc)', { pid: 200, processStart: '' }, true, 'owner pid 200 is running'],
  ])('%s', (_what, owner, alive, why) => {
    expect(check(owner)).toEqual({ alive, why });
  });

  it('reads this process from /proc: its own start time, a pid namespace and a boot id', () => {
    const me = currentOwner();
    expect(me.pid).toBe(process.pid);
    expect(me.processStart).toMatch(/^\d+$/);
    expect(me.processStart).toBe(processStart(process.pid));
    expect(me.pidNamespace).toMatch(/^pid:\[\d+\]$/);
    expect(liveness(me)).toEqual({ alive: true, why: `owner pid ${process.pid} is running` });
  });
});

const rec = (over: Partial<RunRecord>): RunRecord => ({
  stack: 's',
  domain: 's.ci.local',
  backend: 'swarm',
  stateDir: '/x',
  owner: self,
  heartbeat: new Date('2026-11-24T10:00:00Z'),
  state: 'running',
  ...over,
});
const at = (minutes: number) => new Date(Date.parse('2026-11-24T10:00:00Z') + minutes * 60_000);
const elsewhere = { ...self, host: 'runner-2' };

describe('judge: which recorded runs a reap removes', () => {
  it('reaps a run whose owner is provably gone at once, whatever its heartbeat says', () => {
    expect(judge(rec({ owner: { ...self, pid: 300 } }), 600, at(0), self, () => ({ alive: false, why: 'gone' }))).toEqual({
      reap: true,
      why: 'gone',
    });
  });

  it('never reaps a live owner, however old its heartbeat (a suspended run)', () => {
    expect(judge(rec({}), 600, at(600), self, () => ({ alive: true, why: 'running' }))).toEqual({ reap: false, why: 'running' });
  });

  it('reaps a run it cannot check only once its heartbeat is older than the limit', () => {
    const unknown = () => ({ alive: undefined, why: 'owner on another host (runner-2)' });
    expect(judge(rec({ owner: elsewhere }), 600, at(10), self, unknown)).toEqual({
      reap: false,
      why: 'owner on another host (runner-2), alive 600 s ago',
    });
    expect(judge(rec({ owner: elsewhere }), 600, at(11), self, unknown)).toEqual({
      reap: true,
      why: 'owner on another host (runner-2), no heartbeat for 660 s',
    });
  });

  it('never reaps a kept app, even of a dead run', () => {
    expect(judge(rec({ state: 'kept' }), 0, at(999), self, () => ({ alive: false, why: 'gone' }))).toEqual({
      reap: false,
      why: 'kept on purpose; remove it with cc-ci teardown s',
    });
  });
});

describe('run records read back from service labels', () => {
  const labels = {
    [RUN_LABEL]: 'notes_ci',
    'cc-ci.run.domain': 'notes.ci',
    'cc-ci.run.backend': 'swarm',
    'cc-ci.run.state-dir': '/tmp/cc-ci/notes_ci',
    'cc-ci.run.host': 'runner-1',
    'cc-ci.run.boot': 'boot-a',
    'cc-ci.run.pid-namespace': 'pid:[1]',
    'cc-ci.run.pid': '4242',
    'cc-ci.run.process-start': '99',
    'cc-ci.run.heartbeat': '2026-11-24T10:00:00.000Z',
    'cc-ci.run.state': 'running',
  };

  it('reads a record cc-ci wrote', () => {
    expect(recordOf(labels)).toMatchObject({
      stack: 'notes_ci',
      owner: { host: 'runner-1', pid: 4242, processStart: '99' },
      heartbeat: new Date('2026-11-24T10:00:00.000Z'),
      state: 'running',
    });
  });

  it.each([
    ['a stack name with a path in it', { [RUN_LABEL]: '../etc' }],
    ['no pid', { 'cc-ci.run.pid': '' }],
    ['pid 0 (kill(0) would signal the whole group)', { 'cc-ci.run.pid': '0' }],
    ['a heartbeat that is no date', { 'cc-ci.run.heartbeat': 'yesterday' }],
    ['an unknown state', { 'cc-ci.run.state': 'zombie' }],
  ])('ignores a look-alike with %s', (_what, over) => {
    expect(recordOf({ ...labels, ...over })).toBeUndefined();
  });
});

describe('--older-than', () => {
  it.each([
    ['600', 600],
    ['90s', 90],
    ['30m', 1800],
    ['2h', 7200],
    ['1d', 86400],
  ])('%s is %i seconds', (text, seconds) => {
    expect(duration(text, '--older-than')).toBe(seconds);
  });

  it.each(['', '10 minutes', '-5m', '1.5h', '3w'])('refuses "%s" in one line', (text) => {
    expect(() => duration(text, '--older-than')).toThrow(`--older-than must be a duration like 90s, 30m, 2h or 1d, not "${text}"`);
  });
});
