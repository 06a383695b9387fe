import { failStep } from '../action/fail';
import { mode, recipePathInput, type Mode } from '../action/inputs';
import { runComment } from '../action/run-comment';
import { runFeedback } from '../action/run-feedback';
import { runReport } from '../action/run-report';
import { runTest } from '../action/run-test';
import { recipeInWorkspace } from '../action/workspace';

// main: test a recipe (the default), gate a `!testme` comment, report a `!testme` run to the pull
// request, or aggregate a matrix's results.
const modes: Record<Mode, () => Promise<void>> = { test: runTest, comment: runComment, feedback: runFeedback, report: runReport };
let m: Mode | undefined;
try {
  m = mode();
  await modes[m]();
} catch (e) {
  // A test run's errors name files in the recipe: annotations want them from the workspace.
  failStep(e, m === 'test' ? recipeInWorkspace(recipePathInput()) : undefined);
}
