import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { run, type RunResult } from '../../util/exec';
import { ownEnv } from '../../util/own-env';
import { UserError } from '../../errors';
import { abraEnv, versionCheck } from './commands';
import { dockerEndpoint, endpointEnv, type Endpoint } from '../swarm/endpoint';
import { failureLine, lastLines } from './output';

/** The one line a missing abra gives, naming how abra's docs say to install it. */
export const ABRA_MISSING =
  'backend abra: no `abra` on PATH; install it as https://docs.coopcloud.tech/abra/install/ says (curl https://install.abra.coopcloud.tech | bash, which puts it in ~/.local/bin: add that to PATH), or use --backend swarm';

/** How long an abra step may take unless told otherwise (the deploy itself is quick: abra does not wait for convergence). */
const STEP_MS = 180_000;

export interface AbraRunOptions {
  signal?: AbortSignal;
  /** Default: STEP_MS. */
  timeoutMs?: number;
}

/**
 * Runs abra with an argv array (never a shell) and the environment commands.ts builds: cc-ci's
 * own allowlisted environment plus a private ABRA_DIR, so the runner's ~/.abra is never read or
 * written and no recipe variable reaches abra's process.
 */
export class AbraCli {
  readonly env: Readonly<Record<string, string>>;

  constructor(
    readonly abraDir: string,
    base: Readonly<Record<string, string>> = ownEnv(),
    endpoint: Endpoint = dockerEndpoint(),
  ) {
    this.env = abraEnv(base, abraDir, endpointEnv(endpoint));
  }

  run(argv: readonly string[], opts: AbraRunOptions = {}): Promise<RunResult> {
    return runAbra(argv, this.env, { ...opts, timeoutMs: opts.timeoutMs ?? STEP_MS });
  }

  /** run(), and a failure thrown as `Failed`: "<what> failed: <abra's line>", with abra's last lines. */
  async runOrThrow(
    what: string,
    argv: readonly string[],
    Failed: new (message: string, lines: string[]) => Error,
    opts: AbraRunOptions = {},
  ): Promise<RunResult> {
    const r = await this.run(argv, opts);
    if (r.code !== 0) throw new Failed(`${what} failed: ${failureLine(r)}`, lastLines(r));
    return r;
  }
}

/** `run('abra', …)`, with a missing binary turned into the one-line UserError. */
async function runAbra(argv: readonly string[], env: Readonly<Record<string, string>>, opts: AbraRunOptions = {}): Promise<RunResult> {
  try {
    return await run('abra', argv, { env: { ...env }, signal: opts.signal, timeoutMs: opts.timeoutMs });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new UserError(ABRA_MISSING);
    throw e;
  }
}

/**
 * `abra --version`'s first line (`abra version 0.13.0-beta-06a57de`). Run with a throwaway
 * ABRA_DIR: abra may create its directory tree on any command, and the host's ~/.abra is not ours.
 */
export async function abraVersion(base: Readonly<Record<string, string>> = ownEnv()): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'cc-ci-abra-'));
  try {
    const r = await runAbra(versionCheck(), abraEnv(base, dir), { timeoutMs: 30_000 });
    if (r.code !== 0)
      throw new UserError(
        `backend abra: \`abra --version\` failed (${failureLine(r)}); reinstall abra as https://docs.coopcloud.tech/abra/install/ says`,
      );
    return (r.stdout.trim() || r.stderr.trim()).split('\n')[0]!.trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
