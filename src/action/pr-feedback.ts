import * as core from '@actions/core';
import * as github from '@actions/github';

import { gitHubClient } from '../github/client';
import { upsertComment } from '../github/pr-comment';
import { renderComment } from '../report/pr-comment';
import type { Results } from '../report/schema';
import { pullRequestNumber, repoOf, runUrl } from './github-context';
import { errorMessage } from '../errors';

/**
 * After a test run: with `pr-comment: true` on a pull_request run, the one cc-ci comment for this
 * recipe, edited in place. A `!testme` (issue_comment) test job writes nothing: it runs the pull
 * request's code, so it holds a read-only token, and the workflow's `mode: feedback` job reports.
 * Problems warn: the verdict is already in the summary.
 */
export async function prFeedback(r: Results, opts: { prComment: boolean; token: string }): Promise<void> {
  if (github.context.eventName === 'issue_comment') {
    core.info(
      "cc-ci: a !testme test job writes nothing to GitHub; the workflow's mode: feedback job sets the status and the comment (docs/github.md)",
    );
    return;
  }
  const number = pullRequestNumber();
  const { token } = opts;
  if (!opts.prComment || !number || !token) return;
  try {
    const how = await upsertComment(gitHubClient(token), { ...repoOf(), number }, r.recipe, renderComment(r, runUrl()));
    core.info(`cc-ci: ${how} the pull request comment`);
  } catch (e) {
    core.warning(`cc-ci: could not comment on the pull request: ${errorMessage(e)}`);
  }
}
