import * as core from '@actions/core';
import { writeJobSummary } from '../action/summary';
import { DockerApi } from '../backends/swarm/docker-api';
import { teardownStack } from '../backends/swarm/teardown';
import { errorMessage } from '../engine/errors';
import { findUnfinishedManifest, readManifest } from '../engine/manifest';
import { stateRoot } from '../action/inputs';

// post: always runs. When main did not finish (crash, cancel), tear down from the manifest main
// wrote before it created anything (found through saveState, or under RUNNER_TEMP where the
// state did not carry over). Cleanup problems warn; they never change the verdict.
try {
  const path = core.getState('manifest') || findUnfinishedManifest(stateRoot());
  const m = path ? readManifest(path) : undefined;
  if (!m) core.info('cc-ci post: nothing was created; nothing to tear down');
  else if (m.finished) core.info(`cc-ci post: main finished and tore down per strategy (${m.teardown})`);
  else if (m.teardown !== 'always') core.warning(`cc-ci post: main did not finish; stack ${m.stack} kept (teardown: ${m.teardown}); remove it with: node dist/cli.js teardown ${m.stack}`);
  else {
    core.info(`cc-ci post: main did not finish; tearing down stack ${m.stack}`);
    const report = await teardownStack(new DockerApi(), m.stack);
    for (const p of report.problems) core.warning(`teardown: ${p}`);
    const left = report.leftovers.length ? `${report.leftovers.length} resource(s) left: ${report.leftovers.join(', ')}` : 'nothing left';
    if (report.leftovers.length) core.warning(`cc-ci post: ${left}`);
    await writeJobSummary(`## cc-ci: ${m.domain}\n\nThe main step did not finish. The post step tore down stack \`${m.stack}\`: ${left}.\n`);
  }
} catch (e) {
  core.warning(`cc-ci post: ${errorMessage(e)}`);
}
