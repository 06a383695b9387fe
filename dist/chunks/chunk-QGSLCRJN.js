import { createRequire as __ccciRequire } from 'node:module'; const require = __ccciRequire(import.meta.url);
import {
  errorMessage,
  readManifest
} from "./chunk-3ENYTVF4.js";

// src/engine/reap.ts
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// src/engine/owner.ts
import { readFileSync, readlinkSync } from "node:fs";
import { hostname } from "node:os";
function proc(read) {
  try {
    return read().trim();
  } catch {
    return "";
  }
}
function processStart(pid) {
  return statFields(pid)[19] ?? "";
}
function statFields(pid) {
  const stat = proc(() => readFileSync(`/proc/${pid}/stat`, "utf8"));
  return stat ? stat.slice(stat.lastIndexOf(")") + 2).split(" ") : [];
}
function currentOwner() {
  return {
    host: hostname(),
    boot: proc(() => readFileSync("/proc/sys/kernel/random/boot_id", "utf8")),
    pidNamespace: proc(() => readlinkSync("/proc/self/ns/pid")),
    pid: process.pid,
    processStart: processStart("self")
  };
}
function liveness(owner, self = currentOwner(), exists = pidExists, startOf = processStart) {
  if (owner.host !== self.host) return { alive: void 0, why: `owner on another host (${owner.host})` };
  if (owner.boot && self.boot && owner.boot !== self.boot)
    return { alive: false, why: `owner pid ${owner.pid} ran before this host rebooted` };
  if (owner.pidNamespace !== self.pidNamespace) return { alive: void 0, why: `owner pid ${owner.pid} in another pid namespace` };
  if (!exists(owner.pid)) return { alive: false, why: `owner pid ${owner.pid} is gone` };
  const start = owner.processStart && startOf(owner.pid);
  if (start && start !== owner.processStart)
    return { alive: false, why: `owner pid ${owner.pid} is gone (the pid now belongs to a newer process)` };
  return { alive: true, why: `owner pid ${owner.pid} is running` };
}
function pidExists(pid) {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return e.code === "EPERM";
  }
  return statFields(pid)[0] !== "Z";
}

// src/engine/reap.ts
var DEFAULT_STALE_SECONDS = 600;
function judge(rec, staleSeconds, now = /* @__PURE__ */ new Date(), self = currentOwner(), live = liveness) {
  if (rec.state === "kept") return { reap: false, why: `kept on purpose; remove it with cc-ci teardown ${rec.stack}` };
  const l = live(rec.owner, self);
  if (l.alive !== void 0) return { reap: !l.alive, why: l.why };
  const silent = Math.round((now.getTime() - rec.heartbeat.getTime()) / 1e3);
  return silent > staleSeconds ? { reap: true, why: `${l.why}, no heartbeat for ${silent} s` } : { reap: false, why: `${l.why}, alive ${silent} s ago` };
}
async function reapRuns(registry, s, dryRun = false) {
  const out = [];
  for (const rec of await registry.list()) {
    const j = judge(rec, s.staleSeconds);
    if (!j.reap || dryRun) {
      out.push({ stack: rec.stack, why: j.why, action: j.reap ? "would" : "spared", leftovers: [] });
      continue;
    }
    out.push(await reapOne(registry, rec, j.why, s));
  }
  return out;
}
async function reapOne(registry, rec, why, s) {
  const ownDir = join(s.stateRoot, rec.stack);
  const mine = readManifestQuietly(join(ownDir, "manifest.json"))?.stack === rec.stack;
  const stateDir = mine ? ownDir : mkdtempSync(join(tmpdir(), "cc-ci-reap-"));
  let done = false;
  try {
    const report = await s.kindOf(rec.backend).forApp({ stack: rec.stack, domain: rec.domain, stateDir }).teardown();
    if (report.leftovers.length)
      return {
        stack: rec.stack,
        why: `${why}; ${report.problems[0] ?? "teardown incomplete"}`,
        action: "left",
        leftovers: report.leftovers
      };
    await registry.forget(rec.stack);
    done = true;
    return { stack: rec.stack, why, action: "reaped", leftovers: [] };
  } catch (e) {
    return { stack: rec.stack, why: `${why}; ${errorMessage(e)}`, action: "left", leftovers: [] };
  } finally {
    if (done || !mine) rmSync(stateDir, { recursive: true, force: true });
  }
}
function readManifestQuietly(path) {
  try {
    return readManifest(path);
  } catch {
    return void 0;
  }
}
function describeOutcome(o) {
  const verb = { reaped: "reaped", would: "would reap", left: "could not fully reap", spared: "left alone" }[o.action];
  return `${verb} stack ${o.stack}: ${o.why}${o.leftovers.length ? ` (left: ${o.leftovers.join(", ")})` : ""}`;
}
function reapLines(outcomes) {
  return outcomes.filter((o) => o.action === "reaped" || o.action === "left").map(describeOutcome);
}

export {
  currentOwner,
  DEFAULT_STALE_SECONDS,
  reapRuns,
  describeOutcome,
  reapLines
};
