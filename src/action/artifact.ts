import * as core from '@actions/core';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { filesUnder } from '../util/files';
import { basename, join, resolve } from 'node:path';

import type { Results } from '../report/schema';
import { errorMessage } from '../errors';

/** Unique per matrix leg (the stack name is unique per run), and found by the report job's pattern. */
export function artifactName(r: Pick<Results, 'recipe' | 'stack'>): string {
  return `${artifactPrefix(r.recipe)}${r.stack}`;
}

/** How the names of cc-ci's artifacts start: every one, or one recipe's. */
export function artifactPrefix(recipe?: string): string {
  return recipe ? `cc-ci-${recipe}-` : 'cc-ci-';
}

/** Every results.json below `dir` (downloaded artifacts, or a results-dir). */
export function resultsFilesUnder(dir: string): string[] {
  return filesUnder(dir).filter((f) => basename(f) === 'results.json');
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

/**
 * Downloads this workflow run's artifacts whose name starts with `prefix`, each into its own
 * folder of a fresh directory. Artifacts of the current run need only the runtime token, not the
 * job's GitHub token. Without one (a local run) it warns and returns the empty directory. An
 * artifact may come from a job that ran pull request code; its extraction (unzip-stream, inside
 * @actions/artifact) turns `..` path parts into `.`, so it cannot write outside `dir`.
 */
export async function downloadRunArtifacts(prefix: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'cc-ci-artifacts-'));
  if (!process.env.ACTIONS_RUNTIME_TOKEN) {
    core.warning('no ACTIONS_RUNTIME_TOKEN: cannot download this run\'s artifacts; pass results-dir with results downloaded another way');
    return dir;
  }
  const { DefaultArtifactClient } = await import('@actions/artifact');
  const client = new DefaultArtifactClient();
  const { artifacts } = await client.listArtifacts({ latest: true });
  for (const a of artifacts.filter((x) => x.name.startsWith(prefix))) {
    await client.downloadArtifact(a.id, { path: join(dir, a.name) });
  }
  return dir;
}
