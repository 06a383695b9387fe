import * as core from '@actions/core';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { UserError } from '../engine/errors';
import { parseRunOptions, type RawRunOptions, type RunSettings } from '../engine/options';
import type { HostPolicy } from '../engine/host-policy';
import { hostPolicy, repoLocalTrusted } from './trust';

export interface ActionInputs extends RunSettings {
  recipePath: string;
  repoLocalTrusted: boolean;
  hostPolicy: HostPolicy;
  recipe?: string;
  domain?: string;
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
  const keys: (keyof RawRunOptions)[] = ['ops', 'backend', 'teardown', 'timeout', 'upgrade-from', 'host-access'];
  const raw: RawRunOptions = Object.fromEntries(keys.map((k) => [k, core.getInput(k)]));
  const root = stateRoot();
  const settings = parseRunOptions(raw, (key) => `input ${key}`);
  return {
    ...settings,
    hostPolicy: hostPolicy(settings.hostAccess),
    recipePath: core.getInput('recipe-path') || '.',
    recipe: core.getInput('recipe') || undefined,
    domain: core.getInput('domain') || undefined,
    initSwarm: initSwarmInput(),
    repoLocalTrusted: repoLocalTrusted(),
    results: core.getInput('results') || join(root, 'results.json'),
    stateRoot: root,
  };
}
