import { createRequire as __ccciRequire } from 'node:module'; const require = __ccciRequire(import.meta.url);
import {
  STATUS_SYMBOL,
  failing,
  markdownTable
} from "./chunk-E2UVBTEE.js";
import {
  annotations
} from "./chunk-54KRV55O.js";
import {
  UserError,
  errorMessage,
  htmlText,
  logLines,
  mdCode,
  mdText,
  seconds
} from "./chunk-3ENYTVF4.js";
import {
  error,
  getState,
  info,
  saveState,
  setOutput,
  summary,
  warning
} from "./chunk-ADTZBRDJ.js";

// src/action/summary.ts
async function writeJobSummary(markdown) {
  if (!process.env.GITHUB_STEP_SUMMARY) {
    info("GITHUB_STEP_SUMMARY is not set; job summary not written");
    return;
  }
  try {
    await summary.addRaw(markdown, true).write();
  } catch (e) {
    warning(`could not write the job summary: ${errorMessage(e)}`);
  }
}

// src/action/workspace.ts
import { isAbsolute, relative, resolve, sep } from "node:path";
function recipeInWorkspace(recipePath) {
  const rel = relative(resolve(process.env.GITHUB_WORKSPACE || process.cwd()), resolve(recipePath));
  if (rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return void 0;
  return rel.split(sep).join("/") || ".";
}

// src/report/summary.ts
var SUMMARY_LIMIT = 1024 * 1024 - 64 * 1024;
function renderSummary(r, opts = {}) {
  for (const keep of [Infinity, 40, 0]) {
    const text = render(r, opts, keep);
    if (Buffer.byteLength(text) <= SUMMARY_LIMIT) return text;
  }
  return render({ ...r, ops: r.ops.map((o) => ({ ...o, autopsy: null })) }, opts, 0);
}
function render(r, opts, keepLines) {
  const base = r.base ? `${mdText(r.base.version)} \u2192 ` : "";
  const head = mdText(r.head.version ?? shortRef(r.head.ref));
  const failed = r.ops.filter((o) => o.autopsy);
  const truncated = keepLines !== Infinity && failed.some((o) => logLines(o.autopsy?.last_lines ?? []).length > keepLines);
  return [
    `## ${r.status === "pass" ? "\u2705" : "\u274C"} cc-ci: ${mdText(r.recipe)} ${r.status === "pass" ? "passed" : "failed"}`,
    "",
    ...opts.note ? [`> ${opts.note}`, ""] : [],
    "| recipe | backend | base \u2192 head | deploys | teardown | time |",
    "| --- | --- | --- | --- | --- | --- |",
    `| ${mdText(r.recipe)} | ${r.backend} | ${base}${head} | ${r.deployCount} | ${teardownCell(r.teardown)} | ${seconds(r.durationMs)} |`,
    "",
    ...genericWarning(r),
    markdownTable(r),
    "",
    ...failed.length ? ["### Why it failed", "", ...failed.flatMap((o) => autopsyBlock(o.autopsy, keepLines))] : [],
    ...truncated ? [
      `Log excerpts were shortened to fit GitHub's summary size limit; the full logs are in the artifact${opts.artifact ? ` \`${opts.artifact}\`` : ""}.`,
      ""
    ] : [],
    ...notRun(r),
    ...hostAccess(r),
    ...manifest(r)
  ].join("\n");
}
function autopsyBlock(a, keepLines) {
  const all = logLines(a.last_lines);
  const lines = keepLines === Infinity ? all : keepLines === 0 ? [] : all.slice(-keepLines);
  const longest = Math.max(0, ...lines.flatMap((l) => (l.match(/`+/g) ?? []).map((run) => run.length)));
  const fence = "`".repeat(Math.max(3, longest + 1));
  const where = a.service ? ` in <code>${htmlText(a.service)}</code>` : "";
  const exit = a.exit_code === null ? "" : ` (exit ${a.exit_code})`;
  return [
    "<details open>",
    `<summary>${STATUS_SYMBOL.fail} <b>${a.op}</b>: ${a.reason.replace(/_/g, " ")}${where}${exit}</summary>`,
    "",
    `**Hint:** ${mdText(a.hint)}`,
    "",
    `**Event:** <code>${mdText(a.event)}</code>`,
    "",
    ...lines.length ? [
      `Last ${lines.length} line(s)${a.service ? ` of ${mdText(a.service)}` : ""}, oldest first:`,
      "",
      `${fence}text`,
      ...lines,
      fence,
      ""
    ] : ["No log lines were captured.", ""],
    "</details>",
    ""
  ];
}
function teardownCell(t) {
  if (t.status === "done") return "\u2705 clean";
  if (t.status === "kept") return `\u23F8\uFE0F kept (${t.strategy})`;
  if (t.status === "pending") return "\u23F3 pending";
  return `\u26A0\uFE0F ${t.leftovers.length} left`;
}
function genericWarning(r) {
  const off = r.customization.filter((c) => c.source === "built-in" && !c.used).map((c) => mdText(c.item.replace(/^generic (\w+) assertions$/, "$1")));
  return off.length ? [
    "> [!WARNING]",
    `> Generic assertions were **skipped** for ${off.join(", ")} (config.yml \`skip-generic\`): only the overlay's tests judged them.`,
    ""
  ] : [];
}
function notRun(r) {
  const items = r.customization.filter((c) => c.source !== "built-in" && !c.used);
  return items.length ? [
    "**Overlay files not used**",
    "",
    ...items.map((c) => `- ${mdCode(c.path ?? "")} (${c.source}): ${c.note === void 0 ? "not used" : mdText(c.note)}`),
    ""
  ] : [];
}
function hostAccess(r) {
  if (!r.hostAccess.length) return [];
  return [
    "**Host access**: what the app can reach on the Docker host, outside its containers",
    "",
    "| service | reaches | where |",
    "| --- | --- | --- |",
    ...r.hostAccess.map((h) => `| ${mdText(h.service)} | ${mdText(h.what)} | ${mdText(`${h.file}:${h.line ?? 1}`)} |`),
    ""
  ];
}
function manifest(r) {
  const items = r.customization.filter((c) => c.source !== "built-in");
  if (!items.length) return ["<details><summary>Customization: none (generic suite only)</summary></details>", ""];
  return [
    `<details><summary>Customization: ${items.length} overlay file(s)</summary>`,
    "",
    "| file | source | used | note |",
    "| --- | --- | --- | --- |",
    ...items.map((c) => `| ${mdCode(c.path ?? "")} | ${c.source} | ${c.used ? "yes" : "no"} | ${mdText(c.note ?? "")} |`),
    "",
    "</details>",
    ""
  ];
}
function shortRef(ref) {
  return /^[0-9a-f]{40}$/.test(ref) ? ref.slice(0, 8) : ref;
}

