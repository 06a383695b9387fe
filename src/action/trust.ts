import * as core from '@actions/core';
import * as github from '@actions/github';
import { UserError } from '../engine/errors';

/** True when the event is a pull request whose head lives in another repository (a fork). */
export function isForkPullRequest(payload: typeof github.context.payload): boolean {
  const pr = payload.pull_request;
  if (!pr) return false;
  const head = (pr.head as { repo?: { full_name?: string } | null } | undefined)?.repo?.full_name;
  const base = (pr.base as { repo?: { full_name?: string } } | undefined)?.repo?.full_name;
  return !head || head !== base;
}

/**
 * allow-repo-local: whether the recipe's own executables (.cc-ci/install_steps.sh, hooks, tests)
 * may run. auto (default) allows them except on a pull request from a fork, whose author may
 * not be trusted with the runner and its token.
 */
export function repoLocalTrusted(): boolean {
  const v = core.getInput('allow-repo-local') || 'auto';
  if (v === 'true' || v === 'false') return v === 'true';
  if (v !== 'auto') throw new UserError(`input allow-repo-local must be auto, true or false, not "${v}"`);
  return !isForkPullRequest(github.context.payload);
}
