import { GHESNotSupportedError } from '@actions/artifact';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attemptOf, resultsFilesUnder } from '../../src/action/artifact';
import { artifactName, isOurs, newestAttempts, parseArtifactName, runAttempt } from '../../src/github/artifact-names';
import { artifactServiceUnusable, unsupportedHostError } from '../../src/github/artifact-service';
import { tempDir } from '../support/cli';

describe('artifact names: stable per recipe, one per run attempt', () => {
  it('names a leg by recipe and attempt, and reads the name back, also for a recipe whose name has "-attempt" in it', () => {
    expect(artifactName('demo', 2)).toBe('cc-ci-demo-attempt2');
    expect(parseArtifactName('cc-ci-demo-attempt2')).toEqual({ recipe: 'demo', attempt: 2 });
    expect(parseArtifactName(artifactName('x-attempt3', 1))).toEqual({ recipe: 'x-attempt3', attempt: 1 });
    for (const other of ['cc-ci-demo-demo-1a2b3c_ci_local', 'cc-ci-demo-attempt0', 'cc-ci--attempt1', 'demo-attempt1'])
      expect(parseArtifactName(other), other).toBeUndefined();
  });

  it('takes the attempt from GITHUB_RUN_ATTEMPT, and 1 where a runner sets none or nonsense', () => {
    expect(runAttempt({ GITHUB_RUN_ATTEMPT: '3' })).toBe(3);
    for (const v of [undefined, '', '0', '-1', '1.5', 'x']) expect(runAttempt({ GITHUB_RUN_ATTEMPT: v }), String(v)).toBe(1);
  });

  it('keeps the newest attempt of each recipe and every name of another form, in order', () => {
    const names = ['cc-ci-demo-attempt1', 'cc-ci-hedgedoc-attempt1', 'cc-ci-demo-attempt3', 'cc-ci-demo-old-stack', 'cc-ci-demo-attempt2'];
    expect(newestAttempts(names, (n) => n)).toEqual(['cc-ci-hedgedoc-attempt1', 'cc-ci-demo-attempt3', 'cc-ci-demo-old-stack']);
  });

  it("tells cc-ci's artifacts of one recipe from those of a recipe whose name starts the same", () => {
    expect(isOurs('cc-ci-demo-attempt1', 'demo')).toBe(true);
    expect(isOurs('cc-ci-demo-extra-attempt1', 'demo')).toBe(false);
    expect(isOurs('cc-ci-demo-extra-attempt1')).toBe(true);
    expect(isOurs('cc-ci-demo-anything', 'demo')).toBe(true);
    expect(isOurs('coverage', undefined)).toBe(false);
  });

  it("reads only the newest attempt's results.json from a folder of downloaded artifacts", () => {
    const dir = tempDir();
    for (const name of ['cc-ci-demo-attempt1', 'cc-ci-demo-attempt2', 'cc-ci-other-attempt1', 'cc-ci-demo-x']) {
      mkdirSync(join(dir, name));
      writeFileSync(join(dir, name, 'results.json'), '{}');
    }
    const files = resultsFilesUnder(dir)
      .map((f) => f.slice(dir.length + 1))
      .sort();
    expect(files).toEqual(['cc-ci-demo-attempt2/results.json', 'cc-ci-demo-x/results.json', 'cc-ci-other-attempt1/results.json']);
    expect(attemptOf(join(dir, 'cc-ci-demo-attempt2', 'results.json'))).toBe(2);
    expect(attemptOf(join(dir, 'cc-ci-demo-x', 'results.json'))).toBeUndefined();
  });
});

describe('whether the artifact service can be used here', () => {
  const runner = { ACTIONS_RUNTIME_TOKEN: 't', ACTIONS_RESULTS_URL: 'https://results.example/' };

  it('can on github.com and GHE.com with the runtime token and the results URL', () => {
    expect(artifactServiceUnusable({ ...runner, GITHUB_SERVER_URL: 'https://github.com' })).toBeUndefined();
    expect(artifactServiceUnusable({ ...runner })).toBeUndefined();
    expect(artifactServiceUnusable({ ...runner, GITHUB_SERVER_URL: 'https://octo.ghe.com' })).toBeUndefined();
  });

  it('cannot on GitHub Enterprise Server, Gitea or Forgejo (their own host), nor outside Actions, nor without artifacts v4', () => {
    const host =
      'on git.example.org: @actions/artifact v2+ works on github.com and GHE.com only, not on GitHub Enterprise Server, Gitea or Forgejo';
    expect(artifactServiceUnusable({ ...runner, GITHUB_SERVER_URL: 'https://git.example.org' })).toBe(host);
    expect(artifactServiceUnusable({ GITHUB_SERVER_URL: 'https://github.com' })).toBe('outside GitHub Actions (no ACTIONS_RUNTIME_TOKEN)');
    expect(artifactServiceUnusable({ ACTIONS_RUNTIME_TOKEN: 't' })).toBe(
      'without ACTIONS_RESULTS_URL (this runner offers no artifact service v4)',
    );
  });

  it("reads the client's own refusal (GHESNotSupportedError) as the same reason, and nothing else as it", () => {
    expect(unsupportedHostError(new GHESNotSupportedError(), { GITHUB_SERVER_URL: 'https://ghes.example' })).toMatch(
      /^on ghes\.example: @actions\/artifact v2\+ works on github\.com/,
    );
    expect(unsupportedHostError(new Error('Failed to ListArtifacts'), {})).toBeUndefined();
  });
});
