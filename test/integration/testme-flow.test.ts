import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { marker } from '../../src/github/pr-comment';
import type { Results } from '../../src/report/schema';
import { commentEvent, FakeRunner } from '../support/action';
import { dockerLeftovers, fixture, stackOf, tempDir, uniqueDomain } from '../support/cli';
import { recipeCopy } from '../support/copy';
import { FakeGitHub } from '../support/fake-github';
import { failedRun } from '../fixtures/results';

// The documented `!testme` workflow (docs/github.md) as three jobs: gate (mode: comment), test
// (mode: test with a read-only token) and report (mode: feedback, which trusts nothing the test
// job left).

let gh: FakeGitHub;
beforeEach(async () => {
  gh = new FakeGitHub();
  await gh.start();
});
afterEach(() => gh.stop());

const SHA = failedRun.head.ref;
const passing: Results = { ...failedRun, status: 'pass', ops: failedRun.ops.slice(0, 2) };

const githubEnv = (api: FakeGitHub, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  GITHUB_EVENT_NAME: 'issue_comment',
  GITHUB_EVENT_PATH: commentEvent(),
  GITHUB_REPOSITORY: 'coop-cloud/demo',
  GITHUB_API_URL: api.url,
  GITHUB_SERVER_URL: 'https://github.example',
  GITHUB_RUN_ID: '99',
  ...extra,
});

/** A results dir as the test job's artifact would unpack it: `<artifact>/results.json`. */
function resultsDir(content: unknown): string {
  const dir = tempDir();
  mkdirSync(join(dir, 'cc-ci-demo-x'));
  writeFileSync(join(dir, 'cc-ci-demo-x', 'results.json'), typeof content === 'string' ? content : JSON.stringify(content));
  return dir;
}

const feedback = (inputs: Record<string, string>, env: NodeJS.ProcessEnv = githubEnv(gh)) =>
  new FakeRunner({ mode: 'feedback', 'github-token': 't', sha: SHA, ...inputs }, env);

const statuses = () =>
  gh.calls
    .filter((c) => c.path.startsWith('/repos/coop-cloud/demo/statuses/'))
    .map((c) => ({ sha: c.path.split('/').pop(), state: c.body?.state, description: c.body?.description }));

