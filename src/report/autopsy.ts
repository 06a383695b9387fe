import { MAX_LAST_LINES, type Diagnosis } from '../backends/types';
import { HINTS } from './hints';
import type { Autopsy, FailureReason, OpName } from './schema';

/** The machine-readable cause of a failed op, as the op saw it (refined here by the diagnosis). */
export interface OpFailure {
  reason: FailureReason;
  service?: string;
  exitCode?: number;
  containerId?: string;
  event?: string;
  lines?: string[];
}

/** What the swarm and dockerd say when a published port is taken. */
export const PORT_TAKEN = /address already in use|port is already allocated|host-mode port already in use/i;

/** Error texts that name the cause better than the op's first guess. */
const BY_MESSAGE: [RegExp, FailureReason][] = [
  [/no such image|manifest unknown|pull access denied|repository does not exist/i, 'image_missing'],
  [PORT_TAKEN, 'port_in_use'],
  [/secret not found|config not found|(secret|config) \S+ not found/i, 'secret_or_config_missing'],
  [/\boom(killed)?\b|out of memory/i, 'oom_killed'],
];

/** What `docker stack deploy` refused, from its message (measured on docker 20.10 and 28). */
const BY_REFUSAL: [RegExp, FailureReason][] = [
  [
    /cannot be used with services|only one instance of "\w+" network|declared as external, but (could not be found|it is not in the right scope)|undefined network/i,
    'network_unusable',
  ],
  [/(secret|config) not found|undefined (secret|config)\b|open \S+: no such file or directory/i, 'secret_or_config_missing'],
  [
    /Additional property|must be a|contains unsupported options|invalid image reference|undefined volume|is not allowed|yaml: /i,
    'compose_invalid',
  ],
];

const KEEP_REASON = new Set<FailureReason>(['hook_failed', 'test_failed', 'backup_incomplete', 'restore_mismatch']);

/** The reason, refined by what the diagnosis and the error text show. */
export function classify(failure: OpFailure, diag: Diagnosis = {}): FailureReason {
  // What a hook, a test or the backup tool printed is theirs: restic's "repository does not exist" is no missing image.
  if (KEEP_REASON.has(failure.reason)) return failure.reason;
  if (failure.reason === 'deploy_rejected') return BY_REFUSAL.find(([re]) => re.test(failure.event ?? ''))?.[1] ?? failure.reason;
  if (diag.oomKilled) return 'oom_killed';
  return BY_MESSAGE.find(([re]) => re.test(failure.event ?? ''))?.[1] ?? failure.reason;
}

/** The autopsy of a failed op, from its outcome and whatever the backend diagnosed. */
export function buildAutopsy(op: OpName, outcome: { reason: string; failure?: OpFailure }, diag: Diagnosis = {}): Autopsy {
  const failure = outcome.failure ?? { reason: 'unknown' as const };
  const reason = classify(failure, diag);
  const health = reason === 'unhealthy' && diag.healthOutput ? `; healthcheck said: ${diag.healthOutput.trim()}` : '';
  const lines = failure.lines ?? diag.lines ?? [];
  return {
    kind: 'failure_autopsy',
    op,
    service: failure.service ?? null,
    reason,
    exit_code: failure.exitCode ?? diag.exitCode ?? null,
    event: `${failure.event ?? outcome.reason}${health}${diag.problem ? ` (diagnosis incomplete: ${diag.problem})` : ''}`.slice(0, 4096),
    last_lines: lines.slice(-MAX_LAST_LINES),
    hint: HINTS[reason],
  };
}
