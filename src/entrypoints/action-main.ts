import { failStep } from '../action/fail';
import { mode, type Mode } from '../action/inputs';
import { runComment } from '../action/run-comment';
import { runFeedback } from '../action/run-feedback';
import { runReport } from '../action/run-report';
import { runTest } from '../action/run-test';

// main: test a recipe (the default), gate a `!testme` comment, report a `!testme` run to the pull
// request, or aggregate a matrix's results.
const modes: Record<Mode, () => Promise<void>> = { test: runTest, comment: runComment, feedback: runFeedback, report: runReport };
try {
  await modes[mode()]();
} catch (e) {
  failStep(e);
}
