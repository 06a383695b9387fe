import { createRequire as __ccciRequire } from 'node:module'; const require = __ccciRequire(import.meta.url);
import {
  UserError,
  noCommands,
  oneLine,
  parseRunOptions
} from "./chunk-3ENYTVF4.js";
import {
  getInput
} from "./chunk-ADTZBRDJ.js";

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
var TRUE_VALUES = ["true", "True", "TRUE"];
var FALSE_VALUES = ["false", "False", "FALSE"];
function autoBooleanInput(name) {
  const v = input(name);
  if (v === "" || v === "auto") return "auto";
  if (TRUE_VALUES.includes(v)) return true;
  if (FALSE_VALUES.includes(v)) return false;
  throw new UserError(`input ${name} must be auto, true or false (also True, TRUE, False, FALSE), not "${v}"`);
}
function initSwarmInput() {
  const v = autoBooleanInput("init-swarm");
  return v === "auto" ? process.env.RUNNER_ENVIRONMENT === "github-hosted" : v;
}
function allowRepoLocalInput() {
  return autoBooleanInput("allow-repo-local");
}
var MAX_RETENTION_DAYS = 400;
function retentionDaysInput() {
  const v = input("retention-days");
  if (v === "" || v === "0") return void 0;
  const days = /^[0-9]+$/.test(v) ? Number(v) : NaN;
  if (!(days >= 1 && days <= MAX_RETENTION_DAYS))
    throw new UserError(
      `input retention-days is "${v}"; give a whole number of days from 1 to ${MAX_RETENTION_DAYS} (90 at most on a public repository), or leave it empty for the repository's setting`
    );
  return days;
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
    prComment: autoBooleanInput("pr-comment") === true,
    retentionDays: retentionDaysInput()
  };
}
function feedbackInputs() {
  return {
    sha: input("sha"),
    recipe: recipeInput(),
    resultsDir: resultsDirInput(),
    token: githubToken(),
    comment: autoBooleanInput("pr-comment") !== false
  };
}
function reportInputs() {
  return {
    recipes: input("recipes").split(/[\s,]+/).filter(Boolean),
    resultsDir: resultsDirInput(),
    token: githubToken()
  };
}

// src/report/annotations.ts
import { posix } from "node:path";
var MAX_ANNOTATIONS = 10;
function annotationFile(recipeDir, file) {
  if (recipeDir === void 0 || !file || file.includes(":") || posix.isAbsolute(file) || /^overlays\//.test(file)) return void 0;
  const inRecipe = posix.normalize(file);
  if (inRecipe === ".." || inRecipe.startsWith("../")) return void 0;
  return posix.join(recipeDir, inRecipe);
}
function annotations(r, recipeDir) {
  const plain = (s) => noCommands(oneLine(s));
  const at = (file, line) => {
    const path = file ? annotationFile(recipeDir, file) : void 0;
    return path ? { file: path, startLine: line ?? 1 } : {};
  };
  const failures = r.ops.filter((o) => o.autopsy).map((o) => {
    const a = o.autopsy;
    const located = /^([^\s:]+):(\d+): /.exec(a.event);
    const source = located ? { file: located[1], line: Number(located[2]) } : a.service ? r.sources[a.service] : void 0;
    const executable = /^(\.cc-ci\/\S+)/.exec(a.event)?.[1];
    return {
      level: "error",
      title: `cc-ci ${a.op}: ${a.reason.replace(/_/g, " ")}${a.service ? ` (${plain(a.service)})` : ""}`,
      message: `${plain(o.reason)}
${plain(a.hint)}`,
      ...at(source?.file ?? executable, source?.line)
    };
  });
  const seen = /* @__PURE__ */ new Set();
  const findings = r.ops.flatMap(
    (o) => o.assertions.filter((a) => a.source && (a.status === "fail" || a.status === "warn") && !(o.autopsy && a.detail === o.reason)).filter((a) => !seen.has(`${a.name}|${a.detail}`) && seen.add(`${a.name}|${a.detail}`)).map((a) => ({
      level: a.status === "fail" ? "error" : "warning",
      title: `cc-ci ${plain(a.name)}`,
      message: plain(a.detail.replace(/^\S+:\d+: /, "")),
      ...at(a.source.file, a.source.line)
    }))
  );
  const all = [...failures, ...findings];
  return [
    ...all.filter((a) => a.level === "error").slice(0, MAX_ANNOTATIONS),
    ...all.filter((a) => a.level === "warning").slice(0, MAX_ANNOTATIONS)
  ];
}

export {
  mode,
  stateRoot,
  allowRepoLocalInput,
  retentionDaysInput,
  recipePathInput,
  recipeInput,
  githubToken,
  testInputs,
  feedbackInputs,
  reportInputs,
  annotationFile,
  annotations
};
