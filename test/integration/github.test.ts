import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gitHubClient } from '../../src/github/client';
import { marker, upsertComment } from '../../src/github/pr-comment';
import { writeResults } from '../../src/report/results-file';
import { commentEvent, FakeRunner } from '../support/action';
import { tempDir } from '../support/cli';
import { FakeArtifacts, FakeGitHub } from '../support/fake-github';
import { failedRun } from '../fixtures/results';

let gh: FakeGitHub;
beforeEach(async () => {
  gh = new FakeGitHub();
  await gh.start();
});
afterEach(async () => {
  delete process.env.GITHUB_API_URL;
  await gh.stop();
});

const githubEnv = (event: string, name = 'issue_comment') => ({
  GITHUB_EVENT_NAME: name,
  GITHUB_EVENT_PATH: event,
  GITHUB_REPOSITORY: 'coop-cloud/demo',
  GITHUB_API_URL: gh.url,
  GITHUB_SERVER_URL: 'https://github.example',
  GITHUB_RUN_ID: '99',
});

describe('!testme on a pull request comment (mode: comment)', () => {
  it("a maintainer's !testme: reacts, resolves the head commit, sets it pending, outputs what to test", async () => {
    const runner = new FakeRunner({ mode: 'comment', 'github-token': 't' }, githubEnv(commentEvent('!testme install upgrade')));
    const step = await runner.step('main');
    expect(step.code, step.stdout).toBe(0);
    expect(runner.outputs()).toMatchObject({ run: 'true', sha: gh.headSha, pr: '7', ops: 'install,upgrade', 'upgrade-from': '' });
    expect(gh.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'POST /repos/coop-cloud/demo/issues/comments/42/reactions',
      'GET /repos/coop-cloud/demo/pulls/7',
      `POST /repos/coop-cloud/demo/statuses/${gh.headSha}`,
    ]);
    expect(gh.calls[0]!.body).toEqual({ content: 'rocket' });
    expect(gh.calls[2]!.body).toEqual({
      state: 'pending',
      context: 'cc-ci',
      description: 'cc-ci is testing this commit',
      target_url: 'https://github.example/coop-cloud/demo/actions/runs/99',
    });
  });

  it('someone without write access gets a polite reply and no run', async () => {
    const runner = new FakeRunner({ mode: 'comment', 'github-token': 't' }, githubEnv(commentEvent('!testme', 'CONTRIBUTOR')));
    expect((await runner.step('main')).code).toBe(0);
    expect(runner.outputs()).toMatchObject({ run: 'false', reason: '@alice (CONTRIBUTOR) may not start cc-ci' });
    expect(gh.writes()).toEqual([
      'POST /repos/coop-cloud/demo/issues/comments/42/reactions',
      'POST /repos/coop-cloud/demo/issues/7/comments',
    ]);
    expect(gh.comments[0]!.body).toMatch(/^Thanks for the nudge, @alice! cc-ci runs on `!testme` from maintainers/);
  });

  it('!testmexyz and other comments do nothing at all', async () => {
    for (const body of ['!testmexyz', 'LGTM, !testme later']) {
      const runner = new FakeRunner({ mode: 'comment', 'github-token': 't' }, githubEnv(commentEvent(body)));
      expect((await runner.step('main')).code).toBe(0);
      expect(runner.outputs()).toMatchObject({ run: 'false', reason: 'the comment is not a !testme command' });
    }
    expect(gh.calls).toEqual([]);
  });

  it('a command with an unknown word is answered with the usage, and nothing runs', async () => {
    const runner = new FakeRunner({ mode: 'comment', 'github-token': 't' }, githubEnv(commentEvent('!testme everything')));
    expect((await runner.step('main')).code).toBe(0);
    expect(runner.outputs().run).toBe('false');
    expect(gh.comments[0]!.body).toMatch(/^cc-ci did not start: "everything" is neither an op/);
  });

  it('a server error is retried', async () => {
    gh.failNext(/^GET \/repos\/.*\/pulls\/7$/, 502);
    const runner = new FakeRunner({ mode: 'comment', 'github-token': 't' }, githubEnv(commentEvent('!testme')));
    expect((await runner.step('main')).code).toBe(0);
    expect(gh.calls.filter((c) => c.path.endsWith('/pulls/7'))).toHaveLength(2);
    expect(runner.outputs().run).toBe('true');
  });

  it('a token without the statuses permission fails with one line naming it', async () => {
    gh.failNext(/^POST \/repos\/.*\/statuses\//, 403);
    const runner = new FakeRunner({ mode: 'comment', 'github-token': 't' }, githubEnv(commentEvent('!testme')));
    const step = await runner.step('main');
    expect(step.code).toBe(1);
    expect(step.stdout).toContain(
      '::error::cc-ci: GitHub refused to set the commit status (403: Resource not accessible by integration); add "statuses: write" to the job\'s permissions',
    );
  });
});

