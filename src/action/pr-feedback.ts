import * as core from '@actions/core';
import * as github from '@actions/github';
import { errorMessage } from '../engine/errors';
import { gitHubClient } from '../github/client';
import { upsertComment } from '../github/pr-comment';
import { setStatus } from '../github/testme';
import { renderComment } from '../report/pr-comment';
import type { Results } from '../report/schema';
import { pullRequestNumber, repoOf, runUrl, statusContext } from './github-context';
import { failedOps } from './report';

/** pr-comment: auto comments on `!testme` runs only; true on any pull request run too. */
function wantsComment(): boolean {
  const v = core.getInput('pr-comment') || 'auto';
  return v === 'true' || (v === 'auto' && github.context.eventName === 'issue_comment');
}

/**
 * After a test run on a pull request: the final commit status (for `!testme` runs, which set it
 * pending) on the commit that was tested, and the one cc-ci comment for this recipe, edited in
 * place. Problems warn: the verdict is already in the summary.
 */
export async function prFeedback(r: Results | { error: string; sha: string }): Promise<void> {
  const number = pullRequestNumber();
  const token = core.getInput('github-token');
  if (!number || !token) return;
  try {
    const gh = gitHubClient(token);
    const repo = repoOf();
    const status = { context: statusContext(), runUrl: runUrl() };
    if (github.context.eventName === 'issue_comment') {
      const sha = 'error' in r ? r.sha : r.head.ref;
      if (/^[0-9a-f]{40}$/.test(sha)) {
        if ('error' in r) await setStatus(gh, { ...repo, sha }, 'error', r.error, status);
        else await setStatus(gh, { ...repo, sha }, r.status === 'pass' ? 'success' : 'failure', r.status === 'pass' ? 'all ops passed' : `${failedOps(r).join(', ')} failed`, status);
      }
    }
    if (wantsComment() && !('error' in r)) {
      const how = await upsertComment(gh, { ...repo, number }, r.recipe, renderComment(r, runUrl()));
      core.info(`cc-ci: ${how} the pull request comment`);
    }
  } catch (e) {
    core.warning(`cc-ci: could not report to the pull request: ${errorMessage(e)}`);
  }
}
