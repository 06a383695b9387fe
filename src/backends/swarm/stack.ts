import { run, firstErrorLine, type RunOptions, type RunResult } from '../../util/exec';
import { onOwnPath } from '../../util/own-env';
import { stackClient, writeIsolated } from './stack-env';

/**
 * Every docker CLI call: on cc-ci's endpoint with its flags and none of the environment's DOCKER_*
 * (stack-env.ts stackClient); `appEnv` is what a `stack deploy` interpolates its files with.
 */
export async function docker(
  args: readonly string[],
  opts: Omit<RunOptions, 'env'> = {},
  appEnv: Record<string, string> = {},
): Promise<RunResult> {
  const client = stackClient(appEnv);
  return run(onOwnPath('docker'), [...client.flags, ...args], { ...opts, env: client.env });
}

let detachFlag: Promise<string[]> | undefined;

/** docker CLI >= 23 waits for convergence unless told not to; the 20.10 CLI has no such flag. */
function detachArgs(): Promise<string[]> {
  detachFlag ??= docker(['stack', 'deploy', '--help']).then((r) => (r.stdout.includes('--detach') ? ['--detach=true'] : []));
  return detachFlag;
}

export interface StackDeploy {
  stack: string;
  /** Directory the compose files are relative to (the recipe checkout being deployed). */
  dir: string;
  composeFiles: string[];
  /** The app's env: what the compose files are interpolated with (and nothing else). */
  env: Record<string, string>;
  signal?: AbortSignal;
}

/**
 * `docker stack deploy` of the compose files with their variable references renamed (stack-env.ts),
 * so docker interpolates them with the app's env and is configured by cc-ci's env alone; returns
 * as soon as the swarm accepted the spec. Messages name the original files and variables.
 */
export async function stackDeploy(d: StackDeploy): Promise<RunResult> {
  const isolated = writeIsolated(d.dir, d.composeFiles, d.env);
  try {
    const files = isolated.files.flatMap((f) => ['-c', f]);
    const r = await docker(
      ['stack', 'deploy', ...(await detachArgs()), '--resolve-image', 'never', ...files, d.stack],
      { cwd: d.dir, signal: d.signal, timeoutMs: 120_000 },
      d.env,
    );
    return { ...r, stdout: isolated.shown(r.stdout), stderr: isolated.shown(r.stderr) };
  } finally {
    isolated.remove();
  }
}

/** Progress and notices `docker stack deploy` prints around the error that matters. */
const NOISE =
  /^(Since --detach|In a future release|Creating (network|service|secret|config)|Updating service|Ignoring (unsupported|deprecated) options|\S+: (Setting the container name|Exposing ports) )/;

/** Why `docker stack deploy` refused, in one line: what it printed, minus its progress and notices. */
export function refusal(r: RunResult): string {
  const lines = `${r.stdout}\n${r.stderr}`
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !NOISE.test(l));
  return lines.join(' ') || `exit code ${r.code}`;
}

/** `docker stack rm`; "nothing found" and races with an earlier rm are not errors. */
export async function stackRm(stack: string): Promise<string | undefined> {
  const r = await docker(['stack', 'rm', stack], { timeoutMs: 60_000 });
  if (r.code === 0 || /Nothing found in stack|not found/i.test(r.stderr + r.stdout)) return undefined;
  return firstErrorLine(r);
}