// src/action/artifact.ts
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join as join2, resolve as resolve2 } from "node:path";

// src/github/artifact-names.ts
var PREFIX = "cc-ci-";
var NAME = /^cc-ci-(.+)-attempt([1-9]\d*)$/;
function runAttempt(env = process.env) {
  const n = Number(env.GITHUB_RUN_ATTEMPT);
  return Number.isSafeInteger(n) && n >= 1 ? n : 1;
}
function artifactName(recipe, attempt) {
  return `${PREFIX}${recipe}-attempt${attempt}`;
}
function parseArtifactName(name) {
  const m = NAME.exec(name);
  return m ? { recipe: m[1], attempt: Number(m[2]) } : void 0;
}
function isOurs(name, recipe) {
  const parsed = parseArtifactName(name);
  if (parsed) return !recipe || parsed.recipe === recipe;
  return name.startsWith(recipe ? `${PREFIX}${recipe}-` : PREFIX);
}
function newestAttempts(items, nameOf) {
  const newest = /* @__PURE__ */ new Map();
  for (const item of items) {
    const p = parseArtifactName(nameOf(item));
    if (p && p.attempt > (newest.get(p.recipe) ?? 0)) newest.set(p.recipe, p.attempt);
  }
  return items.filter((item) => {
    const p = parseArtifactName(nameOf(item));
    return !p || p.attempt === newest.get(p.recipe);
  });
}

// src/github/artifact-service.ts
function artifactServiceUnusable(env = process.env) {
  if (!env.ACTIONS_RUNTIME_TOKEN) return "outside GitHub Actions (no ACTIONS_RUNTIME_TOKEN)";
  const host = hostOf(env.GITHUB_SERVER_URL || "https://github.com");
  if (!supportedHost(host)) return unsupported(host);
  if (!env.ACTIONS_RESULTS_URL) return "without ACTIONS_RESULTS_URL (this runner offers no artifact service v4)";
  return void 0;
}
function unsupportedHostError(e, env = process.env) {
  if (e?.name !== "GHESNotSupportedError") return void 0;
  return unsupported(hostOf(env.GITHUB_SERVER_URL || ""));
}
var unsupported = (host) => `on ${host || "this server"}: @actions/artifact v2+ works on github.com and GHE.com only, not on GitHub Enterprise Server, Gitea or Forgejo`;
function hostOf(url) {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return "";
  }
}
function supportedHost(host) {
  return host === "github.com" || host.endsWith(".ghe.com") || host.endsWith(".localhost");
}

