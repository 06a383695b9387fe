import { createRequire as __ccciRequire } from 'node:module'; const require = __ccciRequire(import.meta.url);
import {
  TerminalEvents,
  markdownTable,
  runSuite
} from "./chunks/chunk-KLZ3S2VC.js";
import {
  failStep
} from "./chunks/chunk-FX67QMLD.js";
import "./chunks/chunk-PNRKCEV3.js";
import {
  writeJobSummary
} from "./chunks/chunk-OBSDKFWQ.js";
import {
  seconds
} from "./chunks/chunk-UWMBK4B3.js";
import {
  readInputs,
  saveState,
  setFailed,
  setOutput,
  setSecret,
  warning
} from "./chunks/chunk-LXNMTWZE.js";
import {
  Interrupted
} from "./chunks/chunk-ZSXOUFXQ.js";

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
    ...genericWarning(r),
    markdownTable(r),
    "",
    ...notRun(r)
  ].join("\n");
}
function genericWarning(r) {
  const off = r.customization.filter((c) => c.source === "built-in" && !c.used).map((c) => c.item.replace(/^generic (\w+) assertions$/, "$1"));
  return off.length ? [`> [!WARNING]`, `> Generic assertions were **skipped** for ${off.join(", ")} (config.yml \`skip-generic\`): only the overlay's tests judged them.`, ""] : [];
}
function notRun(r) {
  const items = r.customization.filter((c) => c.source !== "built-in" && !c.used);
  return items.length ? ["**Overlay files not used**", "", ...items.map((c) => `- \`${c.path}\` (${c.source}): ${c.note ?? "not used"}`), ""] : [];
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
      ...inputs,
      recipeDir: inputs.recipePath,
      resultsFile: inputs.results,
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
