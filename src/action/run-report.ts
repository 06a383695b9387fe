import * as core from '@actions/core';

import { call, gitHubClient } from '../github/client';
import { renderMatrix, type Leg } from '../report/matrix';
import { readResults } from '../report/results-file';
import { attemptOf, downloadRunArtifacts, resultsFilesUnder } from './artifact';
import { repoOf, runUrl } from './github-context';
import { writeJobSummary } from './summary';
import { errorMessage } from '../errors';
import { reportInputs } from './inputs';

/** Links each leg to its job in this run, when the token may list jobs (actions: read). */
async function jobLinks(token: string): Promise<(recipe: string) => string | undefined> {
  if (!token || !process.env.GITHUB_RUN_ID) return () => undefined;
  try {
    const gh = gitHubClient(token);
    const jobs = await call('list the jobs of this run', 'actions: read', () =>
      gh.paginate(gh.rest.actions.listJobsForWorkflowRun, { ...repoOf(), run_id: Number(process.env.GITHUB_RUN_ID), per_page: 100 }),
    );
    return (recipe) =>
      jobs.find((j) => new RegExp(`[(, ]${recipe.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[,)]`).test(j.name))?.html_url ?? undefined;
  } catch (e) {
    core.warning(`cc-ci report: links go to the run, not to each job: ${errorMessage(e)}`);
    return () => undefined;
  }
}

/**
 * mode: report. The final job of a matrix: reads every leg's results.json and writes one grid.
 * The results come from results-dir when it is given (downloaded another way: on GitHub Enterprise
 * Server, Gitea or Forgejo, or from another run), else from this run's `cc-ci-*` artifacts, the
 * newest attempt of each recipe; an artifact service that cannot be read is one line naming
 * results-dir. Recipes listed in the `recipes` input that have no results show as missing, never
 * as passed.
 */
export async function runReport(): Promise<void> {
  const { resultsDir, recipes, token } = reportInputs();
  const dir = resultsDir || (await downloadRunArtifacts());
  const legs = new Map<string, Leg>();
  for (const recipe of recipes) legs.set(recipe, { recipe });
  const link = await jobLinks(token);
  for (const file of resultsFilesUnder(dir)) {
    try {
      const results = readResults(file);
      if (legs.get(results.recipe)?.results)
        core.warning(`cc-ci report: more than one results.json for ${results.recipe}; showing ${file}`);
      legs.set(results.recipe, { recipe: results.recipe, results, attempt: attemptOf(file), url: link(results.recipe) ?? runUrl() });
    } catch (e) {
      core.warning(`cc-ci report: ${file} is not a valid results.json (${errorMessage(e).split('\n')[0]}); that leg counts as missing`);
    }
  }
  const all = [...legs.values()];
  await writeJobSummary(renderMatrix(all, process.env.GITHUB_RUN_ID ? runUrl() : undefined));
  const bad = all.filter((l) => !l.results || l.results.status === 'fail').map((l) => l.recipe);
  core.setOutput('status', bad.length ? 'fail' : 'pass');
  core.setOutput('failed-recipes', bad.join(','));
  if (bad.length) core.setFailed(`cc-ci: ${bad.length} of ${all.length} recipe(s) failed or reported nothing: ${bad.join(', ')}`);
}
