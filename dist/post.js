import { createRequire as __ccciRequire } from 'node:module'; const require = __ccciRequire(import.meta.url);
import {
  writeJobSummary
} from "./chunks/chunk-OBSDKFWQ.js";
import {
  findUnfinishedManifest,
  readManifest,
  teardownStack
} from "./chunks/chunk-UWMBK4B3.js";
import {
  getState,
  info,
  stateRoot,
  warning
} from "./chunks/chunk-LXNMTWZE.js";
import {
  DockerApi,
  errorMessage
} from "./chunks/chunk-ZSXOUFXQ.js";

// src/entrypoints/action-post.ts
try {
  const path = getState("manifest") || findUnfinishedManifest(stateRoot());
  const m = path ? readManifest(path) : void 0;
  if (!m) info("cc-ci post: nothing was created; nothing to tear down");
  else if (m.finished) info(`cc-ci post: main finished and tore down per strategy (${m.teardown})`);
  else if (m.teardown !== "always") warning(`cc-ci post: main did not finish; stack ${m.stack} kept (teardown: ${m.teardown}); remove it with: node dist/cli.js teardown ${m.stack}`);
  else {
    info(`cc-ci post: main did not finish; tearing down stack ${m.stack}`);
    const report = await teardownStack(new DockerApi(), m.stack);
    for (const p of report.problems) warning(`teardown: ${p}`);
    const left = report.leftovers.length ? `${report.leftovers.length} resource(s) left: ${report.leftovers.join(", ")}` : "nothing left";
    if (report.leftovers.length) warning(`cc-ci post: ${left}`);
    await writeJobSummary(`## cc-ci: ${m.domain}

The main step did not finish. The post step tore down stack \`${m.stack}\`: ${left}.
`);
  }
} catch (e) {
  warning(`cc-ci post: ${errorMessage(e)}`);
}
