import * as core from '@actions/core';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';

import { artifactName, isOurs, newestAttempts, parseArtifactName, runAttempt } from '../github/artifact-names';
import { artifactServiceUnusable, unsupportedHostError } from '../github/artifact-service';
import type { Results } from '../report/schema';
import { filesUnder } from '../util/files';
import { UserError, errorMessage } from '../errors';

/** This job's artifact: its recipe and this run attempt, so a re-run never collides with, nor loses to, an earlier attempt. */
export function legArtifactName(r: Pick<Results, 'recipe'>): string {
  return artifactName(r.recipe, runAttempt());
}

/**
 * Every current results.json below `dir` (downloaded artifacts, or a results-dir): when folders
 * of several attempts of one recipe are there, only the newest attempt's.
 */
export function resultsFilesUnder(dir: string): string[] {
  const files = filesUnder(dir).filter((f) => basename(f) === 'results.json');
  return newestAttempts(files, artifactOf);
}

/** The run attempt a results file was uploaded by, when its folder is one of cc-ci's artifacts. */
export function attemptOf(resultsFile: string): number | undefined {
  return parseArtifactName(artifactOf(resultsFile))?.attempt;
}

/** A downloaded artifact unpacks into a folder of its name. */
const artifactOf = (resultsFile: string) => basename(dirname(resultsFile));

const firstLine = (e: unknown) => errorMessage(e).split('\n')[0]!;

/**
 * Uploads results.json and the logs of the run (failed services, hooks and tests). Where the
 * artifact service cannot be used (a local run, GitHub Enterprise Server, Gitea or Forgejo) or the
 * upload fails, it warns once and leaves the files where they are: never a crash. `retentionDays`:
 * the retention-days input (undefined: the repository's setting).
 */
export async function uploadResults(r: Results, resultsFile: string, stateDir: string, retentionDays?: number): Promise<void> {
  const name = legArtifactName(r);
  const inState = join(stateDir, 'results.json');
  if (resolve(resultsFile) !== resolve(inState)) copyFileSync(resultsFile, inState);
  const files = [inState, ...filesUnder(join(stateDir, 'logs'))];
  const unusable = artifactServiceUnusable();
  if (unusable) {
    core.warning(`no artifact upload ${unusable}; results and logs stay in ${stateDir}`);
    return;
  }
  try {
    const { DefaultArtifactClient } = await import('@actions/artifact');
    const up = await new DefaultArtifactClient().uploadArtifact(name, files, stateDir, retentionDays ? { retentionDays } : {});
    core.info(`uploaded artifact ${name} (${files.length} files, ${up.size ?? 0} bytes)`);
  } catch (e) {
    // A 409 means another job of this attempt uploaded the same recipe's results.
    const taken = /\b409\b|already exists/i.test(errorMessage(e))
      ? `: another job of this run attempt already uploaded ${name}; give each matrix leg its own recipe`
      : '';
    core.warning(
      `artifact upload ${name} failed (${unsupportedHostError(e) ?? firstLine(e)})${taken}; results and logs stay in ${stateDir}`,
    );
  }
}

const RESULTS_DIR_HINT = 'pass results-dir, a folder holding the results.json files (docs/github.md)';

/**
 * Downloads this workflow run's current cc-ci artifacts (of `recipe` when given), each into its
 * own folder of a fresh directory: per recipe only the newest attempt's. Artifacts of the current
 * run need only the runtime token, not the job's GitHub token. Any problem is one UserError line
 * that names results-dir as the way around it. An artifact may come from a job that ran pull
 * request code; its extraction (unzip-stream, inside @actions/artifact) turns `..` path parts into
 * `.`, so it cannot write outside `dir`.
 */
export async function downloadRunArtifacts(recipe?: string): Promise<string> {
  const unusable = artifactServiceUnusable();
  if (unusable) throw new UserError(`cannot read this run's artifacts ${unusable}; ${RESULTS_DIR_HINT}`);
  const dir = mkdtempSync(join(tmpdir(), 'cc-ci-artifacts-'));
  try {
    const { DefaultArtifactClient } = await import('@actions/artifact');
    const client = new DefaultArtifactClient();
    const { artifacts } = await client.listArtifacts({ latest: true });
    const current = newestAttempts(
      artifacts.filter((a) => isOurs(a.name, recipe)),
      (a) => a.name,
    );
    for (const a of current) await client.downloadArtifact(a.id, { path: join(dir, a.name) });
  } catch (e) {
    const host = unsupportedHostError(e);
    if (host) throw new UserError(`cannot read this run's artifacts ${host}; ${RESULTS_DIR_HINT}`);
    throw new UserError(`cannot read this run's artifacts (${firstLine(e)}); re-run the job, or ${RESULTS_DIR_HINT}`);
  }
  return dir;
}
