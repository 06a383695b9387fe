import { createRequire as __ccciRequire } from 'node:module'; const require = __ccciRequire(import.meta.url);
import {
  DockerApiError,
  Results,
  TeardownStrategy,
  external_exports,
  firstErrorLine,
  run,
  waitingOn
} from "./chunk-DD73P3PF.js";

// src/backends/swarm/labels.ts
var STACK_LABEL = "com.docker.stack.namespace";
var CCCI_LABEL = "cc-ci.stack";
var stackFilter = (stack) => ({ label: [`${STACK_LABEL}=${stack}`] });
var ccciFilter = (stack) => ({ label: [`${CCCI_LABEL}=${stack}`] });

// src/backends/swarm/client-env.ts
var CLIENT_KEYS = ["PATH", "HOME", "TMPDIR", "XDG_RUNTIME_DIR", "DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_CONFIG", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH", "DOCKER_API_VERSION"];
function deployEnv(appEnv, own = process.env) {
  const env = {};
  for (const [k, v] of Object.entries(appEnv)) if (!k.startsWith("DOCKER_") && !CLIENT_KEYS.includes(k)) env[k] = v;
  for (const k of CLIENT_KEYS) if (own[k] !== void 0) env[k] = own[k];
  return env;
}

// src/backends/swarm/stack.ts
var detachFlag;
function detachArgs() {
  detachFlag ??= run("docker", ["stack", "deploy", "--help"]).then((r) => r.stdout.includes("--detach") ? ["--detach=true"] : []);
  return detachFlag;
}
async function stackDeploy(d) {
  const files = d.composeFiles.flatMap((f) => ["-c", f]);
  return run("docker", ["stack", "deploy", ...await detachArgs(), "--resolve-image", "never", ...files, d.stack], {
    cwd: d.dir,
    env: deployEnv(d.env),
    signal: d.signal,
    timeoutMs: 12e4
  });
}
var NOISE = /^(Since --detach|In a future release|Creating (network|service|secret|config)|Updating service|Ignoring (unsupported|deprecated) options|\S+: (Setting the container name|Exposing ports) )/;
function refusal(r) {
  const lines = `${r.stdout}
${r.stderr}`.split("\n").map((l) => l.trim()).filter((l) => l && !NOISE.test(l));
  return lines.join(" ") || `exit code ${r.code}`;
}
async function stackRm(stack) {
  const r = await run("docker", ["stack", "rm", stack], { timeoutMs: 6e4 });
  if (r.code === 0 || /Nothing found in stack|not found/i.test(r.stderr + r.stdout)) return void 0;
  return firstErrorLine(r);
}

// src/util/time.ts
var OpTimeout = class extends Error {
  /** `limit`: which limit ran out, when it is not the op's own (e.g. abra's deploy wait). */
  constructor(seconds2, limit) {
    super(`timed out after ${seconds2}s${limit ? ` (${limit})` : ""}`);
    this.seconds = seconds2;
    this.name = "OpTimeout";
  }
  seconds;
};
function sleep(ms, signal) {
  return waitingOn(pause(ms, signal));
}
function pause(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
function seconds(ms) {
  return `${(ms / 1e3).toFixed(1)}s`;
}

// src/backends/swarm/teardown.ts
var GONE_TIMEOUT_MS = 9e4;
var SETTLE_MS = 1e3;
async function teardownStack(api, stack) {
  const problems = [];
  const note = (e) => problems.push(e instanceof Error ? e.message : String(e));
  for (const c of await api.list("containers/json", ccciFilter(stack), { all: true })) {
    await api.call("DELETE", `/containers/${c.Id}`, { query: { force: true, v: true }, ok404: true }).catch(note);
  }
  const deadline = Date.now() + GONE_TIMEOUT_MS;
  for (const svc of await api.list("services", stackFilter(stack))) {
    await api.call("DELETE", `/services/${svc.ID}`, { ok404: true }).catch(note);
  }
  while (Date.now() < deadline && (await api.list("containers/json", stackFilter(stack), { all: true })).length > 0) await sleep(250);
  const err = await stackRm(stack);
  if (err) problems.push(`docker stack rm: ${err}`);
  await settled(deadline, async () => {
    const [svcs, ctrs, nets] = await Promise.all([
      api.list("services", stackFilter(stack)),
      api.list("containers/json", stackFilter(stack), { all: true }),
      api.list("networks", stackFilter(stack))
    ]);
    return svcs.length + ctrs.length + nets.length === 0;
  });
  const volumes = await listVolumes(api, stack);
  for (const v of volumes) await removeVolume(api, v, deadline).catch(note);
  for (const kind of ["secrets", "configs"]) {
    for (const filter of [stackFilter(stack), ccciFilter(stack)]) {
      for (const s of await api.list(kind, filter)) {
        await api.call("DELETE", `/${kind}/${s.ID}`, { ok404: true }).catch(note);
      }
    }
  }
  return { problems, leftovers: await leftovers(api, stack) };
}
async function settled(deadline, gone) {
  let emptySince;
  while (Date.now() < deadline) {
    if (!await gone()) emptySince = void 0;
    else if (emptySince === void 0) emptySince = Date.now();
    else if (Date.now() - emptySince >= SETTLE_MS) return;
    await sleep(250);
  }
}
async function listVolumes(api, stack) {
  const names = /* @__PURE__ */ new Set();
  for (const filter of [stackFilter(stack), ccciFilter(stack)]) {
    const r = await api.get("/volumes", { filters: JSON.stringify(filter) });
    for (const v of r.Volumes ?? []) names.add(v.Name);
  }
  return [...names];
}
async function removeVolume(api, name, deadline) {
  for (; ; ) {
    try {
      await api.call("DELETE", `/volumes/${encodeURIComponent(name)}`, { ok404: true });
      return;
    } catch (e) {
      if (!(e instanceof DockerApiError) || e.status !== 409 || Date.now() > deadline) throw e;
      await sleep(250);
    }
  }
}
async function leftovers(api, stack) {
  const found = [];
  for (const filter of [stackFilter(stack), ccciFilter(stack)]) {
    const [svcs, ctrs, nets, secrets, configs] = await Promise.all([
      api.list("services", filter),
      api.list("containers/json", filter, { all: true }),
      api.list("networks", filter),
      api.list("secrets", filter),
      api.list("configs", filter)
    ]);
    found.push(
      ...svcs.map((s) => `service ${s.Spec?.Name}`),
      ...ctrs.map((c) => `container ${c.Names[0]?.replace(/^\//, "") ?? c.Id.slice(0, 12)}`),
      ...nets.map((n) => `network ${n.Name}`),
      ...secrets.map((s) => `secret ${s.Spec?.Name}`),
      ...configs.map((c) => `config ${c.Spec?.Name}`)
    );
  }
  found.push(...(await listVolumes(api, stack)).map((v) => `volume ${v}`));
  return [...new Set(found)];
}

// src/report/results-file.ts
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
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

// src/engine/manifest.ts
import { existsSync, readdirSync, readFileSync as readFileSync2, writeFileSync as writeFileSync2, renameSync as renameSync2 } from "node:fs";
import { join } from "node:path";
var Manifest = external_exports.object({
  stack: external_exports.string(),
  domain: external_exports.string(),
  backend: external_exports.literal("swarm"),
  stateDir: external_exports.string(),
  teardown: TeardownStrategy,
  /** Set once the engine itself finished (and tore down per strategy). */
  finished: external_exports.boolean(),
  resultsFile: external_exports.string().nullable()
});
function writeManifest(path, m) {
  writeFileSync2(`${path}.tmp`, JSON.stringify(m, null, 2));
  renameSync2(`${path}.tmp`, path);
}
function readManifest(path) {
  if (!existsSync(path)) return void 0;
  return Manifest.parse(JSON.parse(readFileSync2(path, "utf8")));
}
function findUnfinishedManifest(stateRoot) {
  if (!existsSync(stateRoot)) return void 0;
  return readdirSync(stateRoot).map((d) => join(stateRoot, d, "manifest.json")).find((p) => readManifest(p)?.finished === false);
}

// src/util/files.ts
import { existsSync as existsSync2, readdirSync as readdirSync2, statSync } from "node:fs";
import { join as join2 } from "node:path";
function filesUnder(dir, maxDepth = 8) {
  if (!existsSync2(dir)) return [];
  return readdirSync2(dir).sort().flatMap((name) => {
    const path = join2(dir, name);
    if (!statSync(path).isDirectory()) return [path];
    return maxDepth > 0 ? filesUnder(path, maxDepth - 1) : [];
  });
}

// src/report/table.ts
var STATUS_SYMBOL = { pass: "\u2705", fail: "\u274C", skip: "\u23ED\uFE0F", blocked: "\u26D4" };
var TERMINAL_SYMBOL = { pass: "\u2714", fail: "\u2718", skip: "\u25CB", blocked: "\u2298" };
function rows(results) {
  return results.ops.map((o) => ({
    op: o.op,
    status: o.status,
    time: o.durationMs > 0 ? seconds(o.durationMs) : "",
    detail: o.reason
  }));
}
function textTable(results) {
  const body = rows(results).map((r) => [r.op, `${TERMINAL_SYMBOL[r.status]} ${r.status}`, r.time, r.detail]);
  const all = [["op", "status", "time", "detail"], ...body];
  const width = (i) => Math.max(...all.map((r) => r[i].length));
  return all.map((r) => r.map((c, i) => i < 3 ? c.padEnd(width(i)) : c).join("  ").trimEnd()).join("\n");
}
function markdownTable(results) {
  const esc = (s) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
  const lines = ["| op | status | time | detail |", "| --- | --- | --- | --- |"];
  for (const r of rows(results)) lines.push(`| ${r.op} | ${STATUS_SYMBOL[r.status]} ${r.status} | ${r.time} | ${esc(r.detail)} |`);
  return lines.join("\n");
}
var TERMINAL_LINES = 20;
function textAutopsies(results) {
  return results.ops.filter((o) => o.autopsy).map((o) => {
    const a = o.autopsy;
    const lines = a.last_lines.slice(-TERMINAL_LINES);
    return [
      `\u2718 ${a.op}: ${a.reason.replace(/_/g, " ")}${a.service ? ` in ${a.service}` : ""}${a.exit_code === null ? "" : ` (exit ${a.exit_code})`}`,
      `  event: ${a.event}`,
      `  hint:  ${a.hint}`,
      ...lines.length ? [`  last ${lines.length} of ${a.last_lines.length} captured line(s):`, ...lines.map((l) => `  | ${l}`)] : []
    ].join("\n");
  }).join("\n\n");
}

export {
  filesUnder,
  CCCI_LABEL,
  stackFilter,
  OpTimeout,
  sleep,
  seconds,
  stackDeploy,
  refusal,
  teardownStack,
  writeResults,
  readResults,
  writeManifest,
  readManifest,
  findUnfinishedManifest,
  STATUS_SYMBOL,
  textTable,
  markdownTable,
  textAutopsies
};
