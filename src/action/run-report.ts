import * as core from '@actions/core';

import { call, gitHubClient } from '../github/client';
import { renderMatrix, type Leg } from '../report/matrix';
import { readResults } from '../report/results-file';
import { artifactPrefix, downloadRunArtifacts, resultsFilesUnder } from './artifact';
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
    return (recipe) => jobs.find((j) => new RegExp(`[(, ]${recipe.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[,)]`).test(j.name))?.html_url ?? undefined;
  } catch (e) {
    core.warning(`cc-ci report: links go to the run, not to each job: ${errorMessage(e)}`);
    return () => undefined;
  }
}

/**
 * mode: report. The final job of a matrix: reads every leg's results.json (downloaded from the
 * run's `cc-ci-*` artifacts, or from results-dir) and writes one grid. Recipes listed in the
 * `recipes` input that have no results show as missing, never as passed.
 */
export async function runReport(): Promise<void> {
  const { resultsDir, recipes, token } = reportInputs();
  const dir = resultsDir || (await downloadRunArtifacts(artifactPrefix()));
  const legs = new Map<string, Leg>();
  for (const recipe of recipes) legs.set(recipe, { recipe });
  const link = await jobLinks(token);
  for (const file of resultsFilesUnder(dir)) {
    try {
      const results = readResults(file);
      legs.set(results.recipe, { recipe: results.recipe, results, url: link(results.recipe) ?? runUrl() });
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
