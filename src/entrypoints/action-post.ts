import * as core from '@actions/core';
import { existsSync } from 'node:fs';
import { report } from '../action/report';
import { writeJobSummary } from '../action/summary';
import { mode, recipePathInput, retentionDaysInput, stateRoot } from '../action/inputs';
import { savedManifestPath } from '../action/saved-state';
import { backendKind } from '../backends/registry';

import { findUnfinishedManifest, readManifest, type Manifest } from '../engine/manifest';
import { readResults, writeResults } from '../report/results-file';
import type { Teardown } from '../report/schema';
import { errorMessage } from '../errors';

// post: always runs. When main did not finish (crash, cancel), tear down from the manifest main
// wrote before it created anything (found through saveState, or under RUNNER_TEMP where the
// state did not carry over), then report what main got done. Cleanup problems warn; they never
// change the verdict.
try {
  const path = savedManifestPath() ?? (mode() === 'test' ? findUnfinishedManifest(stateRoot()) : undefined);
  const m = path ? readManifest(path) : undefined;
  if (!m) core.info('cc-ci post: nothing was created; nothing to tear down');
  else if (m.finished) core.info(`cc-ci post: main finished and tore down per strategy (${m.teardown})`);
  else await recover(m);
} catch (e) {
  core.warning(`cc-ci post: ${errorMessage(e)}`);
}

async function recover(m: Manifest): Promise<void> {
  let teardown: Teardown;
  if (m.teardown !== 'always') {
    core.warning(
      `cc-ci post: main did not finish; stack ${m.stack} kept (teardown: ${m.teardown}); remove it with: node dist/cli.js teardown ${m.stack}`,
    );
    teardown = { strategy: m.teardown, status: 'kept', leftovers: [] };
    await backendKind(m.backend).runs().mark(m.stack, 'kept');
  } else {
    core.info(`cc-ci post: main did not finish; tearing down stack ${m.stack}`);
    const kind = backendKind(m.backend);
    const done = await kind.forApp({ stack: m.stack, domain: m.domain, stateDir: m.stateDir }).teardown();
    // Main's record on the host goes with its app; with leftovers it stays for a later reap.
    if (!done.leftovers.length) await kind.runs().forget(m.stack);
    for (const p of done.problems) core.warning(`teardown: ${p}`);
    if (done.leftovers.length) core.warning(`cc-ci post: ${done.leftovers.length} resource(s) left: ${done.leftovers.join(', ')}`);
    teardown = {
      strategy: m.teardown,
      status: done.leftovers.length ? 'failed' : 'done',
      leftovers: done.leftovers,
      detail: 'torn down by the post step',
    };
  }
  const note = `The main step did not finish. The post step ${teardown.status === 'kept' ? 'kept' : 'tore down'} stack \`${m.stack}\`: ${teardown.leftovers.length ? `${teardown.leftovers.length} resource(s) left` : teardown.status === 'kept' ? 'kept by strategy' : 'nothing left'}.`;
  let partial;
  try {
    partial = m.resultsFile && existsSync(m.resultsFile) ? readResults(m.resultsFile) : undefined;
  } catch (e) {
    core.warning(`cc-ci post: the partial results are unreadable: ${errorMessage(e).split('\n')[0]}`);
  }
  if (!partial || !m.resultsFile) {
    await writeJobSummary(`## ❌ cc-ci: ${m.domain}\n\n${note} No results of the ops that ran could be read.\n`);
    return;
  }
  const results = { ...partial, status: 'fail' as const, teardown };
  writeResults(m.resultsFile, results);
  let retentionDays: number | undefined;
  try {
    retentionDays = retentionDaysInput();
  } catch {
    // main refused it before creating anything; the repository's setting it is
  }
  await report(results, { recipePath: recipePathInput(), resultsFile: m.resultsFile, stateDir: m.stateDir, retentionDays }, note);
}
