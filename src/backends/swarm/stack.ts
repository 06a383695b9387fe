import { run, firstErrorLine, type RunResult } from '../../util/exec';

let detachFlag: Promise<string[]> | undefined;

/** docker CLI >= 23 waits for convergence unless told not to; the 20.10 CLI has no such flag. */
function detachArgs(): Promise<string[]> {
  detachFlag ??= run('docker', ['stack', 'deploy', '--help']).then((r) => (r.stdout.includes('--detach') ? ['--detach=true'] : []));
  return detachFlag;
}

export interface StackDeploy {
  stack: string;
  /** Directory the compose files are relative to (the recipe checkout being deployed). */
  dir: string;
  composeFiles: string[];
  /** The app's env: passed as process env, which is what `docker stack deploy` interpolates with. */
  env: Record<string, string>;
  signal?: AbortSignal;
}

/**
 * `docker stack deploy` of the original compose files (never rendered output, which would
 * interpolate `$$` twice), returning as soon as the swarm accepted the spec.
 */
export async function stackDeploy(d: StackDeploy): Promise<RunResult> {
  const files = d.composeFiles.flatMap((f) => ['-c', f]);
  return run('docker', ['stack', 'deploy', ...(await detachArgs()), '--resolve-image', 'never', ...files, d.stack], {
    cwd: d.dir,
    env: { ...process.env, ...d.env },
    signal: d.signal,
    timeoutMs: 120_000,
  });
}

/** `docker stack rm`; "nothing found" and races with an earlier rm are not errors. */
export async function stackRm(stack: string): Promise<string | undefined> {
  const r = await run('docker', ['stack', 'rm', stack], { timeoutMs: 60_000 });
  if (r.code === 0 || /Nothing found in stack|not found/i.test(r.stderr + r.stdout)) return undefined;
  return firstErrorLine(r);
}
