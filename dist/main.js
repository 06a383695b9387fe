import { createRequire as __ccciRequire } from 'node:module'; const require = __ccciRequire(import.meta.url);
import {
  TerminalEvents,
  markdownTable,
  runSuite
} from "./chunks/chunk-ZSQUSLRA.js";
import {
  failStep
} from "./chunks/chunk-TLRNO2WB.js";
import "./chunks/chunk-4MY4FY2L.js";
import {
  writeJobSummary
} from "./chunks/chunk-QVZOETG3.js";
import {
  seconds
} from "./chunks/chunk-HHQXM3EC.js";
import {
  readInputs,
  saveState,
  setFailed,
  setOutput,
  setSecret,
  warning
} from "./chunks/chunk-NJ4LXYYY.js";
import {
  Interrupted
} from "./chunks/chunk-XBFKV7RT.js";

// src/action/events.ts
var ActionEvents = class extends TerminalEvents {
  constructor() {
    super(process.stdout);
  }
  mask(secret) {
    super.mask(secret);
    setSecret(secret);
  }
  warn(message) {
    warning(this.redact(message));
  }
};

// src/report/summary.ts
function renderSummary(r) {
  const verdict = r.status === "pass" ? "\u2705 passed" : "\u274C failed";
  const base = r.base ? `${r.base.version} \u2192 ` : "";
  const head = r.head.version ?? shortRef(r.head.ref);
  const teardown = r.teardown.status === "done" ? "clean" : r.teardown.status === "kept" ? `kept (${r.teardown.strategy})` : `${r.teardown.status}, ${r.teardown.leftovers.length} left`;
  return [
    `## cc-ci: ${r.recipe} ${verdict}`,
    "",
    `**backend** ${r.backend} \xB7 **${base ? "base \u2192 head" : "head"}** ${base}${head} \xB7 **deploys** ${r.deployCount} \xB7 **teardown** ${teardown} \xB7 **time** ${seconds(r.durationMs)}`,
    "",
    markdownTable(r),
    ""
  ].join("\n");
}
function shortRef(ref) {
  return /^[0-9a-f]{40}$/.test(ref) ? ref.slice(0, 8) : ref;
}

// src/entrypoints/action-main.ts
try {
  const inputs = readInputs();
  const events = new ActionEvents();
  const abort = new AbortController();
  for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => abort.signal.aborted || abort.abort(new Interrupted(sig)));
  const results = await runSuite(
    {
      recipeDir: inputs.recipePath,
      recipe: inputs.recipe,
      ops: inputs.ops,
      domain: inputs.domain,
      upgradeFrom: inputs.upgradeFrom,
      teardown: inputs.teardown,
      timeouts: inputs.timeout ? Object.fromEntries(inputs.ops.map((op) => [op, inputs.timeout])) : void 0,
      stateRoot: inputs.stateRoot,
      resultsFile: inputs.results,
      initSwarm: inputs.initSwarm,
      signal: abort.signal,
      onManifest: (path) => saveState("manifest", path)
    },
    events
  );
  const failedOps = results.ops.filter((o) => o.status === "fail" || o.status === "blocked").map((o) => o.op);
  setOutput("status", results.status);
  setOutput("results", inputs.results);
  setOutput("deploy-count", results.deployCount);
  setOutput("failed-ops", failedOps.join(","));
  await writeJobSummary(renderSummary(results));
  if (results.status === "fail") setFailed(`cc-ci: ${results.recipe}: ${failedOps.join(", ")} failed`);
} catch (e) {
  failStep(e);
}
