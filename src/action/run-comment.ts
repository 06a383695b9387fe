import * as core from '@actions/core';
import * as github from '@actions/github';

import { gitHubClient } from '../github/client';
import { gateComment } from '../github/testme';
import { repoOf, runUrl, statusContext } from './github-context';
import { UserError } from '../errors';
import { githubToken } from './inputs';

/**
 * mode: comment. The first job of a `!testme` workflow, which checks out nothing: decides whether
 * this comment starts a run (and answers it), and outputs the exact commit to check out.
 */
export async function runComment(): Promise<void> {
  const { eventName, payload } = github.context;
  if (eventName !== 'issue_comment')
    throw new UserError(`mode: comment handles issue_comment events, not ${eventName || 'none'}; see docs/github.md`);
  const comment = payload.comment as { id: number; body?: string; user: { login: string }; author_association: string };
  const gate = await gateComment(
    gitHubClient(githubToken()),
    {
      ...repoOf(),
      number: payload.issue!.number,
      isPullRequest: Boolean(payload.issue?.pull_request),
      commentId: comment.id,
      body: comment.body ?? '',
      author: comment.user.login,
      association: comment.author_association,
    },
    { context: statusContext(), runUrl: runUrl() },
  );
  core.setOutput('run', String(gate.run));
  if (gate.run) {
    core.setOutput('sha', gate.sha);
    core.setOutput('pr', gate.pr);
    core.setOutput('ops', gate.ops);
    core.setOutput('upgrade-from', gate.upgradeFrom);
    core.info(`cc-ci: !testme accepted; testing ${gate.sha}`);
  } else {
    core.setOutput('reason', gate.reason);
    core.info(`cc-ci: not running: ${gate.reason}`);
  }
}
