import * as github from '@actions/github';

import { ALLOW_HOST, refuseHost, type HostPolicy } from '../engine/host-policy';
import type { HostAccessSetting } from '../engine/options';
import { allowRepoLocalInput } from './inputs';

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
  const v = allowRepoLocalInput();
  if (v !== 'auto') return v;
  return !isForkPullRequest(github.context.payload);
}

/**
 * host-access: what the recipe may reach in the host (bind mounts, capabilities, devices, the
 * host network). auto (default) refuses it only on an untrusted run (a fork's pull request that
 * no maintainer approved) on a self-hosted runner, whose host outlives the job; allow and refuse
 * hold everywhere. A runner that does not say what it is counts as self-hosted. `trusted`: the
 * run's repoLocalTrusted().
 */
export function hostPolicy(setting: HostAccessSetting, trusted: boolean): HostPolicy {
  if (setting === 'allow') return ALLOW_HOST;
  if (setting === 'refuse') return refuseHost("the workflow's host-access: refuse");
  if (trusted || process.env.RUNNER_ENVIRONMENT === 'github-hosted') return ALLOW_HOST;
  return {
    allow: false,
    why: "refused on an untrusted run (a fork's pull request) on a self-hosted runner, whose host outlives the job; a maintainer can approve it with !testme, or the workflow can set host-access: allow",
  };
}
