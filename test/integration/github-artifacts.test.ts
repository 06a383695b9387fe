import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { attemptOf, downloadRunArtifacts, resultsFilesUnder, uploadResults } from '../../src/action/artifact';
import { UserError } from '../../src/errors';
import { readResults, writeResults } from '../../src/report/results-file';
import type { Results } from '../../src/report/schema';
import { failedRun } from '../fixtures/results';
import { tempDir } from '../support/cli';
import { FakeArtifacts } from '../support/fake-github';

// The leg's upload and the report's download through the real @actions/artifact client, in this
// process, against a fake of the runner's artifact service.

const passing: Results = { ...failedRun, status: 'pass', ops: failedRun.ops.slice(0, 2) };

let service: FakeArtifacts;
let stdout: string[];
beforeEach(async () => {
  service = new FakeArtifacts();
  await service.start();
  stdout = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (stdout.push(String(chunk)), true));
});
afterEach(async () => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  await service.stop();
});

function onRunner(env: NodeJS.ProcessEnv): void {
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
}

/** A leg's state dir with its results.json and one log, uploaded as that leg would. */
async function leg(r: Results, retentionDays?: number): Promise<string> {
  const stateDir = tempDir();
  mkdirSync(join(stateDir, 'logs'));
  writeFileSync(join(stateDir, 'logs', 'app.log'), 'the log');
  writeResults(join(stateDir, 'results.json'), r);
  await uploadResults(r, join(stateDir, 'results.json'), stateDir, retentionDays);
  return stateDir;
}

const warnings = () =>
  stdout
    .join('')
    .split('\n')
    .filter((l) => l.startsWith('::warning::'));

describe('artifacts across re-run attempts', () => {
  it('a re-run uploads beside the first attempt, and the reader takes the newest attempt of each recipe', async () => {
    onRunner(service.env(1));
    await leg({ ...failedRun, recipe: 'demo' });
    await leg({ ...passing, recipe: 'hedgedoc' });
    onRunner(service.env(2)); // "re-run failed jobs": only demo runs again
    await leg({ ...passing, recipe: 'demo' });
    expect(service.created).toEqual(['cc-ci-demo-attempt1', 'cc-ci-hedgedoc-attempt1', 'cc-ci-demo-attempt2']);
    expect(warnings()).toEqual([]);

    const dir = await downloadRunArtifacts();
    expect(readdirSync(dir).sort()).toEqual(['cc-ci-demo-attempt2', 'cc-ci-hedgedoc-attempt1']);
    expect(readdirSync(join(dir, 'cc-ci-demo-attempt2', 'logs'))).toEqual(['app.log']);
    const found = resultsFilesUnder(dir).map((f) => [readResults(f).recipe, readResults(f).status, attemptOf(f)]);
    expect(found.sort()).toEqual([
      ['demo', 'pass', 2],
      ['hedgedoc', 'pass', 1],
    ]);
  });

  it("downloads one recipe's artifacts only, not those of a recipe whose name starts the same", async () => {
    service.add('cc-ci-demo-attempt1', JSON.stringify(passing));
    service.add('cc-ci-demo-extra-attempt1', JSON.stringify({ ...passing, recipe: 'demo-extra' }));
    onRunner(service.env(1));
    expect(readdirSync(await downloadRunArtifacts('demo'))).toEqual(['cc-ci-demo-attempt1']);
  });

  it('a second upload of a name in one attempt (two legs of one recipe) is one warning that says so, never a crash', async () => {
    onRunner(service.env(1));
    await leg(passing);
    const stateDir = await leg(passing);
    const ours = warnings().filter((w) => w.startsWith('::warning::artifact upload'));
    expect(ours).toEqual([
      `::warning::artifact upload cc-ci-demo-attempt1 failed (Failed to CreateArtifact: Received non-retryable error: Failed request: (409) Conflict: an artifact with this name already exists on the workflow run): another job of this run attempt already uploaded cc-ci-demo-attempt1; give each matrix leg its own recipe; results and logs stay in ${stateDir}`,
    ]);
  });
});

describe('retention-days', () => {
  it("asks the service to keep the artifact that many days; without it, asks nothing (the repository's setting)", async () => {
    onRunner(service.env(1));
    await leg({ ...passing, recipe: 'demo' }, 7);
    await leg({ ...passing, recipe: 'hedgedoc' });
    const days = (Date.parse(service.expiresAt.get('cc-ci-demo-attempt1')!) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7.05); // 7 calendar days: 7 × 24 h, give or take a DST change
    expect(service.expiresAt.get('cc-ci-hedgedoc-attempt1')).toBeUndefined();
    expect(warnings()).toEqual([]);
  });

  it("a repository limit below it (GITHUB_RETENTION_DAYS) lowers it, with the client's warning", async () => {
    onRunner({ ...service.env(1), GITHUB_RETENTION_DAYS: '3' });
    await leg({ ...passing, recipe: 'demo' }, 30);
    const days = (Date.parse(service.expiresAt.get('cc-ci-demo-attempt1')!) - Date.now()) / 86_400_000;
    expect(Math.round(days)).toBe(3);
    expect(warnings()).toEqual([
      '::warning::Retention days cannot be greater than the maximum allowed retention set within the repository. Using 3 instead.',
    ]);
  });
});

describe('an artifact service that cannot be used', () => {
  it('on GitHub Enterprise Server, Gitea or Forgejo: the upload is one warning and calls nothing; the download is one line naming results-dir', async () => {
    onRunner({ ...service.env(1), GITHUB_SERVER_URL: 'https://git.example.org' });
    const stateDir = await leg(passing);
    expect(warnings()).toEqual([
      `::warning::no artifact upload on git.example.org: @actions/artifact v2+ works on github.com and GHE.com only, not on GitHub Enterprise Server, Gitea or Forgejo; results and logs stay in ${stateDir}`,
    ]);
    expect(service.created).toEqual([]);
    const err = await downloadRunArtifacts().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).oneLine).toBe(
      "cannot read this run's artifacts on git.example.org: @actions/artifact v2+ works on github.com and GHE.com only, not on GitHub Enterprise Server, Gitea or Forgejo; pass results-dir, a folder holding the results.json files (docs/github.md)",
    );
  });

  it('unreachable: the download is one line that says why and to re-run or pass results-dir', async () => {
    const url = service.url;
    await service.stop();
    onRunner({ ...service.env(1), ACTIONS_RESULTS_URL: `${url}/` });
    const err = (await downloadRunArtifacts().catch((e: unknown) => e)) as UserError;
    expect(err.message).toBe(
      "cannot read this run's artifacts (Failed to ListArtifacts: Unable to make request: ECONNREFUSED); re-run the job, or pass results-dir, a folder holding the results.json files (docs/github.md)",
    );
  });
});
