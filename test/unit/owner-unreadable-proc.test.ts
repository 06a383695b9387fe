import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { liveness, processStart } from '../../src/engine/owner';
import type { RunOwner } from '../../src/backends/backend';

// A pid above the kernel's pid_max can never be assigned, so /proc has no entry for it.
const neverAPid = Number(readFileSync('/proc/sys/kernel/pid_max', 'utf8').trim()) + 1;

describe('owner: a process whose /proc entry cannot be read', () => {
  it('has no start time rather than an error', () => {
    expect(processStart(neverAPid)).toBe('');
  });

  it('reads the start time of a live process as clock ticks, the same each time', () => {
    const start = processStart(process.pid);
    expect(start).toMatch(/^\d+$/);
    expect(processStart('self')).toBe(start);
  });

  it('is judged gone by the default pid check when its pid cannot exist', () => {
    const self: RunOwner = { host: 'h', boot: 'b', pidNamespace: 'pid:[1]', pid: process.pid, processStart: '1' };
    expect(liveness({ ...self, pid: neverAPid, processStart: '' }, self)).toEqual({
      alive: false,
      why: `owner pid ${neverAPid} is gone`,
    });
  });
});
