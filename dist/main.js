import { createRequire as __ccciRequire } from 'node:module'; const require = __ccciRequire(import.meta.url);
import {
  TerminalEvents,
  runSuite
} from "./chunks/chunk-4CGPPQU6.js";
import {
  failStep
} from "./chunks/chunk-N2VLYGQU.js";
import "./chunks/chunk-3UIQI2FU.js";
import {
  failedOps,
  report,
  setOutputs
} from "./chunks/chunk-5CYYJW6J.js";
import "./chunks/chunk-IIKO7S6A.js";
import {
  readInputs
} from "./chunks/chunk-UUERRCOP.js";
import {
  Interrupted
} from "./chunks/chunk-5Z3ODC6I.js";
import {
  saveState,
  setFailed,
  setSecret,
  warning
} from "./chunks/chunk-NK357T6U.js";
import "./chunks/chunk-I3NGZZSY.js";

// src/entrypoints/action-main.ts
import { dirname } from "node:path";

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

// src/entrypoints/action-main.ts
try {
  const inputs = readInputs();
  const events = new ActionEvents();
  const abort = new AbortController();
  for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => abort.signal.aborted || abort.abort(new Interrupted(sig)));
  let stateDir = "";
  const results = await runSuite(
    {
      ...inputs,
      recipeDir: inputs.recipePath,
      resultsFile: inputs.results,
      signal: abort.signal,
      onManifest: (path) => {
        saveState("manifest", path);
        stateDir = dirname(path);
      }
    },
    events
  );
  setOutputs(results, inputs.results);
  await report(results, { recipePath: inputs.recipePath, resultsFile: inputs.results, stateDir });
  if (results.status === "fail") setFailed(`cc-ci: ${results.recipe}: ${failedOps(results).join(", ")} failed`);
} catch (e) {
  failStep(e);
}
