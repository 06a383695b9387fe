import * as core from '@actions/core';
import { UserError, errorMessage } from '../errors';

/** Fails the step with one line; a user error in a file also becomes a file:line annotation. */
export function failStep(e: unknown): void {
  if (e instanceof UserError) {
    if (e.file) core.error(e.message, { title: 'cc-ci', file: e.file, startLine: e.line });
    core.setFailed(`cc-ci: ${e.oneLine}`);
  } else {
    core.setFailed(`cc-ci: internal error: ${errorMessage(e)}`);
  }
}
