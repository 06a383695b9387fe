import * as core from '@actions/core';
import { UserError, errorMessage } from '../errors';
import { annotationFile } from '../report/annotations';

/**
 * Fails the step with one line; a user error in a file also becomes a file:line annotation.
 * `recipeDir`: the recipe checkout relative to the workspace (action/workspace.ts), as the error
 * names files relative to the recipe; a file with no repository path gets no annotation of its
 * own (the step's error line names it).
 */
export function failStep(e: unknown, recipeDir?: string): void {
  if (e instanceof UserError) {
    const file = e.file ? annotationFile(recipeDir, e.file) : undefined;
    if (file) core.error(e.message, { title: 'cc-ci', file, startLine: e.line });
    core.setFailed(`cc-ci: ${e.oneLine}`);
  } else {
    core.setFailed(`cc-ci: internal error: ${errorMessage(e)}`);
  }
}
