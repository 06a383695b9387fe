import { createRequire as __ccciRequire } from 'node:module'; const require = __ccciRequire(import.meta.url);
import {
  Results,
  SCHEMA_ID,
  UserError,
  logLines,
  mdText,
  noCommands,
  oneLine,
  seconds
} from "./chunk-3ENYTVF4.js";

// src/report/results-file.ts
import {
  accessSync,
  closeSync,
  constants,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync
} from "node:fs";
import { dirname, resolve } from "node:path";
function writeResults(path, results) {
  const valid = Results.parse(results);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, `${JSON.stringify(valid, null, 2)}
`);
  renameSync(`${path}.tmp`, path);
}
function readResults(path) {
  return Results.parse(JSON.parse(readFileSync(path, "utf8")));
}
function checkResultsPath(path, flag, fix = "pass the path of a file cc-ci may write, e.g. ./results.json") {
  const abs = resolve(path);
  const refuse = (what) => new UserError(`${flag} ${path}: ${what}; ${fix}`);
  const stat = (p) => {
    try {
      return statSync(p);
    } catch (e) {
      const code = e.code;
      if (code === "ENOENT" || code === "ENOTDIR") return void 0;
      throw refuse(`cannot be reached (${code ?? e.message})`);
    }
  };
  const st = stat(abs);
  if (st && !st.isFile()) throw refuse(st.isDirectory() ? "is a directory" : "is not a regular file (a FIFO or device)");
  let dir = dirname(abs);
  while (!stat(dir)) dir = dirname(dir);
  if (!stat(dir).isDirectory()) throw refuse(`${dir} is a file, so no directory can be made there`);
  try {
    if (dir !== dirname(abs)) accessSync(dir, constants.W_OK);
    else {
      const probe = `${abs}.cc-ci-probe-${process.pid}`;
      closeSync(openSync(probe, "wx"));
      unlinkSync(probe);
    }
  } catch (e) {
    throw refuse(`cannot be written (${e.code ?? e.message})`);
  }
}

// src/engine/results.ts
var failing = (op) => op.status === "fail" || op.status === "blocked";
function buildResults(run, ops, teardown) {
  const { app, path, headPlan, git, overlays, hostReach } = run.prepared;
  const base = path[0]?.release;
  return {
    schema: SCHEMA_ID,
    recipe: app.recipe.name,
    backend: run.backend,
    domain: app.domain,
    stack: app.stack,
    base: base ? { version: base.tag, ref: base.commit } : null,
    head: { version: headPlan.version, ref: git.head },
    deployCount: run.deployCount(),
    status: ops.some(failing) ? "fail" : "pass",
    ops,
    customization: overlays.manifest,
    hostAccess: hostReach.map((h) => ({ ...h, line: h.line ?? null })),
    teardown,
    sources: Object.fromEntries([...headPlan.compose.services].map(([name, s]) => [name, { file: s.file, line: s.line ?? null }])),
    startedAt: run.startedAt.toISOString(),
    durationMs: Date.now() - run.startedAt.getTime(),
    dockerWaitMs: run.dockerWaitMs()
  };
}

// src/report/table.ts
var STATUS_SYMBOL = { pass: "\u2705", fail: "\u274C", skip: "\u23ED\uFE0F", blocked: "\u26D4" };
var TERMINAL_SYMBOL = { pass: "\u2714", fail: "\u2718", skip: "\u25CB", blocked: "\u2298" };
function rows(results) {
  return results.ops.flatMap((o) => [
    { op: o.op, status: o.status, time: time(o.durationMs), detail: o.reason },
    ...o.hops && o.hops.length > 1 ? o.hops.map((h) => ({ op: `\u21B3 ${h.from} \u2192 ${h.to}`, status: h.status, time: time(h.durationMs), detail: h.detail })) : []
  ]);
}
var time = (ms) => ms > 0 ? seconds(ms) : "";
function textTable(results) {
  const body = rows(results).map((r) => [oneLine(r.op), `${TERMINAL_SYMBOL[r.status]} ${r.status}`, r.time, oneLine(r.detail)]);
  return noCommands(alignColumns([["op", "status", "time", "detail"], ...body]).join("\n"));
}
function alignColumns(rows2) {
  const width = (i) => Math.max(...rows2.map((r) => r[i].length));
  return rows2.map(
    (r) => r.map((c, i) => i < r.length - 1 ? c.padEnd(width(i)) : c).join("  ").trimEnd()
  );
}
function markdownTable(results) {
  const lines = ["| op | status | time | detail |", "| --- | --- | --- | --- |"];
  for (const r of rows(results))
    lines.push(`| ${mdText(r.op)} | ${STATUS_SYMBOL[r.status]} ${r.status} | ${r.time} | ${mdText(r.detail)} |`);
  return lines.join("\n");
}
var TERMINAL_LINES = 20;
function textAutopsies(results) {
  const text = results.ops.filter((o) => o.autopsy).map((o) => {
    const a = o.autopsy;
    const all = logLines(a.last_lines);
    const lines = all.slice(-TERMINAL_LINES);
    return [
      `\u2718 ${a.op}: ${a.reason.replace(/_/g, " ")}${a.service ? ` in ${oneLine(a.service)}` : ""}${a.exit_code === null ? "" : ` (exit ${a.exit_code})`}`,
      `  event: ${oneLine(a.event)}`,
      `  hint:  ${oneLine(a.hint)}`,
      ...lines.length ? [`  last ${lines.length} of ${all.length} captured line(s):`, ...lines.map((l) => `  | ${l}`)] : []
    ].join("\n");
  }).join("\n\n");
  return noCommands(text);
}

export {
  writeResults,
  readResults,
  checkResultsPath,
  failing,
  buildResults,
  STATUS_SYMBOL,
  TERMINAL_SYMBOL,
  textTable,
  alignColumns,
  markdownTable,
  textAutopsies
};
