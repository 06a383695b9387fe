import * as core from '@actions/core';
import { failing } from '../engine/results';
import { annotations } from '../report/annotations';
import type { Results } from '../report/schema';
import { renderSummary } from '../report/summary';
import { legArtifactName, uploadResults } from './artifact';
import { writeJobSummary } from './summary';
import { recipeInWorkspace } from './workspace';

/** Everything a person reads after a run, all rendered from the one validated result. */
export async function report(
  r: Results,
  where: { recipePath: string; resultsFile: string; stateDir: string; retentionDays?: number },
  note?: string,
): Promise<void> {
  for (const a of annotations(r, recipeInWorkspace(where.recipePath))) {
    (a.level === 'error' ? core.error : core.warning)(a.message, { title: a.title, file: a.file, startLine: a.startLine });
  }
  await writeJobSummary(renderSummary(r, { artifact: legArtifactName(r), note }));
  await uploadResults(r, where.resultsFile, where.stateDir, where.retentionDays);
}

export function setOutputs(r: Results, resultsFile: string): void {
  core.setOutput('status', r.status);
  core.setOutput('results', resultsFile);
  core.setOutput('deploy-count', r.deployCount);
  core.setOutput('failed-ops', failedOps(r).join(','));
}

export function failedOps(r: Results): string[] {
  return r.ops.filter(failing).map((o) => o.op);
}
