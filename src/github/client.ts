import * as core from '@actions/core';
import * as github from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { UserError } from '../errors';

export type GitHubClient = ReturnType<typeof github.getOctokit>;

/**
 * Rate limits: a request is tried again at most this often, and only when GitHub asks for a wait
 * no longer than this (a primary limit can reset an hour later: not worth holding a runner for).
 */
export const RATE_LIMIT_RETRIES = 2;
export const MAX_RATE_LIMIT_WAIT_S = 600;

/** Only for tests: how long one second of GitHub's waits lasts, and where wait notices go. */
export interface ClientTiming {
  msPerSecond?: number;
  log?: (line: string) => void;
}

/**
 * An authenticated client (base URL from GITHUB_API_URL, as on any runner or GHES).
 * - Server errors: @octokit/plugin-retry, 3 times, backing off.
 * - Rate limits (403 or 429 with x-ratelimit-remaining 0, or a "secondary rate limit" message):
 *   @octokit/plugin-throttling waits as GitHub says (retry-after, x-ratelimit-reset), at most
 *   RATE_LIMIT_RETRIES times; it also spaces writes out as GitHub's best practices ask. 429 is
 *   left to it alone, so plugin-retry does not retry it again without honouring the wait.
 * - Everything else fails at once (see call()).
 */
export function gitHubClient(token: string, timing: ClientTiming = {}): GitHubClient {
  if (!token)
    throw new UserError(
      'input github-token is empty; pass ${{ github.token }} (the default) or a token with the permissions listed in docs/github.md',
    );
  const { msPerSecond = 1000, log = core.warning } = timing;
  const onLimit =
    (kind: string) => (retryAfter: number, options: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
      const again = retryCount < RATE_LIMIT_RETRIES && retryAfter <= MAX_RATE_LIMIT_WAIT_S;
      const then = again
        ? `waiting ${retryAfter}s, then retry ${retryCount + 1} of ${RATE_LIMIT_RETRIES}`
        : `giving up (${retryCount} retries done; GitHub asks for ${retryAfter}s more)`;
      log(`GitHub's ${kind} rate limit stopped ${options.method} ${options.url}; ${then}`);
      return again;
    };
  const baseUrl = process.env.GITHUB_API_URL || 'https://api.github.com';
  return github.getOctokit(
    token,
    {
      baseUrl,
      retry: { retries: 3, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451], retryAfterBaseValue: msPerSecond },
      throttle: { onRateLimit: onLimit('primary'), onSecondaryRateLimit: onLimit('secondary'), retryAfterBaseValue: msPerSecond },
    },
    retry,
    throttling,
  );
}

type ApiError = { status?: number; message?: string; response?: { headers?: Record<string, string | undefined> } };

/** A rate limit GitHub answered (after the client's own retries), as GitHub's docs describe one. */
export function isRateLimited(e: unknown): boolean {
  const err = e as ApiError;
  if (err?.status !== 403 && err?.status !== 429) return false;
  return err.status === 429 || err.response?.headers?.['x-ratelimit-remaining'] === '0' || /rate limit/i.test(err.message ?? '');
}

/**
 * Runs one API call; a 403 (the token lacks a permission) becomes one line naming the permission
 * to add to the workflow's `permissions:`, and a rate limit one line saying when to re-run.
 */
export async function call<T>(what: string, permission: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    const err = e as ApiError;
    const said = `${err.status}: ${err.message?.split('\n')[0] ?? 'forbidden'}`;
    if (isRateLimited(e)) {
      const reset = Number(err.response?.headers?.['x-ratelimit-reset']);
      const when = reset ? `after ${new Date(reset * 1000).toISOString().slice(11, 16)} UTC, when it resets` : 'in a few minutes';
      throw new UserError(`GitHub's API rate limit stopped cc-ci from trying to ${what} (${said}); re-run the job ${when}`);
    }
    if (err.status === 403) throw new UserError(`GitHub refused to ${what} (${said}); add "${permission}" to the job's permissions`);
    throw e;
  }
}
