import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Backend } from '../backends/backend';
import { buildAutopsy } from '../report/autopsy';
import type { Diagnosis } from '../backends/backend';
import type { Autopsy, OpName } from '../report/schema';
import type { OpOutcome } from '../operations/operation';

const CAPTURE_MS = 20_000;

/**
 * The autopsy of a failed op: the op's own evidence plus, for a failing service, what the swarm
 * recorded (exit code, OOM flag, health output, log tail). Time-boxed and fail-open: a failure
 * to collect is noted in the event and never hides the op's own error.
 */
export async function autopsyOf(backend: Backend, stateDir: string, op: OpName, outcome: OpOutcome): Promise<Autopsy> {
  const failure = outcome.failure;
  let diag: Diagnosis = {};
  if (failure?.service && !failure.lines) {
    const dir = join(stateDir, 'logs', 'services');
    mkdirSync(dir, { recursive: true });
    const timer = new AbortController();
    const timeout = setTimeout(() => timer.abort(), CAPTURE_MS);
    try {
      diag = await Promise.race([
        backend.diagnose(failure.service, failure.containerId, join(dir, `${op}-${failure.service}.log`), timer.signal),
        new Promise<Diagnosis>((resolve) =>
          timer.signal.addEventListener('abort', () => resolve({ problem: `capture took over ${CAPTURE_MS / 1000}s` })),
        ),
      ]);
    } catch (e) {
      diag = { problem: (e as Error).message };
    } finally {
      clearTimeout(timeout);
    }
  }
  return buildAutopsy(op, outcome, diag);
}
