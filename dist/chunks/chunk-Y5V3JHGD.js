import { createRequire as __ccciRequire } from 'node:module'; const require = __ccciRequire(import.meta.url);
import {
  ALLOW_HOST,
  UserError,
  parseRunOptions,
  refuseHost
} from "./chunk-NDZ52VSO.js";
import {
  context,
  getInput
} from "./chunk-NK357T6U.js";

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
function hostPolicy(setting) {
  if (setting === "allow") return ALLOW_HOST;
  if (setting === "refuse") return refuseHost("the workflow's host-access: refuse");
  if (repoLocalTrusted() || process.env.RUNNER_ENVIRONMENT === "github-hosted") return ALLOW_HOST;
  return {
    allow: false,
    why: "refused on an untrusted run (a fork's pull request) on a self-hosted runner, whose host outlives the job; a maintainer can approve it with !testme, or the workflow can set host-access: allow"
  };
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
  const keys = ["ops", "backend", "teardown", "timeout", "upgrade-from", "host-access"];
  const raw = Object.fromEntries(keys.map((k) => [k, getInput(k)]));
  const root = stateRoot();
  const settings = parseRunOptions(raw, (key) => `input ${key}`);
  return {
    ...settings,
    hostPolicy: hostPolicy(settings.hostAccess),
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
