import { createRequire as __ccciRequire } from 'node:module'; const require = __ccciRequire(import.meta.url);
import {
  UserError,
  parseRunOptions
} from "./chunk-HBM2C66F.js";
import {
  context,
  getInput
} from "./chunk-ICYKCY6V.js";

// src/action/inputs.ts
import { join } from "node:path";
import { tmpdir } from "node:os";

// src/action/trust.ts
function isForkPullRequest(payload) {
  const pr = payload.pull_request;
  if (!pr) return false;
  const head = pr.head?.repo?.full_name;
  const base = pr.base?.repo?.full_name;
  return !head || head !== base;
}
function repoLocalTrusted() {
  const v = getInput("allow-repo-local") || "auto";
  if (v === "true" || v === "false") return v === "true";
  if (v !== "auto") throw new UserError(`input allow-repo-local must be auto, true or false, not "${v}"`);
  return !isForkPullRequest(context.payload);
}

// src/action/inputs.ts
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
  const keys = ["ops", "backend", "teardown", "timeout", "upgrade-from"];
  const raw = Object.fromEntries(keys.map((k) => [k, getInput(k)]));
  const root = stateRoot();
  return {
    ...parseRunOptions(raw, (key) => `input ${key}`),
    recipePath: getInput("recipe-path") || ".",
    recipe: getInput("recipe") || void 0,
    domain: getInput("domain") || void 0,
    initSwarm: initSwarmInput(),
    repoLocalTrusted: repoLocalTrusted(),
    results: getInput("results") || join(root, "results.json"),
    stateRoot: root
  };
}

export {
  stateRoot,
  initSwarmInput,
  readInputs
};
