import { hookArgv, type BackupTarget } from '../recipe/backupbot';
import type { OpContext, OpOutcome } from './operation';
import { fail } from './operation';
import type { Assertion } from '../report/schema';

const OUTPUT_LINES = 20;
/** docker exec's answer when the image has no such program (exit 126). */
const NO_BASH = /exec: "bash": executable file not found|"bash": no such file/;

export interface HookRun {
  /** The failed op outcome (the hook's own output as last lines), or null when it passed. */
  failed: OpOutcome | null;
  assertion: Assertion;
}

/**
 * Runs a backupbot hook label in the service's running container as backupbot runs it: through
 * `bash -c 'set -o pipefail;…'` after backupbot's normalisation; with `sh -c` when the image has
 * no bash (where backupbot itself would fail: the detail says so). Stricter than backupbot, which
 * only logs a failing hook: a non-zero exit fails the op.
 */
export async function runLabelHook(ctx: OpContext, target: BackupTarget, label: string, command: string): Promise<HookRun> {
  ctx.progress(`${target.service}: ${label}`);
  let argv: string[];
  try {
    argv = hookArgv(command, 'bash');
  } catch (e) {
    const detail = `${label} label cannot be split into a command as backupbot splits it: ${(e as Error).message}`;
    return {
      failed: fail(`${target.service}: ${detail}`, [], { reason: 'hook_failed', service: target.service, event: command }),
      assertion: { name: `${target.service} ${label}`, status: 'fail', detail },
    };
  }
  let r = await ctx.backend.exec(target.swarmName, argv, ctx.signal);
  let shell = 'bash';
  if (r.code === 126 && NO_BASH.test(r.output)) {
    shell = 'sh (the image has no bash, which backupbot needs)';
    r = await ctx.backend.exec(target.swarmName, hookArgv(command, 'sh'), ctx.signal);
  }
  const lines = r.output
    .replace(/\n$/, '')
    .split('\n')
    .filter((l, i, all) => l !== '' || i < all.length - 1)
    .slice(-OUTPUT_LINES);
  const output = lines.length ? `: ${lines.slice(-3).join(' | ')}` : '';
  if (r.code === 0)
    return { failed: null, assertion: { name: `${target.service} ${label}`, status: 'pass', detail: `exit 0 via ${shell}` } };
  const assertion: Assertion = { name: `${target.service} ${label}`, status: 'fail', detail: `${command} → exit ${r.code} via ${shell}` };
  const why = r.code === -1 ? r.output : `${label} of ${target.service} failed (exit ${r.code})${output}`;
  return {
    failed: fail(why, [assertion], {
      reason: 'hook_failed',
      service: target.service,
      exitCode: r.code >= 0 ? r.code : undefined,
      event: command,
      lines,
    }),
    assertion,
  };
}
