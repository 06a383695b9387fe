import * as core from '@actions/core';
import { dirname } from 'node:path';
import { abortOnSignals } from '../engine/interrupt';
import { runSuite } from '../engine/run';
import { ActionEvents } from './events';
import { readInputs } from './inputs';
import { prFeedback } from './pr-feedback';
import { failedOps, report, setOutputs } from './report';

/**
 * mode: test. The same engine as the CLI; tears down itself per strategy, then reports to the job
 * (summary, annotations, artifact). A run that errors before it has results uploads nothing, which
 * a `!testme` feedback job reports as an error.
 */
export async function runTest(): Promise<void> {
  const inputs = readInputs();
  // The runner sends SIGINT, then SIGTERM, when the job is cancelled.
  const interrupt = abortOnSignals();
  let stateDir = '';
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
}
