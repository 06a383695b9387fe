import * as github from '@actions/github';
import { UserError } from '../errors';
import { recipeInput } from './inputs';

/** Link to this workflow run, for statuses, comments and the matrix report. */
export function runUrl(): string {
  const { GITHUB_SERVER_URL: server = 'https://github.com', GITHUB_REPOSITORY: repo = '', GITHUB_RUN_ID: run = '' } = process.env;
  return `${server}/${repo}/actions/runs/${run}`;
}

/** The commit status context: `cc-ci`, or `cc-ci/<recipe>` when the recipe input names it. */
export function statusContext(): string {
  const recipe = recipeInput();
  return recipe ? `cc-ci/${recipe}` : 'cc-ci';
}

export function repoOf(): { owner: string; repo: string } {
  if (!process.env.GITHUB_REPOSITORY) throw new UserError('GITHUB_REPOSITORY is not set; this mode runs in a GitHub Actions workflow');
  return github.context.repo;
}

/** The pull request number of a pull_request or PR issue_comment event, if any. */
export function pullRequestNumber(): number | undefined {
  const p = github.context.payload;
  if (p.pull_request) return p.pull_request.number;
  if (p.issue?.pull_request) return p.issue.number;
  return undefined;
}
