import { basename, dirname, join } from 'node:path';
import { describe, it } from 'vitest';
import { readResults } from '../../src/report/results-file';
import { commentEvent, FakeRunner, forkPullRequestEnv } from '../support/action';
import { dockerLeftovers, fixture, runCli, stackOf, tempDir, uniqueDomain } from '../support/cli';
import { recipeCopy } from '../support/copy';

/** What reaches the host is the workflow's decision, not the recipe's (docs/security.md). */
const socketRecipe = () =>
  recipeCopy(fixture('no-backup'), {
    edit: {
      'compose.yml': (t) => t.replace('volumes: [data:/data]', 'volumes: [data:/data, "/var/run/docker.sock:/var/run/docker.sock:ro"]'),
    },
  });

const testmeComment = () => ({
  GITHUB_EVENT_NAME: 'issue_comment',
  GITHUB_EVENT_PATH: commentEvent(),
  GITHUB_REPOSITORY: 'coop-cloud/recipe',
});

describe('host access: listed on every run, refused where the workflow says', () => {
  it.concurrent(
    'a recipe that mounts the docker socket (as traefik and backupbot do) deploys on a trusted run, with the mount listed',
    async ({ expect }) => {
      const domain = uniqueDomain('socket');
      const out = join(tempDir(), 'results.json');
      const cli = await runCli(['test', socketRecipe(), '--domain', domain, '--results', out, '--ops', 'install']);
      expect(cli.code, cli.stderr).toBe(0);
      expect(cli.stderr).toMatch(/host access: compose\.yml:\d+: service app bind-mounts \/var\/run\/docker\.sock: the docker socket/);
      expect(readResults(out).hostAccess).toEqual([
        {
          service: 'app',
          what: 'bind-mounts /var/run/docker.sock: the docker socket (control of the whole Docker host)',
          file: 'compose.yml',
          line: expect.any(Number),
        },
      ]);
      expect(dockerLeftovers(stackOf(domain))).toEqual([]);
    },
  );

  it.concurrent(
    '--host-access refuse stops the run before anything is created, with one line naming the service and line',
    async ({ expect }) => {
      const domain = uniqueDomain('refuse');
      const cli = await runCli(['test', socketRecipe(), '--domain', domain, '--ops', 'install', '--host-access', 'refuse']);
      expect(cli.code).toBe(2);
      const lines = cli.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^cc-ci: compose\.yml:\d+: service app bind-mounts \/var\/run\/docker\.sock: the docker socket \(control of the whole Docker host\); refused by --host-access refuse; remove it from the recipe or change that setting$/,
      );
      expect(dockerLeftovers(stackOf(domain))).toEqual([]);
    },
  );

  it.concurrent.for([
    ['a fork PR on a self-hosted runner: refused', { RUNNER_ENVIRONMENT: 'self-hosted' }, {}, false],
    ['a fork PR on a GitHub-hosted runner: allowed (the host dies with the job)', { RUNNER_ENVIRONMENT: 'github-hosted' }, {}, true],
    [
      'a fork PR on a self-hosted runner with host-access: allow in the workflow: allowed',
      { RUNNER_ENVIRONMENT: 'self-hosted' },
      { 'host-access': 'allow' },
      true,
    ],
    [
      'a !testme run (a maintainer approved the commit) on a self-hosted runner: allowed',
      { RUNNER_ENVIRONMENT: 'self-hosted', ...testmeComment() },
      {},
      true,
    ],
    [
      'a fork PR with host-access: refuse on a GitHub-hosted runner: refused',
      { RUNNER_ENVIRONMENT: 'github-hosted' },
      { 'host-access': 'refuse' },
      false,
    ],
  ] as const)('the action, %s', async ([, env, inputs, allowed], { expect }) => {
    // The recipe checked out in a subdirectory of the workspace: the annotation names its path there.
    const recipe = socketRecipe();
    const runner = new FakeRunner(
      { 'recipe-path': recipe, domain: uniqueDomain('hostact'), ops: 'lint', ...inputs },
      { ...forkPullRequestEnv(), ...env, GITHUB_WORKSPACE: dirname(recipe) },
    );
    const main = await runner.step('main');
    if (allowed) {
      expect(main.code, main.stdout).toBe(0);
      expect(runner.summaryText()).toMatch(/\*\*Host access\*\*[\s\S]*\| app \| bind-mounts \/var\/run\/docker\.sock: the docker socket/);
    } else {
      expect(main.code).toBe(1);
      expect(main.stdout).toContain(`::error title=cc-ci,file=${basename(recipe)}/compose.yml,line=`);
      expect(main.stdout).toMatch(
        /^::error title=cc-ci,file=[^,]+\/compose\.yml,line=\d+::service app bind-mounts \/var\/run\/docker\.sock: .*; refused (on an untrusted run \(a fork's pull request\) on a self-hosted runner.*host-access: allow|by the workflow's host-access: refuse; .*)$/m,
      );
    }
  });
});
