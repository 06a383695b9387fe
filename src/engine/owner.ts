import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import type { RunOwner } from '../backends/backend';

/** Reads a /proc file, or '' where there is none (macOS, a restricted /proc). */
function proc(read: () => string): string {
  try {
    return read().trim();
  } catch {
    return '';
  }
}

/**
 * A process's start time in clock ticks after boot: field 22 of /proc/<pid>/stat, counted after
 * the command name, which is in parentheses and may itself hold spaces and parentheses.
 */
export function processStart(pid: number | 'self'): string {
  return statFields(pid)[19] ?? '';
}

/** The fields of /proc/<pid>/stat after the command name (state first); none where unreadable. */
function statFields(pid: number | 'self'): string[] {
  const stat = proc(() => readFileSync(`/proc/${pid}/stat`, 'utf8'));
  return stat ? stat.slice(stat.lastIndexOf(')') + 2).split(' ') : [];
}

/** This process, as a run records its owner. */
export function currentOwner(): RunOwner {
  return {
    host: hostname(),
    boot: proc(() => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8')),
    pidNamespace: proc(() => readlinkSync('/proc/self/ns/pid')),
    pid: process.pid,
    processStart: processStart('self'),
  };
}

export type Liveness = { alive: true; why: string } | { alive: false; why: string } | { alive: undefined; why: string };

/**
 * Whether the owner of a run still lives, as far as `self` can prove: only a process on the same
 * host and in the same pid namespace can be checked; a reboot, a dead pid, or a pid now held by a
 * process that started at another time are proof it is gone. Anything else is unknown (the
 * heartbeat decides).
 */
export function liveness(owner: RunOwner, self: RunOwner = currentOwner(), exists = pidExists, startOf = processStart): Liveness {
  if (owner.host !== self.host) return { alive: undefined, why: `owner on another host (${owner.host})` };
  if (owner.boot && self.boot && owner.boot !== self.boot)
    return { alive: false, why: `owner pid ${owner.pid} ran before this host rebooted` };
  if (owner.pidNamespace !== self.pidNamespace) return { alive: undefined, why: `owner pid ${owner.pid} in another pid namespace` };
  if (!exists(owner.pid)) return { alive: false, why: `owner pid ${owner.pid} is gone` };
  const start = owner.processStart && startOf(owner.pid);
  if (start && start !== owner.processStart)
    return { alive: false, why: `owner pid ${owner.pid} is gone (the pid now belongs to a newer process)` };
  return { alive: true, why: `owner pid ${owner.pid} is running` };
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    // EPERM: a process we may not signal still exists.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A killed process its parent has not waited for yet is a zombie: it runs nothing.
  return statFields(pid)[0] !== 'Z';
}
