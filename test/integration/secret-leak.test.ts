import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'vitest';
import { FakeRunner } from '../support/action';
import { dockerLeftovers, fixture, runCli, stackOf, tempDir, uniqueDomain } from '../support/cli';
import { recipeCopy } from '../support/copy';
import { FakeGitHub } from '../support/fake-github';

let gh: FakeGitHub;
beforeEach(async () => {
  gh = new FakeGitHub();
  await gh.start();
});
afterEach(() => gh.stop());

/** An install test that dumps everything it can reach: its own env, the app's env and every secret file. */
const LEAKY_TEST = `#!/bin/sh
echo "== the app's environment and secrets"
cc-ci exec app -- sh -c 'env; for f in /run/secrets/*; do echo "$f=$(cat "$f")"; done'
echo "== the test's environment"
env
exit 1
`;

/** A pull_request event from a branch of the same repository: repo-local tests are trusted. */
function pullRequestEnv(api: FakeGitHub): NodeJS.ProcessEnv {
  const event = join(tempDir(), 'event.json');
  writeFileSync(
    event,
    JSON.stringify({
      pull_request: { number: 7, head: { repo: { full_name: 'coop-cloud/recipe' } }, base: { repo: { full_name: 'coop-cloud/recipe' } } },
    }),
  );
  return {
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: event,
    GITHUB_REPOSITORY: 'coop-cloud/recipe',
    GITHUB_API_URL: api.url,
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_RUN_ID: '5',
  };
}

/** Every regular file under dir, with its text. */
function filesUnder(dir: string): [string, string][] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((rel) => join(dir, rel))
    .filter((p) => statSync(p).isFile())
    .map((p) => [p, readFileSync(p, 'latin1')]);
}

describe('no secret leaks', () => {
  it('a failing op that prints the environment and every secret: 0 hits in stdout, stderr, summary, annotations, results, artifact files and the PR comment', async ({
    expect,
  }) => {
    const recipe = recipeCopy(
      fixture('real-shaped'),
      { add: { '.cc-ci/tests/install/dump-everything': LEAKY_TEST }, exec: ['.cc-ci/tests/install/dump-everything'] },
      'real-shaped',
    );
    const domain = uniqueDomain('leak');
    const stack = stackOf(domain);
    // The app is kept, so the test can read the generated secret from the container afterwards.
    const runner = new FakeRunner(
      { 'recipe-path': recipe, domain, 'init-swarm': 'true', ops: 'install', teardown: 'never', 'pr-comment': 'true', 'github-token': 't' },
      pullRequestEnv(gh),
    );
    try {
      const main = await runner.step('main');
      expect(main.code).toBe(1);
      const post = await runner.step('post');

      const container = execFileSync('docker', ['ps', '-q', '--filter', `label=com.docker.swarm.service.name=${stack}_app`], {
        encoding: 'utf8',
      })
        .trim()
        .split('\n')[0]!;
      const secret = execFileSync('docker', ['exec', container, 'cat', '/run/secrets/api_key'], { encoding: 'utf8' });
      expect(secret.length).toBeGreaterThanOrEqual(16);

      // The test did print it, and cc-ci masked it in the test's log (in the artifact).
      const files = filesUnder(runner.dir);
      expect(files.filter(([, text]) => text.includes('/run/secrets/api_key=***')).length).toBeGreaterThan(0);
      expect(gh.comments).toHaveLength(1);
      // `::add-mask::<value>` is how an action hands GitHub a value to hide: the runner consumes
      // the command and never shows it; every other line counts.
      const shown = (out: string) =>
        out
          .split('\n')
          .filter((l) => !l.startsWith('::add-mask::'))
          .join('\n');
      const said = main.stdout + post.stdout;
      expect(said).toContain(`::add-mask::${secret}`);
      const places: [string, string][] = [
        ['main stdout and stderr (annotations included)', shown(main.stdout)],
        ['post stdout and stderr', shown(post.stdout)],
        ['the PR comment', gh.comments[0]!.body],
        // The job summary, results.json, the artifact (kept on disk in a local run), logs, state.
        ...files,
      ];
      expect(places.filter(([, text]) => text.includes(secret)).map(([where]) => where)).toEqual([]);
      expect(said).toMatch(/::error/); // annotations were among what was scanned
      expect(files.map(([p]) => p)).toEqual(expect.arrayContaining([runner.summary, expect.stringMatching(/results\.json$/)]));
    } finally {
      await runCli(['teardown', stack]);
    }
    expect(dockerLeftovers(stack)).toEqual([]);
  });
});
