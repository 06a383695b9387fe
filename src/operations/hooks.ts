import type { BackupTarget } from '../recipe/backupbot';
import type { OpContext, OpOutcome } from '../engine/operation';
import { fail } from '../engine/operation';
import { shlexSplit } from '../util/shlex';

const OUTPUT_LINES = 20;

/**
 * Runs a backupbot hook label inside the service's running container, split like backupbot
 * splits it (shlex, no shell). Returns a failed outcome carrying the hook's own output, or null.
 */
export async function runLabelHook(ctx: OpContext, target: BackupTarget, label: string, command: string): Promise<OpOutcome | null> {
  let argv: string[];
  try {
    argv = shlexSplit(command);
  } catch (e) {
    return fail(`${target.service}: ${label} label cannot be parsed: ${(e as Error).message}`, [], { reason: 'hook_failed', service: target.service });
  }
  ctx.progress(`${target.service}: ${label}`);
  const r = await ctx.backend.exec(target.swarmName, argv, ctx.signal);
  if (r.code === 0) return null;
  const lines = r.output.replace(/\n$/, '').split('\n').slice(-OUTPUT_LINES);
  const why = r.code === -1 ? r.output : `${label} of ${target.service} failed (exit ${r.code}): ${lines.slice(-3).join(' | ')}`;
  return fail(why, [{ name: label, status: 'fail', detail: `${command} → exit ${r.code}` }], {
    reason: 'hook_failed',
    service: target.service,
    exitCode: r.code >= 0 ? r.code : undefined,
    event: command,
    lines,
  });
}