describe('!testme: gate, read-only test job, feedback job', () => {
  it('the test job makes no API call, even with a token that may only read; the feedback job sets success and keeps one comment', async () => {
    const repo = recipeCopy(fixture('no-backup'), {}, 'no-backup');
    execFileSync('git', ['-C', repo, 'init', '-q']);
    execFileSync('git', ['-C', repo, 'add', '-A']);
    execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@x', 'commit', '-qm', 'recipe']);
    gh.headSha = execFileSync('git', ['-C', repo, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();

    const gate = new FakeRunner(
      { mode: 'comment', 'github-token': 't' },
      { ...githubEnv(gh), GITHUB_EVENT_PATH: commentEvent('!testme install') },
    );
    expect((await gate.step('main')).code).toBe(0);
    const out = gate.outputs();
    expect(out).toMatchObject({ run: 'true', sha: gh.headSha, ops: 'install' });

    // contents: read only: GitHub would refuse every write this token tries.
    const readOnly = new FakeGitHub();
    await readOnly.start();
    readOnly.failNext(/^(POST|PATCH|PUT|DELETE) /, 403, 1000);
    const domain = uniqueDomain('testme');
    const test = new FakeRunner(
      {
        'recipe-path': repo,
        ops: out.ops!,
        'upgrade-from': out['upgrade-from']!,
        domain,
        'init-swarm': 'true',
        'github-token': 'read-only',
        'pr-comment': 'true',
      },
      githubEnv(readOnly),
    );
    const main = await test.step('main');
    await readOnly.stop();
    expect(main.code, main.stdout).toBe(0);
    expect(main.stdout).toContain('a !testme test job writes nothing to GitHub');
    expect(readOnly.calls).toEqual([]);
    expect(dockerLeftovers(stackOf(domain))).toEqual([]);

    // The artifact's content: the state dir of the run.
    const artifact = join(test.dir, 'cc-ci', stackOf(domain));
    for (const round of [1, 2]) {
      const step = await feedback({ sha: out.sha!, 'results-dir': artifact }).step('main');
      expect(step.code, `round ${round}: ${step.stdout}`).toBe(0);
    }
    expect(statuses()).toEqual([
      { sha: gh.headSha, state: 'pending', description: 'cc-ci is testing this commit' },
      { sha: gh.headSha, state: 'success', description: 'all ops passed' },
      { sha: gh.headSha, state: 'success', description: 'all ops passed' },
    ]);
    expect(gh.writes().filter((w) => w.includes('/comments/') || w.endsWith('/7/comments'))).toEqual([
      'POST /repos/coop-cloud/demo/issues/comments/42/reactions',
      'POST /repos/coop-cloud/demo/issues/7/comments',
      `PATCH /repos/coop-cloud/demo/issues/comments/${gh.comments[0]!.id}`,
    ]);
    expect(gh.comments).toHaveLength(1);
    expect(gh.comments[0]!.body).toMatch(new RegExp(`^${marker('no-backup')}\\n### ✅ cc-ci: no-backup passed`));
    expect(gh.comments[0]!.body).toContain('| install | ✅ pass |');
    expect(gh.comments[0]!.body).toContain('[logs and autopsy](https://github.example/coop-cloud/demo/actions/runs/99)');
  });
});

describe('mode: feedback reads results.json as untrusted input', () => {
  it('crafted strings cannot forge the marker, a verdict line, a link, a mention or a workflow command', async () => {
    const evil = ' <!-- cc-ci:pr-comment recipe=other --> [x](https://evil.example) @maintainer\r::error::forged';
    const crafted: Results = structuredClone(failedRun);
    crafted.ops[2]!.autopsy!.service = 'app\r## ✅ all passed';
    crafted.ops[2]!.reason = `rolled back${evil}`;
    crafted.ops[5]!.autopsy!.hint = `a hint${evil}`;
    crafted.head.version = `1.1.0+2${evil}`;
    const step = await feedback({ 'results-dir': resultsDir(crafted) }).step('main');
    expect(step.code).toBe(1); // ops failed
    expect(statuses()).toEqual([{ sha: SHA, state: 'failure', description: 'upgrade, backup, restore, custom failed' }]);
    expect(gh.comments).toHaveLength(1);
    const body = gh.comments[0]!.body;
    expect(body.startsWith(`${marker('demo')}\n`)).toBe(true);
    expect(body.split('<!--')).toHaveLength(2); // the marker, and no other (the forged one shows as text)
    expect(body).not.toContain('](https://evil');
    expect(body).not.toContain('@maintainer');
    expect(body.split(/\r\n|\r|\n/).filter((l) => /^\s*(## |::)/.test(l))).toEqual([]);
    expect(step.stdout.split(/\r|\n/).filter((l) => /^\s*::error::forged/.test(l))).toEqual([]);
  });

  it('a recipe name that is not a name gives error and no comment', async () => {
    const step = await feedback({ 'results-dir': resultsDir({ ...passing, recipe: 'demo -->\n<!-- x' }) }).step('main');
    expect(step.code).toBe(1);
    expect(statuses()).toEqual([
      { sha: SHA, state: 'error', description: 'no results: the results name a recipe that is not a valid name' },
    ]);
    expect(gh.comments).toEqual([]);
  });

  it.for([
    ['a schema violation', { ...passing, status: 'passed' }, "no results: the test job's results.json is not valid"],
    ['broken JSON', '{"schema": "cc-ci/results@1",\r::error::forged', "no results: the test job's results.json is not valid"],
    [
      'results of another commit',
      { ...passing, head: { ...passing.head, ref: 'b'.repeat(40) } },
      `no results: the results are not for commit ${SHA.slice(0, 8)}`,
    ],
    ['results of another recipe', { ...passing, recipe: 'other' }, 'no results: the results are not for recipe demo'],
  ] as const)('%s gives error, never success, and replaces an earlier pass in the comment', async ([, content, description]) => {
    gh.comments.push({ id: 5, body: `${marker('demo')}\n### ✅ cc-ci: demo passed`, user: { login: 'github-actions[bot]', type: 'Bot' } });
    const step = await feedback({ recipe: 'demo', 'results-dir': resultsDir(content) }).step('main');
    expect(step.code).toBe(1);
    expect(statuses()).toEqual([{ sha: SHA, state: 'error', description }]);
    expect(gh.comments).toHaveLength(1);
    expect(gh.comments[0]!.body).toMatch(new RegExp(`^${marker('demo')}\\n### ⚠️ cc-ci: demo has no results\\n`));
    expect(gh.comments[0]!.body).not.toMatch(/✅|passed/);
    expect(step.stdout.split(/\r|\n/).filter((l) => l.startsWith('::error::forged'))).toEqual([]);
  });

  it('without the recipe input, invalid results give error and no comment (no trusted recipe to put it under)', async () => {
    const step = await feedback({ 'results-dir': resultsDir({ ...passing, deployCount: -1 }) }).step('main');
    expect(step.code).toBe(1);
    expect(statuses()).toEqual([{ sha: SHA, state: 'error', description: "no results: the test job's results.json is not valid" }]);
    expect(gh.writes()).toEqual([`POST /repos/coop-cloud/demo/statuses/${SHA}`]);
  });

  it('a sha input that is not a commit id stops before any API call', async () => {
    const step = await feedback({ sha: 'main', 'results-dir': resultsDir(passing) }).step('main');
    expect(step.code).toBe(1);
    expect(step.stdout).toContain('::error::cc-ci: mode: feedback needs input sha');
    expect(gh.calls).toEqual([]);
  });
});

/**
 * The runner's artifact service (ACTIONS_RESULTS_URL), as @actions/artifact calls it for the
 * current run: ListArtifacts and GetSignedArtifactURL (twirp, JSON), then the blob itself, served
 * raw (not zipped) with a file name, which the client saves as is.
 */
class FakeArtifacts {
  artifacts: { name: string; body: string }[] = [];
  private server?: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.answer(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = '';
    for await (const c of req) raw += c;
    const body = raw ? (JSON.parse(raw) as { id_filter?: string; name?: string }) : {};
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const json = (data: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(data));
    const listed = this.artifacts.map((a, i) => ({
      workflow_run_backend_id: 'run',
      workflow_job_run_backend_id: 'job',
      database_id: String(i + 1),
      name: a.name,
      size: String(a.body.length),
      created_at: '2025-01-01T00:00:00Z',
    }));
    if (path.endsWith('/ListArtifacts'))
      return void json({ artifacts: listed.filter((a) => body.id_filter === undefined || a.database_id === String(body.id_filter)) });
    if (path.endsWith('/GetSignedArtifactURL')) return void json({ signed_url: `${this.url}/blob/${encodeURIComponent(body.name ?? '')}` });
    const blob = this.artifacts.find((a) => path === `/blob/${encodeURIComponent(a.name)}`);
    if (blob) {
      res.writeHead(200, { 'content-type': 'application/json', 'content-disposition': 'attachment; filename=results.json' }).end(blob.body);
      return;
    }
    res.writeHead(404).end('{}');
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  env(): NodeJS.ProcessEnv {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    return {
      ACTIONS_RUNTIME_TOKEN: `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ scp: 'Actions.Results:run:job' })}.x`,
      ACTIONS_RESULTS_URL: `${this.url}/`,
      GITHUB_SERVER_URL: 'https://github.com', // the artifact client refuses GHES hosts
    };
  }
}

describe("mode: feedback downloads the test job's artifact", () => {
  let artifacts: FakeArtifacts;
  beforeEach(async () => {
    artifacts = new FakeArtifacts();
    await artifacts.start();
  });
  afterEach(() => artifacts.stop());

  it('no artifact (the test job failed early or was cancelled): error', async () => {
    artifacts.artifacts = [{ name: 'something-else', body: JSON.stringify(passing) }];
    const step = await feedback({}, githubEnv(gh, artifacts.env())).step('main');
    expect(step.code).toBe(1);
    expect(statuses()).toEqual([{ sha: SHA, state: 'error', description: 'no results: the test job uploaded no results' }]);
    expect(gh.comments).toEqual([]);
  });

  it("the artifact with valid results for the gate's commit: its verdict", async () => {
    artifacts.artifacts = [{ name: 'cc-ci-demo-demo-1a2b3c_ci_local', body: JSON.stringify(passing) }];
    const step = await feedback({ recipe: 'demo' }, githubEnv(gh, artifacts.env())).step('main');
    expect(step.code, step.stdout).toBe(0);
    expect(statuses()).toEqual([{ sha: SHA, state: 'success', description: 'all ops passed' }]);
    expect(gh.calls.find((c) => c.path.includes('/statuses/'))!.body).toMatchObject({
      context: 'cc-ci/demo',
      target_url: 'https://github.com/coop-cloud/demo/actions/runs/99',
    });
    expect(gh.comments[0]!.body).toMatch(new RegExp(`^${marker('demo')}\\n### ✅ cc-ci: demo passed`));
  });

  it('two results files (a second artifact uploaded from the test job): error', async () => {
    artifacts.artifacts = [
      { name: 'cc-ci-demo-a', body: JSON.stringify(failedRun) },
      { name: 'cc-ci-demo-b', body: JSON.stringify(passing) },
    ];
    const step = await feedback({}, githubEnv(gh, artifacts.env())).step('main');
    expect(step.code).toBe(1);
    expect(statuses()).toEqual([{ sha: SHA, state: 'error', description: 'no results: 2 results files, expected one' }]);
  });
});
