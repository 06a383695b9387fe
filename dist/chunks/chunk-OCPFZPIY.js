import { createRequire as __ccciRequire } from 'node:module'; const require = __ccciRequire(import.meta.url);
import {
  parseOps
} from "./chunk-YDTDW7EO.js";
import {
  error,
  getInput,
  setFailed
} from "./chunk-SCJVDNM2.js";
import {
  TeardownStrategy,
  UserError,
  errorMessage
} from "./chunk-2X6GTBUI.js";

// src/action/inputs.ts
import { join } from "node:path";
import { tmpdir } from "node:os";
function stateRoot() {
  return join(process.env.RUNNER_TEMP || tmpdir(), "cc-ci");
}
function initSwarmInput() {
  const v = getInput("init-swarm") || "auto";
  if (v === "auto") return process.env.RUNNER_ENVIRONMENT === "github-hosted";
  if (v === "true" || v === "false") return v === "true";
  throw new UserError(`input init-swarm must be auto, true or false, not "${v}"`);
}
function readInputs() {
  const teardown = TeardownStrategy.safeParse(getInput("teardown") || "always");
  if (!teardown.success) throw new UserError(`input teardown must be always, on-success or never, not "${getInput("teardown")}"`);
  const backend = getInput("backend") || "swarm";
  if (backend !== "swarm") throw new UserError(`input backend: "${backend}" is not available in this version; use swarm`);
  const timeoutRaw = getInput("timeout");
  const timeout = timeoutRaw ? Number(timeoutRaw) : void 0;
  if (timeout !== void 0 && (!Number.isInteger(timeout) || timeout < 1)) throw new UserError(`input timeout must be a whole number of seconds, not "${timeoutRaw}"`);
  const root = stateRoot();
  return {
    recipePath: getInput("recipe-path") || ".",
    recipe: getInput("recipe") || void 0,
    ops: parseOps(getInput("ops") || "install", "input ops"),
    domain: getInput("domain") || void 0,
    teardown: teardown.data,
    timeout,
    initSwarm: initSwarmInput(),
    results: getInput("results") || join(root, "results.json"),
    stateRoot: root
  };
}

// src/action/fail.ts
function failStep(e) {
  if (e instanceof UserError) {
    if (e.file) error(e.message, { title: "cc-ci", file: e.file, startLine: e.line });
    setFailed(`cc-ci: ${e.oneLine}`);
  } else {
    setFailed(`cc-ci: internal error: ${errorMessage(e)}`);
  }
}

export {
  initSwarmInput,
  readInputs,
  failStep
};
