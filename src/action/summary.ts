import * as core from '@actions/core';
import { errorMessage } from '../errors';

/** Appends to the job summary; without a summary file (local runs) it warns instead of failing. */
export async function writeJobSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) {
    core.info('GITHUB_STEP_SUMMARY is not set; job summary not written');
    return;
  }
  try {
    await core.summary.addRaw(markdown, true).write();
  } catch (e) {
    core.warning(`could not write the job summary: ${errorMessage(e)}`);
  }
}
