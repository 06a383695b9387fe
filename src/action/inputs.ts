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
  | 'recipe-path'
  | 'recipe'
  | 'ops'
  | 'upgrade-from'
  | 'backend'
  | 'domain'
  | 'teardown'
  | 'timeout'
  | 'allow-repo-local'
  | 'host-access'
  | 'mode'
  | 'sha'
  | 'github-token'
  | 'pr-comment'
  | 'recipes'
  | 'results-dir'
  | 'init-swarm'
  | 'results'
  | 'retention-days';

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

/**
 * The spellings @actions/core's getBooleanInput takes (the YAML 1.2 core schema's booleans):
 * packages/core/src/core.ts in actions/toolkit. It throws a TypeError with a second line for
 * anything else; cc-ci's inputs also take `auto`, and a bad value is one line naming the input.
 */
export const TRUE_VALUES = ['true', 'True', 'TRUE'] as const;
export const FALSE_VALUES = ['false', 'False', 'FALSE'] as const;

/** An input of auto | true | false: empty is auto, true and false as getBooleanInput reads them. */
export function autoBooleanInput(name: InputName): 'auto' | boolean {
  const v = input(name);
  if (v === '' || v === 'auto') return 'auto';
  if ((TRUE_VALUES as readonly string[]).includes(v)) return true;
  if ((FALSE_VALUES as readonly string[]).includes(v)) return false;
  throw new UserError(`input ${name} must be auto, true or false (also True, TRUE, False, FALSE), not "${v}"`);
}

/** init-swarm: auto means "on GitHub-hosted (ephemeral) runners only", never on a shared host. */
export function initSwarmInput(): boolean {
  const v = autoBooleanInput('init-swarm');
  return v === 'auto' ? process.env.RUNNER_ENVIRONMENT === 'github-hosted' : v;
}

/** allow-repo-local as given (trust.ts decides what auto means for this event). */
export function allowRepoLocalInput(): 'auto' | boolean {
  return autoBooleanInput('allow-repo-local');
}

/**
 * retention-days: days the artifact is kept. Empty (or 0, as upload-artifact reads it) is the
 * repository's setting. GitHub allows 1 to 90 days on a public repository and up to 400 on a
 * private one; @actions/artifact lowers a value above the repository's own limit to that limit,
 * with a warning.
 */
export const MAX_RETENTION_DAYS = 400;
export function retentionDaysInput(): number | undefined {
  const v = input('retention-days');
  if (v === '' || v === '0') return undefined;
  const days = /^[0-9]+$/.test(v) ? Number(v) : NaN;
  if (!(days >= 1 && days <= MAX_RETENTION_DAYS))
    throw new UserError(
      `input retention-days is "${v}"; give a whole number of days from 1 to ${MAX_RETENTION_DAYS} (90 at most on a public repository), or leave it empty for the repository's setting`,
    );
  return days;
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
  /** retention-days: undefined is the repository's setting. */
  retentionDays?: number;
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
    prComment: autoBooleanInput('pr-comment') === true,
    retentionDays: retentionDaysInput(),
  };
}

/** mode: feedback — the commit the gate resolved, and whether to comment (default yes). */
export function feedbackInputs(): { sha: string; recipe?: string; resultsDir: string; token: string; comment: boolean } {
  return {
    sha: input('sha'),
    recipe: recipeInput(),
    resultsDir: resultsDirInput(),
    token: githubToken(),
    comment: autoBooleanInput('pr-comment') !== false,
  };
}

/** mode: report — the recipes the matrix ran (listed even when a leg uploaded nothing). */
export function reportInputs(): { recipes: string[]; resultsDir: string; token: string } {
  return {
    recipes: input('recipes')
      .split(/[\s,]+/)
      .filter(Boolean),
    resultsDir: resultsDirInput(),
    token: githubToken(),
  };
}
