import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, gitHubClient, RATE_LIMIT_RETRIES } from '../../src/github/client';
import { UserError } from '../../src/errors';
import { FakeGitHub } from '../support/fake-github';

// Rate limits and server errors, through the real octokit plugins (throttling, retry) against the
// fake GitHub. GitHub's waits are honoured as asked (the log says how long) but one "second" lasts
// 10 ms here, so no test waits long.

let gh: FakeGitHub;
let log: string[];
beforeEach(async () => {
  gh = new FakeGitHub();
  await gh.start();
  process.env.GITHUB_API_URL = gh.url;
  log = [];
});
afterEach(async () => {
  delete process.env.GITHUB_API_URL;
  await gh.stop();
});

const PULL = /^GET \/repos\/o\/r\/pulls\/7$/;
const client = () => gitHubClient('t', { msPerSecond: 10, log: (line) => log.push(line) });
const readPull = () =>
  call('read the pull request', 'pull-requests: read', () => client().rest.pulls.get({ owner: 'o', repo: 'r', pull_number: 7 }));
const pullCalls = () => gh.calls.filter((c) => c.path === '/repos/o/r/pulls/7').length;

describe('GitHub API rate limits', () => {
  it('a primary limit (403, x-ratelimit-remaining 0): waits until x-ratelimit-reset, then the call succeeds', async () => {
    gh.rateLimitNext(PULL, 'primary', 30);
    expect((await readPull()).data.head.sha).toBe(gh.headSha);
    expect(pullCalls()).toBe(2);
    expect(log).toHaveLength(1);
    // plugin-throttling waits one second past the reset: 30 or 31 s, depending on the clock's tick.
    expect(log[0]).toMatch(
      /^GitHub's primary rate limit stopped GET \/repos\/\{owner\}\/\{repo\}\/pulls\/\{pull_number\}; waiting 3[01]s, then retry 1 of 2$/,
    );
  });

  it('a secondary limit (429, retry-after): waits as long as retry-after says, then the call succeeds', async () => {
    gh.rateLimitNext(PULL, 'secondary', 5, 429);
    expect((await readPull()).data.head.sha).toBe(gh.headSha);
    expect(pullCalls()).toBe(2);
    expect(log).toEqual([
      "GitHub's secondary rate limit stopped GET /repos/{owner}/{repo}/pulls/{pull_number}; waiting 5s, then retry 1 of 2",
    ]);
  });

  it('retries a bounded number of times (429 is not retried again by the 5xx plugin), then fails with one line', async () => {
    for (let i = 0; i <= RATE_LIMIT_RETRIES; i++) gh.rateLimitNext(PULL, 'secondary', 1, 429);
    const err = (await readPull().catch((e: unknown) => e)) as UserError;
    expect(pullCalls()).toBe(RATE_LIMIT_RETRIES + 1);
    expect(err).toBeInstanceOf(UserError);
    expect(err.oneLine).toBe(
      "GitHub's API rate limit stopped cc-ci from trying to read the pull request (429: You have exceeded a secondary rate limit. Please wait a few minutes before you try again.); re-run the job in a few minutes",
    );
    expect(log.at(-1)).toBe(
      "GitHub's secondary rate limit stopped GET /repos/{owner}/{repo}/pulls/{pull_number}; giving up (2 retries done; GitHub asks for 1s more)",
    );
  });

  it('does not hold the runner for a limit that resets in an hour: one line saying when to re-run', async () => {
    gh.rateLimitNext(PULL, 'primary', 3600);
    const err = (await readPull().catch((e: unknown) => e)) as UserError;
    expect(pullCalls()).toBe(1);
    expect(err.oneLine).toMatch(
      /^GitHub's API rate limit stopped cc-ci from trying to read the pull request \(403: API rate limit exceeded for installation ID 1\.\); re-run the job after \d\d:\d\d UTC, when it resets$/,
    );
  });

  it('a permission 403 is no rate limit: not retried, and the line names the permission', async () => {
    gh.failNext(PULL, 403);
    const err = (await readPull().catch((e: unknown) => e)) as UserError;
    expect(pullCalls()).toBe(1);
    expect(log).toEqual([]);
    expect(err.oneLine).toBe(
      'GitHub refused to read the pull request (403: Resource not accessible by integration); add "pull-requests: read" to the job\'s permissions',
    );
  });

  it('a server error is still retried', async () => {
    gh.failNext(PULL, 502, 2);
    expect((await readPull()).data.head.sha).toBe(gh.headSha);
    expect(pullCalls()).toBe(3);
  });
});
