import * as core from '@actions/core';
import { copyFileSync } from 'node:fs';
import { filesUnder } from '../util/files';
import { join, resolve } from 'node:path';
import { errorMessage } from '../engine/errors';
import type { Results } from '../report/schema';

/** Unique per matrix leg (the stack name is unique per run), and found by the report job's pattern. */
export function artifactName(r: Pick<Results, 'recipe' | 'stack'>): string {
  return `cc-ci-${r.recipe}-${r.stack}`;
}

/**
 * Uploads results.json and the logs of the run (failed services, hooks and tests). Without a
 * runtime token (a local run) it warns once and leaves the files where they are.
 */
export async function uploadResults(r: Results, resultsFile: string, stateDir: string): Promise<void> {
  const name = artifactName(r);
  const inState = join(stateDir, 'results.json');
  if (resolve(resultsFile) !== resolve(inState)) copyFileSync(resultsFile, inState);
  const files = [inState, ...filesUnder(join(stateDir, 'logs'))];
  if (!process.env.ACTIONS_RUNTIME_TOKEN) {
    core.warning(`no artifact upload outside GitHub Actions (no ACTIONS_RUNTIME_TOKEN); results and logs stay in ${stateDir}`);
    return;
  }
  try {
    const { DefaultArtifactClient } = await import('@actions/artifact');
    const up = await new DefaultArtifactClient().uploadArtifact(name, files, stateDir, { retentionDays: 14 });
    core.info(`uploaded artifact ${name} (${files.length} files, ${up.size ?? 0} bytes)`);
  } catch (e) {
    core.warning(`artifact upload failed: ${errorMessage(e)}; results and logs stay in ${stateDir}`);
  }
}
