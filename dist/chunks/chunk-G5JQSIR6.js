import { createRequire as __ccciRequire } from 'node:module'; const require = __ccciRequire(import.meta.url);
import {
  UserError,
  parseRunOptions
} from "./chunk-R7SVWT6A.js";
import {
  getInput
} from "./chunk-N6UZXVPD.js";

// src/action/inputs.ts
import { join } from "node:path";
import { tmpdir } from "node:os";
var input = (name) => getInput(name);
var MODES = ["test", "comment", "feedback", "report"];
function mode() {
  const m = input("mode") || "test";
  if (!MODES.includes(m)) throw new UserError(`input mode must be ${MODES.join(", ")}, not "${m}"`);
  return m;
}
function stateRoot() {
  return join(process.env.RUNNER_TEMP || tmpdir(), "cc-ci");
}
function initSwarmInput() {
  const v = input("init-swarm") || "auto";
  if (v === "auto") return process.env.RUNNER_ENVIRONMENT === "github-hosted";
  if (v === "true" || v === "false") return v === "true";
  throw new UserError(`input init-swarm must be auto, true or false, not "${v}"`);
}
function allowRepoLocalInput() {
  const v = input("allow-repo-local") || "auto";
  if (v !== "auto" && v !== "true" && v !== "false") throw new UserError(`input allow-repo-local must be auto, true or false, not "${v}"`);
  return v;
}
var recipePathInput = () => input("recipe-path") || ".";
var recipeInput = () => input("recipe") || void 0;
var githubToken = () => input("github-token");
var resultsDirInput = () => input("results-dir");
function testInputs() {
  const keys = ["ops", "backend", "teardown", "timeout", "upgrade-from", "host-access"];
  const raw = Object.fromEntries(keys.map((k) => [k, input(k)]));
  const root = stateRoot();
  return {
    ...parseRunOptions(raw, (key) => `input ${key}`),
    recipePath: recipePathInput(),
    recipe: recipeInput(),
    domain: input("domain") || void 0,
    initSwarm: initSwarmInput(),
    results: input("results") || join(root, "results.json"),
    stateRoot: root,
    prComment: input("pr-comment") === "true"
  };
}
function feedbackInputs() {
  return { sha: input("sha"), recipe: recipeInput(), resultsDir: resultsDirInput(), token: githubToken(), comment: input("pr-comment") !== "false" };
}
function reportInputs() {
  return { recipes: input("recipes").split(/[\s,]+/).filter(Boolean), resultsDir: resultsDirInput(), token: githubToken() };
}

export {
  mode,
  stateRoot,
  allowRepoLocalInput,
  recipePathInput,
  recipeInput,
  githubToken,
  testInputs,
  feedbackInputs,
  reportInputs
};
