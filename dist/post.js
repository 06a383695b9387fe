import { createRequire as __ccciRequire } from 'node:module'; const require = __ccciRequire(import.meta.url);
import {
  report,
  savedManifestPath,
  writeJobSummary
} from "./chunks/chunk-REBNLGPB.js";
import {
  readResults,
  writeResults
} from "./chunks/chunk-E2UVBTEE.js";
import {
  mode,
  recipePathInput,
  retentionDaysInput,
  stateRoot
} from "./chunks/chunk-54KRV55O.js";
import {
  backendKind,
  errorMessage,
  findUnfinishedManifest,
  readManifest
} from "./chunks/chunk-3ENYTVF4.js";
import {
  info,
  warning
} from "./chunks/chunk-ADTZBRDJ.js";
import "./chunks/chunk-I3NGZZSY.js";

// src/entrypoints/action-post.ts
import { existsSync } from "node:fs";
try {
  const path = savedManifestPath() ?? (mode() === "test" ? findUnfinishedManifest(stateRoot()) : void 0);
  const m = path ? readManifest(path) : void 0;
  if (!m) info("cc-ci post: nothing was created; nothing to tear down");
  else if (m.finished) info(`cc-ci post: main finished and tore down per strategy (${m.teardown})`);
  else await recover(m);
} catch (e) {
  warning(`cc-ci post: ${errorMessage(e)}`);
}
async function recover(m) {
  let teardown;
  if (m.teardown !== "always") {
    warning(
      `cc-ci post: main did not finish; stack ${m.stack} kept (teardown: ${m.teardown}); remove it with: node dist/cli.js teardown ${m.stack}`
    );
    teardown = { strategy: m.teardown, status: "kept", leftovers: [] };
    await backendKind(m.backend).runs().mark(m.stack, "kept");
  } else {
    info(`cc-ci post: main did not finish; tearing down stack ${m.stack}`);
    const kind = backendKind(m.backend);
    const done = await kind.forApp({ stack: m.stack, domain: m.domain, stateDir: m.stateDir }).teardown();
    if (!done.leftovers.length) await kind.runs().forget(m.stack);
    for (const p of done.problems) warning(`teardown: ${p}`);
    if (done.leftovers.length) warning(`cc-ci post: ${done.leftovers.length} resource(s) left: ${done.leftovers.join(", ")}`);
    teardown = {
      strategy: m.teardown,
      status: done.leftovers.length ? "failed" : "done",
      leftovers: done.leftovers,
      detail: "torn down by the post step"
    };
  }
  const note = `The main step did not finish. The post step ${teardown.status === "kept" ? "kept" : "tore down"} stack \`${m.stack}\`: ${teardown.leftovers.length ? `${teardown.leftovers.length} resource(s) left` : teardown.status === "kept" ? "kept by strategy" : "nothing left"}.`;
  let partial;
  try {
    partial = m.resultsFile && existsSync(m.resultsFile) ? readResults(m.resultsFile) : void 0;
  } catch (e) {
    warning(`cc-ci post: the partial results are unreadable: ${errorMessage(e).split("\n")[0]}`);
  }
  if (!partial || !m.resultsFile) {
    await writeJobSummary(`## \u274C cc-ci: ${m.domain}

${note} No results of the ops that ran could be read.
`);
    return;
  }
  const results = { ...partial, status: "fail", teardown };
  writeResults(m.resultsFile, results);
  let retentionDays;
  try {
    retentionDays = retentionDaysInput();
  } catch {
  }
  await report(results, { recipePath: recipePathInput(), resultsFile: m.resultsFile, stateDir: m.stateDir, retentionDays }, note);
}
