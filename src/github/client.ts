import * as github from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { UserError } from '../errors';

export type GitHubClient = ReturnType<typeof github.getOctokit>;

/**
 * An authenticated client (base URL from GITHUB_API_URL, as on any runner or GHES). Server errors
 * are retried (@octokit/plugin-retry: 3 times, backing off); the rest fail at once.
 */
export function gitHubClient(token: string): GitHubClient {
  if (!token) throw new UserError('input github-token is empty; pass ${{ github.token }} (the default) or a token with the permissions listed in docs/github.md');
  const baseUrl = process.env.GITHUB_API_URL || 'https://api.github.com';
  return github.getOctokit(token, { baseUrl, retry: { retries: 3 } }, retry);
}

/**
 * Runs one API call; a 403 (the token lacks a permission) becomes one line naming the
 * permission to add to the workflow's `permissions:`.
 */
export async function call<T>(what: string, permission: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    const err = e as { status?: number; message?: string };
    if (err.status === 403) {
      throw new UserError(`GitHub refused to ${what} (403: ${err.message?.split('\n')[0] ?? 'forbidden'}); add "${permission}" to the job's permissions`);
    }
    throw e;
  }
}
