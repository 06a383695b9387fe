import * as core from '@actions/core';
import { ActionEvents } from '../action/events';
import { failStep } from '../action/fail';
import { readInputs } from '../action/inputs';
import { writeJobSummary } from '../action/summary';
import { Interrupted } from '../engine/errors';
import { runSuite } from '../engine/run';
import { renderSummary } from '../report/summary';

// main: the same engine as the CLI; tears down itself per strategy. post is the safety net.
try {
  const inputs = readInputs();
  const events = new ActionEvents();
  const abort = new AbortController();
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => abort.signal.aborted || abort.abort(new Interrupted(sig)));
  const results = await runSuite(
    {
      ...inputs,
      recipeDir: inputs.recipePath,
      resultsFile: inputs.results,
      signal: abort.signal,
      onManifest: (path) => core.saveState('manifest', path),
    },
    events,
  );
  const failedOps = results.ops.filter((o) => o.status === 'fail' || o.status === 'blocked').map((o) => o.op);
  core.setOutput('status', results.status);
  core.setOutput('results', inputs.results);
  core.setOutput('deploy-count', results.deployCount);
  core.setOutput('failed-ops', failedOps.join(','));
  await writeJobSummary(renderSummary(results));
  if (results.status === 'fail') core.setFailed(`cc-ci: ${results.recipe}: ${failedOps.join(', ')} failed`);
} catch (e) {
  failStep(e);
}
