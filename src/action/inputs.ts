import * as core from '@actions/core';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

import { parseRunOptions, type RawRunOptions, type RunSettings } from '../engine/options';
import { UserError } from '../errors';

/**
 * Every input of action.yml, read in this one module (the other action files take typed values
 * from here). Each mode reads only the inputs it uses, and bad values are one-line errors.
 */
export type InputName =
  | 'recipe-path' | 'recipe' | 'ops' | 'upgrade-from' | 'backend' | 'domain' | 'teardown' | 'timeout'
  | 'allow-repo-local' | 'host-access' | 'mode' | 'sha' | 'github-token' | 'pr-comment' | 'recipes'
  | 'results-dir' | 'init-swarm' | 'results';

const input = (name: InputName): string => core.getInput(name);

export const MODES = ['test', 'comment', 'feedback', 'report'] as const;
export type Mode = (typeof MODES)[number];

export function mode(): Mode {
  const m = input('mode') || 'test';
  if (!(MODES as readonly string[]).includes(m)) throw new UserError(`input mode must be ${MODES.join(', ')}, not "${m}"`);
  return m as Mode;
}

/** Where the action keeps per-run state: under RUNNER_TEMP, so the post step finds it. */
export function stateRoot(): string {
  return join(process.env.RUNNER_TEMP || tmpdir(), 'cc-ci');
}

/** init-swarm: auto means "on GitHub-hosted (ephemeral) runners only", never on a shared host. */
export function initSwarmInput(): boolean {
  const v = input('init-swarm') || 'auto';
  if (v === 'auto') return process.env.RUNNER_ENVIRONMENT === 'github-hosted';
  if (v === 'true' || v === 'false') return v === 'true';
  throw new UserError(`input init-swarm must be auto, true or false, not "${v}"`);
}

/** allow-repo-local as given (trust.ts decides what auto means for this event). */
export function allowRepoLocalInput(): 'auto' | 'true' | 'false' {
  const v = input('allow-repo-local') || 'auto';
  if (v !== 'auto' && v !== 'true' && v !== 'false') throw new UserError(`input allow-repo-local must be auto, true or false, not "${v}"`);
  return v;
}

export const recipePathInput = (): string => input('recipe-path') || '.';
/** The recipe's name when the workflow gives it (else the checkout's directory name). */
export const recipeInput = (): string | undefined => input('recipe') || undefined;
export const githubToken = (): string => input('github-token');
export const resultsDirInput = (): string => input('results-dir');

/** mode: test — the run settings shared with the CLI, plus where things are. */
export interface TestInputs extends RunSettings {
  recipePath: string;
  recipe?: string;
  domain?: string;
  initSwarm: boolean;
  results: string;
  stateRoot: string;
  /** pr-comment: true (a pull_request run comments itself). */
  prComment: boolean;
}

export function testInputs(): TestInputs {
  const keys: (keyof RawRunOptions & InputName)[] = ['ops', 'backend', 'teardown', 'timeout', 'upgrade-from', 'host-access'];
  const raw: RawRunOptions = Object.fromEntries(keys.map((k) => [k, input(k)]));
  const root = stateRoot();
  return {
    ...parseRunOptions(raw, (key) => `input ${key}`),
    recipePath: recipePathInput(),
    recipe: recipeInput(),
    domain: input('domain') || undefined,
    initSwarm: initSwarmInput(),
    results: input('results') || join(root, 'results.json'),
    stateRoot: root,
    prComment: input('pr-comment') === 'true',
  };
}

/** mode: feedback — the commit the gate resolved, and whether to comment (default yes). */
export function feedbackInputs(): { sha: string; recipe?: string; resultsDir: string; token: string; comment: boolean } {
  return { sha: input('sha'), recipe: recipeInput(), resultsDir: resultsDirInput(), token: githubToken(), comment: input('pr-comment') !== 'false' };
}

/** mode: report — the recipes the matrix ran (listed even when a leg uploaded nothing). */
export function reportInputs(): { recipes: string[]; resultsDir: string; token: string } {
  return { recipes: input('recipes').split(/[\s,]+/).filter(Boolean), resultsDir: resultsDirInput(), token: githubToken() };
}