describe('the cc-ci PR comment', () => {
  it('is found by its marker across pages of comments and edited in place; created once otherwise', async () => {
    process.env.GITHUB_API_URL = gh.url;
    gh.comments = Array.from({ length: 130 }, (_, i) => ({
      id: i + 1,
      body: `comment ${i}`,
      user: { login: 'someone', type: 'User' as const },
    }));
    gh.comments.push({ id: 500, body: `${marker('other-recipe')}\nold`, user: { login: 'github-actions[bot]', type: 'Bot' } });
    gh.comments.push({ id: 501, body: `${marker('demo')}\nforged by a person`, user: { login: 'mallory', type: 'User' } });
    const client = gitHubClient('t');
    const at = { owner: 'o', repo: 'r', number: 7 };
    expect(await upsertComment(client, at, 'demo', 'first run')).toBe('created');
    expect(await upsertComment(client, at, 'demo', 'second run')).toBe('updated');
    const ours = gh.comments.filter((c) => c.body.includes(marker('demo')) && c.user.type === 'Bot');
    expect(ours).toHaveLength(1);
    expect(ours[0]!.body).toBe(`${marker('demo')}\nsecond run`);
    // Each time: who the token is (refused for the job's token: any bot's comment may be ours), then two pages.
    expect(gh.calls.filter((c) => c.method === 'GET').map((c) => c.path)).toEqual(
      Array(2).fill(['/user', '/repos/o/r/issues/7/comments', '/repos/o/r/issues/7/comments']).flat(),
    );
    expect(gh.comments.find((c) => c.id === 501)!.body).toBe(`${marker('demo')}\nforged by a person`);
  });

  it("with a personal token: is the comment of the token's user, never a bot's or another person's with the marker", async () => {
    process.env.GITHUB_API_URL = gh.url;
    gh.tokenUser = { login: 'maintainer', type: 'User' };
    gh.comments = [
      { id: 1, body: `${marker('demo')}\nan earlier run with the job's token`, user: { login: 'github-actions[bot]', type: 'Bot' } },
      { id: 2, body: `${marker('demo')}\nforged by a person`, user: { login: 'mallory', type: 'User' } },
      { id: 3, body: `> ${marker('demo')}\nthe maintainer quoting it`, user: { login: 'maintainer', type: 'User' } },
    ];
    const client = gitHubClient('t');
    const at = { owner: 'o', repo: 'r', number: 7 };
    expect(await upsertComment(client, at, 'demo', 'first run')).toBe('created');
    expect(await upsertComment(client, at, 'demo', 'second run')).toBe('updated');
    expect(gh.comments.map((c) => [c.id, c.user.login, c.body])).toEqual([
      [1, 'github-actions[bot]', `${marker('demo')}\nan earlier run with the job's token`],
      [2, 'mallory', `${marker('demo')}\nforged by a person`],
      [3, 'maintainer', `> ${marker('demo')}\nthe maintainer quoting it`],
      [1003, 'maintainer', `${marker('demo')}\nsecond run`],
    ]);
    expect(gh.writes()).toEqual(['POST /repos/o/r/issues/7/comments', 'PATCH /repos/o/r/issues/comments/1003']);
  });
});

