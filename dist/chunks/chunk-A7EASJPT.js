import { createRequire as __ccciRequire } from 'node:module'; const require = __ccciRequire(import.meta.url);
import {
  STATUS_SYMBOL,
  failing,
  htmlText,
  logLines,
  markdownTable,
  mdCode,
  mdText,
  noCommands,
  oneLine
} from "./chunk-VSXIZ6XJ.js";
import {
  errorMessage,
  seconds
} from "./chunk-TJIZKUOS.js";
import {
  error,
  getState,
  info,
  saveState,
  setOutput,
  summary,
  warning
} from "./chunk-JZRYXA2R.js";

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

// src/action/report.ts
import { relative, resolve as resolve2 } from "node:path";

// src/report/annotations.ts
import { posix } from "node:path";
var MAX_ANNOTATIONS = 10;
function annotations(r, recipeDir) {
  const plain = (s) => noCommands(oneLine(s));
  const at = (file, line) => recipeDir !== void 0 && file ? { file: posix.join(recipeDir, file), startLine: line ?? 1 } : {};
  const failures = r.ops.filter((o) => o.autopsy).map((o) => {
    const a = o.autopsy;
    const source = a.service ? r.sources[a.service] : void 0;
    const executable = /^(\.cc-ci\/\S+)/.exec(a.event)?.[1];
    return { level: "error", title: `cc-ci ${a.op}: ${a.reason.replace(/_/g, " ")}${a.service ? ` (${plain(a.service)})` : ""}`, message: `${plain(o.reason)}
${plain(a.hint)}`, ...at(source?.file ?? executable, source?.line) };
  });
  const seen = /* @__PURE__ */ new Set();
  const findings = r.ops.flatMap(
    (o) => o.assertions.filter((a) => a.source && (a.status === "fail" || a.status === "warn")).filter((a) => !seen.has(`${a.name}|${a.detail}`) && seen.add(`${a.name}|${a.detail}`)).map((a) => ({ level: a.status === "fail" ? "error" : "warning", title: `cc-ci ${plain(a.name)}`, message: plain(a.detail.replace(/^\S+:\d+: /, "")), ...at(a.source.file, a.source.line) }))
  );
  const all = [...failures, ...findings];
  return [...all.filter((a) => a.level === "error").slice(0, MAX_ANNOTATIONS), ...all.filter((a) => a.level === "warning").slice(0, MAX_ANNOTATIONS)];
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
    ...truncated ? [`Log excerpts were shortened to fit GitHub's summary size limit; the full logs are in the artifact${opts.artifact ? ` \`${opts.artifact}\`` : ""}.`, ""] : [],
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
    ...lines.length ? [`Last ${lines.length} line(s)${a.service ? ` of ${mdText(a.service)}` : ""}, oldest first:`, "", `${fence}text`, ...lines, fence, ""] : ["No log lines were captured.", ""],
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
  return off.length ? ["> [!WARNING]", `> Generic assertions were **skipped** for ${off.join(", ")} (config.yml \`skip-generic\`): only the overlay's tests judged them.`, ""] : [];
}
function notRun(r) {
  const items = r.customization.filter((c) => c.source !== "built-in" && !c.used);
  return items.length ? ["**Overlay files not used**", "", ...items.map((c) => `- ${mdCode(c.path ?? "")} (${c.source}): ${c.note === void 0 ? "not used" : mdText(c.note)}`), ""] : [];
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
import { basename, join as join2, resolve } from "node:path";
function artifactName(r) {
  return `${artifactPrefix(r.recipe)}${r.stack}`;
}
function artifactPrefix(recipe) {
  return recipe ? `cc-ci-${recipe}-` : "cc-ci-";
}
function resultsFilesUnder(dir) {
  return filesUnder(dir).filter((f) => basename(f) === "results.json");
}
async function uploadResults(r, resultsFile, stateDir) {
  const name = artifactName(r);
  const inState = join2(stateDir, "results.json");
  if (resolve(resultsFile) !== resolve(inState)) copyFileSync(resultsFile, inState);
  const files = [inState, ...filesUnder(join2(stateDir, "logs"))];
  if (!process.env.ACTIONS_RUNTIME_TOKEN) {
    warning(`no artifact upload outside GitHub Actions (no ACTIONS_RUNTIME_TOKEN); results and logs stay in ${stateDir}`);
    return;
  }
  try {
    const { DefaultArtifactClient } = await import("./artifact-SKQ4L4VW.js");
    const up = await new DefaultArtifactClient().uploadArtifact(name, files, stateDir, { retentionDays: 14 });
    info(`uploaded artifact ${name} (${files.length} files, ${up.size ?? 0} bytes)`);
  } catch (e) {
    warning(`artifact upload failed: ${errorMessage(e)}; results and logs stay in ${stateDir}`);
  }
}
async function downloadRunArtifacts(prefix) {
  const dir = mkdtempSync(join2(tmpdir(), "cc-ci-artifacts-"));
  if (!process.env.ACTIONS_RUNTIME_TOKEN) {
    warning("no ACTIONS_RUNTIME_TOKEN: cannot download this run's artifacts; pass results-dir with results downloaded another way");
    return dir;
  }
  const { DefaultArtifactClient } = await import("./artifact-SKQ4L4VW.js");
  const client = new DefaultArtifactClient();
  const { artifacts } = await client.listArtifacts({ latest: true });
  for (const a of artifacts.filter((x) => x.name.startsWith(prefix))) {
    await client.downloadArtifact(a.id, { path: join2(dir, a.name) });
  }
  return dir;
}

// src/action/report.ts
function recipeInWorkspace(recipePath) {
  const rel = relative(process.env.GITHUB_WORKSPACE || process.cwd(), resolve2(recipePath));
  return rel.startsWith("..") ? void 0 : rel || ".";
}
async function report(r, where, note) {
  for (const a of annotations(r, recipeInWorkspace(where.recipePath))) {
    (a.level === "error" ? error : warning)(a.message, { title: a.title, file: a.file, startLine: a.startLine });
  }
  await writeJobSummary(renderSummary(r, { artifact: artifactName(r), note }));
  await uploadResults(r, where.resultsFile, where.stateDir);
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
  artifactPrefix,
  resultsFilesUnder,
  downloadRunArtifacts,
  writeJobSummary,
  report,
  setOutputs,
  failedOps,
  saveManifestPath,
  savedManifestPath
};
