import * as core from '@actions/core';
import { dirname } from 'node:path';
import { abortOnSignals } from '../engine/interrupt';
import { runSuite } from '../engine/run';
import { backendKind } from '../backends/registry';
import type { Results } from '../report/schema';
import { ActionEvents } from './events';
import { githubToken, testInputs } from './inputs';
import { hostPolicy, repoLocalTrusted } from './trust';
import { saveManifestPath } from './saved-state';
import { prFeedback } from './pr-feedback';
import { failedOps, report, setOutputs } from './report';

/**
 * mode: test. The same engine as the CLI; tears down itself per strategy, then reports to the job
 * (summary, annotations, artifact). A run that errors before it has results uploads nothing, which
 * a `!testme` feedback job reports as an error.
 */
export async function runTest(): Promise<void> {
  const inputs = testInputs();
  // The runner sends SIGINT, then SIGTERM, when the job is cancelled.
  const interrupt = abortOnSignals();
  let stateDir = '';
  const backend = backendKind(inputs.backend, 'input backend');
  const trusted = repoLocalTrusted();
  const events = new ActionEvents();
  let results: Results;
  try {
    results = await runSuite(
      {
        ...inputs,
        backend,
        hostPolicy: hostPolicy(inputs.hostAccess, trusted),
        repoLocalTrusted: trusted,
        recipeDir: inputs.recipePath,
        resultsFile: inputs.results,
        signal: interrupt.signal,
        onManifest: (path) => {
          saveManifestPath(path);
          stateDir = dirname(path);
        },
      },
      events,
    );
  } finally {
    events.close();
  }
  setOutputs(results, inputs.results);
  await report(results, { recipePath: inputs.recipePath, resultsFile: inputs.results, stateDir, retentionDays: inputs.retentionDays });
  await prFeedback(results, { prComment: inputs.prComment, token: githubToken() });
  if (results.status === 'fail') core.setFailed(`cc-ci: ${results.recipe}: ${failedOps(results).join(', ')} failed`);
}
