import * as core from '@actions/core';
import { dirname } from 'node:path';
import { UserError } from '../engine/errors';
import { abortOnSignals } from '../engine/interrupt';
import { runSuite } from '../engine/run';
import { readRecipeGit } from '../recipe/releases';
import { ActionEvents } from './events';
import { readInputs } from './inputs';
import { prFeedback } from './pr-feedback';
import { failedOps, report, setOutputs } from './report';

/** mode: test. The same engine as the CLI; tears down itself per strategy, then reports. */
export async function runTest(): Promise<void> {
  const inputs = readInputs();
  // The runner sends SIGINT, then SIGTERM, when the job is cancelled.
  const interrupt = abortOnSignals();
  let stateDir = '';
  try {
    const results = await runSuite(
      {
        ...inputs,
        recipeDir: inputs.recipePath,
        resultsFile: inputs.results,
        signal: interrupt.signal,
        onManifest: (path) => {
          core.saveState('manifest', path);
          stateDir = dirname(path);
        },
      },
      new ActionEvents(),
    );
    setOutputs(results, inputs.results);
    await report(results, { recipePath: inputs.recipePath, resultsFile: inputs.results, stateDir });
    await prFeedback(results);
    if (results.status === 'fail') core.setFailed(`cc-ci: ${results.recipe}: ${failedOps(results).join(', ')} failed`);
  } catch (e) {
    if (e instanceof UserError) await prFeedback({ error: e.oneLine, sha: (await readRecipeGit(inputs.recipePath).catch(() => undefined))?.head ?? '' });
    throw e;
  }
}