describe('matrix report (mode: report)', () => {
  it('one grid: failing legs first, missing legs as missing, links to each leg, totals', async () => {
    const dir = tempDir();
    const leg = (name: string, results: typeof failedRun) => {
      mkdirSync(join(dir, `cc-ci-${name}-x`), { recursive: true });
      writeResults(join(dir, `cc-ci-${name}-x`, 'results.json'), results);
    };
    const passing = { ...failedRun, recipe: 'custom-html', status: 'pass' as const, ops: failedRun.ops.slice(0, 2) };
    leg('custom-html', passing);
    leg('demo', failedRun);
    mkdirSync(join(dir, 'cc-ci-broken-x'));
    writeFileSync(join(dir, 'cc-ci-broken-x', 'results.json'), '{"schema": "something else"}');
    gh.jobs = [
      { name: 'test (demo)', html_url: 'https://github.example/job/1' },
      { name: 'test (custom-html)', html_url: 'https://github.example/job/2' },
    ];
    const runner = new FakeRunner(
      { mode: 'report', 'results-dir': dir, recipes: 'custom-html demo hedgedoc', 'github-token': 't' },
      githubEnv(join(tempDir(), 'none.json'), 'push'),
    );
    const step = await runner.step('main');
    expect(step.code).toBe(1);
    expect(step.stdout).toContain('cc-ci report: ' + join(dir, 'cc-ci-broken-x', 'results.json') + ' is not a valid results.json');
    const summary = runner.summaryText();
    const rows = summary.split('\n').filter((l) => /^\| (demo|hedgedoc|custom-html) /.test(l));
    expect(rows).toEqual([
      '| demo | ❌ fail | ✅ | ✅ | ❌ | ⛔ | ⛔ | ❌ | [logs](https://github.example/job/1) |',
      '| hedgedoc | ❓ missing |  |  |  |  |  |  |  |',
      '| custom-html | ✅ pass | ✅ | ✅ | · | · | · | · | [logs](https://github.example/job/2) |',
    ]);
    expect(summary).toContain('**1 passed** · **1 failed** · **1 missing** (no results uploaded)');
    expect(runner.outputs()).toMatchObject({ status: 'fail', 'failed-recipes': 'demo,hedgedoc' });
  });

  const passing = { ...failedRun, status: 'pass' as const, ops: failedRun.ops.slice(0, 2) };
  const rowOf = (summary: string, recipe: string) => summary.split('\n').find((l) => l.startsWith(`| ${recipe} |`));

  it('after "re-run failed jobs", the newest attempt of each recipe counts, never the stale failed one', async () => {
    const artifacts = new FakeArtifacts();
    await artifacts.start();
    artifacts.add('cc-ci-demo-attempt1', JSON.stringify(failedRun));
    artifacts.add('cc-ci-custom-html-attempt1', JSON.stringify({ ...passing, recipe: 'custom-html' }));
    artifacts.add('cc-ci-demo-attempt2', JSON.stringify(passing));
    const runner = new FakeRunner(
      { mode: 'report', recipes: 'custom-html demo', 'github-token': 't' },
      { ...githubEnv(join(tempDir(), 'none.json'), 'push'), ...artifacts.env(2) },
    );
    const step = await runner.step('main');
    await artifacts.stop();
    expect(step.code, step.stdout).toBe(0);
    expect(rowOf(runner.summaryText(), 'demo')).toBe(
      '| demo | ✅ pass | ✅ | ✅ | · | · | · | · | [logs](https://github.com/coop-cloud/demo/actions/runs/99) · attempt 2 |',
    );
    expect(runner.outputs()).toMatchObject({ status: 'pass', 'failed-recipes': '' });
  });

  it('reads the newest attempt from results-dir too, comparing attempts as numbers (10 after 9)', async () => {
    const dir = tempDir();
    for (const [name, r] of [
      ['cc-ci-demo-attempt2', failedRun],
      ['cc-ci-demo-attempt9', failedRun],
      ['cc-ci-demo-attempt10', passing],
    ] as const) {
      mkdirSync(join(dir, name));
      writeResults(join(dir, name, 'results.json'), r);
    }
    const runner = new FakeRunner(
      { mode: 'report', 'results-dir': dir, recipes: 'demo', 'github-token': 't' },
      githubEnv(join(tempDir(), 'none.json'), 'push'),
    );
    const step = await runner.step('main');
    expect(runner.outputs()).toMatchObject({ status: 'pass', 'failed-recipes': '' });
    expect(step.code).toBe(0);
    expect(rowOf(runner.summaryText(), 'demo')).toMatch(/^\| demo \| ✅ pass \|.* · attempt 10 \|$/);
  });

  it('on GitHub Enterprise Server, Gitea or Forgejo without results-dir: one line that says why and names results-dir', async () => {
    const env = {
      ...githubEnv(join(tempDir(), 'none.json'), 'push'),
      ACTIONS_RUNTIME_TOKEN: 'x',
      ACTIONS_RESULTS_URL: 'https://results.example/',
      GITHUB_SERVER_URL: 'https://git.example.org',
    };
    const step = await new FakeRunner({ mode: 'report', recipes: 'demo', 'github-token': 't' }, env).step('main');
    expect(step.code).toBe(1);
    expect(step.stdout.split('\n').filter((l) => l.startsWith('::'))).toEqual([
      "::error::cc-ci: cannot read this run's artifacts on git.example.org: @actions/artifact v2+ works on github.com and GHE.com only, not on GitHub Enterprise Server, Gitea or Forgejo; pass results-dir, a folder holding the results.json files (docs/github.md)",
    ]);
  });
});
