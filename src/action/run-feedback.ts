import * as core from '@actions/core';
import { lstatSync } from 'node:fs';

import { gitHubClient } from '../github/client';
import { upsertComment } from '../github/pr-comment';
import { setStatus } from '../github/testme';
import { noCommands, oneLine } from '../report/inert';
import { renderComment } from '../report/pr-comment';
import { readResults } from '../report/results-file';
import type { Results } from '../report/schema';
import { RECIPE_NAME } from '../recipe/recipe';
import { downloadRunArtifacts, resultsFilesUnder } from './artifact';
import { pullRequestNumber, repoOf, runUrl, statusContext } from './github-context';
import { failedOps } from './report';
import { UserError, errorMessage } from '../errors';
import { feedbackInputs } from './inputs';

const SHA = /^[0-9a-f]{40}$/;
/** A results.json is a few hundred KiB at most (200 log lines per failed op); more is not ours. */
const MAX_RESULTS_BYTES = 8 << 20;

/** What the test job left: valid results for the gate's commit, or why there are none. */
type Verdict = { results: Results; recipe: string } | { error: string; recipe?: string };

/** One log line about untrusted content: no line breaks, no workflow commands. */
const untrusted = (s: string) => noCommands(oneLine(s)).slice(0, 300);

/**
 * Finds the test job's results.json and checks it: it was written by the job that ran the pull
 * request's code, so it is untrusted input. It must be the only one (of the newest run attempt),
 * a regular file of sane size, valid against the schema, for the gate's commit, and of a recipe
 * whose name is safe (or the one the `recipe` input names). Error texts are cc-ci's own: they go
 * into the status and the comment.
 */
async function verdictOf(sha: string, recipe: string | undefined, resultsDir: string): Promise<Verdict> {
  let dir = resultsDir;
  try {
    dir ||= await downloadRunArtifacts(recipe);
  } catch (e) {
    core.warning(`cc-ci feedback: could not download the test job's artifacts: ${untrusted(errorMessage(e))}`);
    return { error: "the test job's artifact could not be downloaded", recipe };
  }
  const files = resultsFilesUnder(dir);
  if (files.length !== 1)
    return { error: files.length ? `${files.length} results files, expected one` : 'the test job uploaded no results', recipe };
  let results: Results;
  try {
    const st = lstatSync(files[0]!);
    if (!st.isFile() || st.size > MAX_RESULTS_BYTES) throw new Error(`not a regular file of at most ${MAX_RESULTS_BYTES} bytes`);
    results = readResults(files[0]!);
  } catch (e) {
    core.warning(`cc-ci feedback: results.json is not valid: ${untrusted(errorMessage(e))}`);
    return { error: "the test job's results.json is not valid", recipe };
  }
  if (recipe && results.recipe !== recipe) return { error: `the results are not for recipe ${recipe}`, recipe };
  if (!RECIPE_NAME.test(results.recipe)) return { error: 'the results name a recipe that is not a valid name' };
  if (results.head.ref !== sha) return { error: `the results are not for commit ${sha.slice(0, 8)}`, recipe: results.recipe };
  return { results, recipe: results.recipe };
}

/** The comment when there is no verdict: only cc-ci's own text, so an earlier pass is not left standing. */
function noResultsComment(recipe: string, sha: string, error: string): string {
  return [
    `### ⚠️ cc-ci: ${recipe} has no results`,
    '',
    `commit ${sha.slice(0, 8)} · ${error} · [the run](${runUrl()})`,
    '',
    '<sub>Comment `!testme` to run again.</sub>',
  ].join('\n');
}

/**
 * mode: feedback. The last job of a `!testme` workflow, with the write permissions and without
 * any pull request code: reads the test job's results and sets the final commit status on the
 * commit the gate resolved (`sha` input) and the one cc-ci comment. Never success without valid
 * results for that commit: anything else is the status `error`.
 */
export async function runFeedback(): Promise<void> {
  const { sha, recipe, resultsDir, token, comment } = feedbackInputs();
  if (!SHA.test(sha))
    throw new UserError(`mode: feedback needs input sha, the commit the gate resolved (needs.gate.outputs.sha), as 40 hex digits`);
  if (recipe && !RECIPE_NAME.test(recipe)) throw new UserError(`input recipe must match ${RECIPE_NAME.source} in mode: feedback`);
  const number = pullRequestNumber();
  if (!number) throw new UserError('mode: feedback reports to a pull request; this event has none (see docs/github.md)');
  const gh = gitHubClient(token);
  const at = { ...repoOf(), sha };
  const status = { context: statusContext(), runUrl: runUrl() };

  const v = await verdictOf(sha, recipe, resultsDir);
  if ('error' in v) {
    await setStatus(gh, at, 'error', `no results: ${v.error}`, status);
    if (comment && v.recipe) await upsertComment(gh, { ...repoOf(), number }, v.recipe, noResultsComment(v.recipe, sha, v.error));
    core.setOutput('status', 'error');
    core.setFailed(`cc-ci: no results for ${sha}: ${v.error}`);
    return;
  }
  const r = v.results;
  const failed = failedOps(r);
  await setStatus(
    gh,
    at,
    r.status === 'pass' ? 'success' : 'failure',
    r.status === 'pass' ? 'all ops passed' : `${failed.join(', ') || 'the run'} failed`,
    status,
  );
  if (comment)
    core.info(`cc-ci: ${await upsertComment(gh, { ...repoOf(), number }, v.recipe, renderComment(r, runUrl()))} the pull request comment`);
  core.setOutput('status', r.status);
  core.setOutput('failed-ops', failed.join(','));
  if (r.status === 'fail') core.setFailed(`cc-ci: ${v.recipe}: ${failed.join(', ') || 'the run'} failed`);
}