// src/util/files.ts
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
function filesUnder(dir, maxDepth = 8) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (!statSync(path).isDirectory()) return [path];
    return maxDepth > 0 ? filesUnder(path, maxDepth - 1) : [];
  });
}

// src/action/artifact.ts
function legArtifactName(r) {
  return artifactName(r.recipe, runAttempt());
}
function resultsFilesUnder(dir) {
  const files = filesUnder(dir).filter((f) => basename(f) === "results.json");
  return newestAttempts(files, artifactOf);
}
function attemptOf(resultsFile) {
  return parseArtifactName(artifactOf(resultsFile))?.attempt;
}
var artifactOf = (resultsFile) => basename(dirname(resultsFile));
var firstLine = (e) => errorMessage(e).split("\n")[0];
async function uploadResults(r, resultsFile, stateDir, retentionDays) {
  const name = legArtifactName(r);
  const inState = join2(stateDir, "results.json");
  if (resolve2(resultsFile) !== resolve2(inState)) copyFileSync(resultsFile, inState);
  const files = [inState, ...filesUnder(join2(stateDir, "logs"))];
  const unusable = artifactServiceUnusable();
  if (unusable) {
    warning(`no artifact upload ${unusable}; results and logs stay in ${stateDir}`);
    return;
  }
  try {
    const { DefaultArtifactClient } = await import("./artifact-KS4DNC3W.js");
    const up = await new DefaultArtifactClient().uploadArtifact(name, files, stateDir, retentionDays ? { retentionDays } : {});
    info(`uploaded artifact ${name} (${files.length} files, ${up.size ?? 0} bytes)`);
  } catch (e) {
    const taken = /\b409\b|already exists/i.test(errorMessage(e)) ? `: another job of this run attempt already uploaded ${name}; give each matrix leg its own recipe` : "";
    warning(
      `artifact upload ${name} failed (${unsupportedHostError(e) ?? firstLine(e)})${taken}; results and logs stay in ${stateDir}`
    );
  }
}
var RESULTS_DIR_HINT = "pass results-dir, a folder holding the results.json files (docs/github.md)";
async function downloadRunArtifacts(recipe) {
  const unusable = artifactServiceUnusable();
  if (unusable) throw new UserError(`cannot read this run's artifacts ${unusable}; ${RESULTS_DIR_HINT}`);
  const dir = mkdtempSync(join2(tmpdir(), "cc-ci-artifacts-"));
  try {
    const { DefaultArtifactClient } = await import("./artifact-KS4DNC3W.js");
    const client = new DefaultArtifactClient();
    const { artifacts } = await client.listArtifacts({ latest: true });
    const current = newestAttempts(
      artifacts.filter((a) => isOurs(a.name, recipe)),
      (a) => a.name
    );
    for (const a of current) await client.downloadArtifact(a.id, { path: join2(dir, a.name) });
  } catch (e) {
    const host = unsupportedHostError(e);
    if (host) throw new UserError(`cannot read this run's artifacts ${host}; ${RESULTS_DIR_HINT}`);
    throw new UserError(`cannot read this run's artifacts (${firstLine(e)}); re-run the job, or ${RESULTS_DIR_HINT}`);
  }
  return dir;
}

// src/action/report.ts
async function report(r, where, note) {
  for (const a of annotations(r, recipeInWorkspace(where.recipePath))) {
    (a.level === "error" ? error : warning)(a.message, { title: a.title, file: a.file, startLine: a.startLine });
  }
  await writeJobSummary(renderSummary(r, { artifact: legArtifactName(r), note }));
  await uploadResults(r, where.resultsFile, where.stateDir, where.retentionDays);
}
function setOutputs(r, resultsFile) {
  setOutput("status", r.status);
  setOutput("results", resultsFile);
  setOutput("deploy-count", r.deployCount);
  setOutput("failed-ops", failedOps(r).join(","));
}
function failedOps(r) {
  return r.ops.filter(failing).map((o) => o.op);
}

// src/action/saved-state.ts
var saveManifestPath = (path) => saveState("manifest", path);
var savedManifestPath = () => getState("manifest") || void 0;

export {
  resultsFilesUnder,
  attemptOf,
  downloadRunArtifacts,
  writeJobSummary,
  recipeInWorkspace,
  report,
  setOutputs,
  failedOps,
  saveManifestPath,
  savedManifestPath
};
