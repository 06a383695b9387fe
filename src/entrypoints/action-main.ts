import * as core from '@actions/core';
import { dirname } from 'node:path';
import { ActionEvents } from '../action/events';
import { failStep } from '../action/fail';
import { readInputs } from '../action/inputs';
import { failedOps, report, setOutputs } from '../action/report';
import { Interrupted } from '../engine/errors';
import { runSuite } from '../engine/run';

// main: the same engine as the CLI; tears down itself per strategy, then reports. post is the
// safety net for a main that did not get that far.
try {
  const inputs = readInputs();
  const events = new ActionEvents();
  const abort = new AbortController();
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => abort.signal.aborted || abort.abort(new Interrupted(sig)));
  let stateDir = '';
  const results = await runSuite(
    {
      ...inputs,
      recipeDir: inputs.recipePath,
      resultsFile: inputs.results,
      signal: abort.signal,
      onManifest: (path) => {
        core.saveState('manifest', path);
        stateDir = dirname(path);
      },
    },
    events,
  );
  setOutputs(results, inputs.results);
  await report(results, { recipePath: inputs.recipePath, resultsFile: inputs.results, stateDir });
  if (results.status === 'fail') core.setFailed(`cc-ci: ${results.recipe}: ${failedOps(results).join(', ')} failed`);
} catch (e) {
  failStep(e);
}
