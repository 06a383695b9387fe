import * as core from '@actions/core';
import { failStep } from '../action/fail';
import { runComment } from '../action/run-comment';
import { runFeedback } from '../action/run-feedback';
import { runReport } from '../action/run-report';
import { runTest } from '../action/run-test';
import { UserError } from '../engine/errors';

// main: test a recipe (the default), gate a `!testme` comment, report a `!testme` run to the pull
// request, or aggregate a matrix's results.
const modes: Record<string, () => Promise<void>> = { test: runTest, comment: runComment, feedback: runFeedback, report: runReport };
try {
  const mode = core.getInput('mode') || 'test';
  const run = modes[mode];
  if (!run) throw new UserError(`input mode must be test, comment, feedback or report, not "${mode}"`);
  await run();
} catch (e) {
  failStep(e);
}
