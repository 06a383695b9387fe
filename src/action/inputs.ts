import * as core from '@actions/core';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { UserError } from '../engine/errors';
import { parseOps } from '../engine/options';
import { TeardownStrategy, type OpName } from '../report/schema';

export interface ActionInputs {
  recipePath: string;
  recipe?: string;
  ops: OpName[];
  domain?: string;
  teardown: TeardownStrategy;
  timeout?: number;
  initSwarm: boolean;
  results: string;
  stateRoot: string;
}

/** Where the action keeps per-run state: under RUNNER_TEMP, so the post step finds it. */
export function stateRoot(): string {
  return join(process.env.RUNNER_TEMP || tmpdir(), 'cc-ci');
}

/** init-swarm: auto means "on GitHub-hosted (ephemeral) runners only", never on a shared host. */
export function initSwarmInput(): boolean {
  const v = core.getInput('init-swarm') || 'auto';
  if (v === 'auto') return process.env.RUNNER_ENVIRONMENT === 'github-hosted';
  if (v === 'true' || v === 'false') return v === 'true';
  throw new UserError(`input init-swarm must be auto, true or false, not "${v}"`);
}

export function readInputs(): ActionInputs {
  const teardown = TeardownStrategy.safeParse(core.getInput('teardown') || 'always');
  if (!teardown.success) throw new UserError(`input teardown must be always, on-success or never, not "${core.getInput('teardown')}"`);
  const backend = core.getInput('backend') || 'swarm';
  if (backend !== 'swarm') throw new UserError(`input backend: "${backend}" is not available in this version; use swarm`);
  const timeoutRaw = core.getInput('timeout');
  const timeout = timeoutRaw ? Number(timeoutRaw) : undefined;
  if (timeout !== undefined && (!Number.isInteger(timeout) || timeout < 1)) throw new UserError(`input timeout must be a whole number of seconds, not "${timeoutRaw}"`);
  const root = stateRoot();
  return {
    recipePath: core.getInput('recipe-path') || '.',
    recipe: core.getInput('recipe') || undefined,
    ops: parseOps(core.getInput('ops') || 'install', 'input ops'),
    domain: core.getInput('domain') || undefined,
    teardown: teardown.data,
    timeout,
    initSwarm: initSwarmInput(),
    results: core.getInput('results') || join(root, 'results.json'),
    stateRoot: root,
  };
}
