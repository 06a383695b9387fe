import { createRequire as __ccciRequire } from 'node:module'; const require = __ccciRequire(import.meta.url);
import {
  currentOwner,
  reapLines,
  reapRuns
} from "./chunk-QGSLCRJN.js";
import {
  STATUS_SYMBOL,
  TERMINAL_SYMBOL,
  alignColumns,
  buildResults,
  failing,
  writeResults
} from "./chunk-E2UVBTEE.js";
import {
  ABRA_EXPORT,
  BackupToolFailed,
  DEFAULT_TIMEOUT_SECONDS,
  DeployRejected,
  Interrupted,
  MAX_DATA_BYTES,
  MAX_LAST_LINES,
  MAX_TEXT_BYTES,
  OP_NAMES,
  OpName,
  OpTimeout,
  RegexTimeout,
  STACK_NAME_MAX,
  UserError,
  addNewSampleKeys,
  appEnvText,
  appendEnv,
  asRecord,
  boundedFile,
  boundedTest,
  checkDomain,
  checkVolumeName,
  containedPath,
  convergeSeconds,
  defaultDomain,
  deployEnvOf,
  didYouMean,
  envBlock,
  errorMessage,
  exportTree,
  external_exports,
  hasBackupLabels,
  interpolated,
  isExecutable,
  isExternal,
  isVolumeName,
  labelledServices,
  labelsOf,
  linkedSignal,
  listTar,
  loadRecipe,
  locate,
  locateLabel,
  mdText,
  namedVolumes,
  nearest,
  noCommands,
  normalizeOps,
  onOwnPath,
  oneLine,
  ownEnv,
  parseUpgradeFrom,
  parseVolumeSpec,
  plainLines,
  planDeploy,
  planFromEnv,
  planProbes,
  readRecipeGit,
  readYamlFile,
  recipeService,
  references,
  require_semver,
  resolvePath,
  routingOptions,
  scalarText,
  seconds,
  serviceRefs,
  shownIn,
  sleep,
  stackName,
  waitedMs,
  waitingOn,
  writeManifest
} from "./chunk-3ENYTVF4.js";
import {
  __toESM
} from "./chunk-I3NGZZSY.js";

// src/engine/host-policy.ts
var ALLOW_HOST = { allow: true };
var refuseHost = (setting) => ({
  allow: false,
  why: `refused by ${setting}; remove it from the recipe or change that setting`
});
function enforceHostPolicy(reach, policy) {
  const first = reach[0];
  if (policy.allow || !first) return;
  const more = reach.length > 1 ? ` (and ${reach.length - 1} more host access${reach.length > 2 ? "es" : ""})` : "";
  throw new UserError(`service ${first.service} ${first.what}${more}; ${policy.why ?? "host access is refused"}`, first.file, first.line);
}

// src/report/terminal-events.ts
var SHOWN_FINDINGS = 10;
var TerminalEvents = class {
  constructor(out = process.stderr) {
    this.out = out;
    this.tty = Boolean(out.isTTY) && process.env.TERM !== "dumb";
  }
  out;
  secrets = /* @__PURE__ */ new Set();
  tty;
  current;
  ticker;
  redact(text) {
    let s = text;
    for (const secret of this.secrets) s = s.split(secret).join("***");
    return s;
  }
  line(text) {
    this.clearLive();
    this.out.write(
      `${plainLines(text).map((l) => noCommands(this.redact(l))).join("\n")}
`
    );
    this.drawLive();
  }
  info(message) {
    this.line(message);
  }
  warn(message) {
    this.line(`warning: ${message}`);
  }
  debug(message) {
    if (process.env.CCCI_DEBUG) this.line(`debug: ${message}`);
  }
  mask(secret) {
    if (secret) this.secrets.add(secret);
  }
  opStarted(op) {
    this.current = { op, started: Date.now(), detail: "starting", printedAt: 0 };
    if (this.tty) this.ticker = setInterval(() => this.drawLive(), 250);
    else this.line(`\u25B6 ${op}`);
  }
  opProgress(op, detail) {
    const c = this.current;
    if (!c || c.op !== op) return;
    const changed = c.detail !== detail;
    c.detail = detail;
    if (this.tty) this.drawLive();
    else if (changed && Date.now() - c.printedAt > 2e3) {
      c.printedAt = Date.now();
      this.line(`  ${op} ${seconds(Date.now() - c.started)}: ${detail}`);
    }
  }
  opFinished(r) {
    if (this.ticker) clearInterval(this.ticker);
    this.clearLive();
    this.current = void 0;
    const time = r.durationMs ? ` ${seconds(r.durationMs)}` : "";
    this.line(
      `${r.status === "pass" ? "\u2714" : r.status === "fail" ? "\u2718" : r.status === "skip" ? "\u25CB" : "\u2298"} ${r.op} ${r.status}${time}: ${r.reason}`
    );
    const located = r.assertions.filter((a) => a.source && (a.status === "warn" || a.status === "fail") && !r.reason.includes(a.detail));
    for (const a of located.slice(0, SHOWN_FINDINGS))
      this.line(`  ${a.status === "warn" ? "warning" : "error"} ${a.name.split(" ")[0]}: ${a.detail}`);
    if (located.length > SHOWN_FINDINGS) this.line(`  \u2026 ${located.length - SHOWN_FINDINGS} more in the results file`);
  }
  drawLive() {
    const c = this.current;
    if (!this.tty || !c) return;
    const width = this.out.columns || 100;
    const text = noCommands(this.redact(oneLine(`\u2026 ${c.op} ${seconds(Date.now() - c.started)} ${c.detail}`)));
    this.out.write(`\r\x1B[K${text.slice(0, width - 1)}`);
  }
  clearLive() {
    if (this.tty && this.current) this.out.write("\r\x1B[K");
  }
};

// src/engine/run.ts
import { join as join12 } from "node:path";
import { rmSync as rmSync2 } from "node:fs";

// src/operations/backup.ts
import { createHash, randomBytes as randomBytes2 } from "node:crypto";
import { join as join2 } from "node:path";

// src/operations/operation.ts
var pass = (reason, assertions, output) => ({
  status: "pass",
  reason,
  assertions,
  ...output ? { output } : {}
});
var skip = (reason, assertions = []) => ({ status: "skip", reason, assertions });
var fail = (reason, assertions, failure) => ({
  status: "fail",
  reason,
  assertions,
  failure
});
function thrown(e, signal) {
  const cause = signal.aborted ? signal.reason : e;
  const reason = cause instanceof OpTimeout ? "timeout" : cause instanceof Interrupted ? "interrupted" : "unknown";
  return {
    status: "fail",
    reason: cause instanceof Interrupted || cause instanceof OpTimeout ? cause.message : errorMessage(e),
    assertions: [],
    failure: { reason }
  };
}

// src/util/shlex.ts
function shlexSplit(command) {
  const words = [];
  let word = "";
  let inWord = false;
  let quote = null;
  for (let i = 0; i < command.length; i++) {
    const c = command[i];
    if (quote === "'") {
      if (c === "'") quote = null;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === "\\" && i + 1 < command.length && '\\"$`\n'.includes(command[i + 1])) word += command[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === "\\" && i + 1 < command.length) {
      word += command[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw new Error(`unclosed ${quote} quote in: ${command}`);
  if (inWord) words.push(word);
  return words;
}

// src/recipe/backupbot.ts
var P = "backupbot.backup";
function backupTargets(services, stack) {
  const enabled = services.filter((s) => String(s.labels[P]).toLowerCase() === "true");
  if (enabled.length === 0) return { targets: [], problems: [] };
  const targets = [];
  const problems = [];
  for (const svc of [...enabled, ...services.filter((s) => !enabled.includes(s))]) {
    const l = svc.labels;
    const keyOf = (volume) => volume.startsWith(`${stack}_`) ? volume.slice(stack.length + 1) : volume;
    let volumes;
    const legacy = l[`${P}.path`];
    if (legacy) {
      const byVolume = /* @__PURE__ */ new Map();
      for (const abs of splitList(legacy)) {
        const mount = [...svc.mounts].sort((a, b) => b.target.length - a.target.length).find((m) => abs === m.target || abs.startsWith(`${m.target.replace(/\/$/, "")}/`));
        if (!mount) {
          problems.push(`${svc.name}: backupbot.backup.path ${abs} is not on a volume of the service; mount a volume there`);
          continue;
        }
        const rel = abs.slice(mount.target.replace(/\/$/, "").length).replace(/^\/+|\/+$/g, "");
        const sel = byVolume.get(mount.volume) ?? { key: keyOf(mount.volume), volume: mount.volume, paths: [] };
        if (rel === "") sel.paths = null;
        else if (sel.paths) sel.paths.push(rel);
        byVolume.set(mount.volume, sel);
      }
      volumes = [...byVolume.values()];
    } else {
      volumes = svc.mounts.map((m) => ({ key: keyOf(m.volume), volume: m.volume })).filter((v) => String(l[`${P}.volumes.${v.key}`]).toLowerCase() !== "false").map((v) => {
        const paths = l[`${P}.volumes.${v.key}.path`];
        return { ...v, paths: paths ? splitList(paths).map((p) => p.replace(/^\/+|\/+$/g, "")) : null };
      });
    }
    for (const v of volumes) {
      for (const p of v.paths ?? [])
        if (p.split("/").includes("..")) problems.push(`${svc.name}: backup path ${p} leaves the volume; use a path below the volume root`);
    }
    for (const v of volumes.filter((x) => !isVolumeName(x.volume)))
      problems.push(
        `${svc.name}: volume "${v.volume}" is not a Docker volume name, so cc-ci does not mount it; name the volume with letters, digits, _ . and -`
      );
    volumes = volumes.filter((v) => isVolumeName(v.volume));
    const hooks = {
      pre: l[`${P}.pre-hook`],
      post: l[`${P}.post-hook`],
      restorePre: l["backupbot.restore.pre-hook"],
      restorePost: l["backupbot.restore.post-hook"]
    };
    if (volumes.length === 0 && !Object.values(hooks).some(Boolean)) continue;
    targets.push({ service: svc.name, swarmName: svc.swarmName, hooks, volumes });
  }
  if (!targets.some((t) => t.volumes.length))
    problems.push(
      `backupbot.backup=true on ${enabled.map((s) => s.name).join(", ")}, but no service of the stack has a volume to back up; mount a volume or remove the label`
    );
  return { targets, problems };
}
function splitList(value) {
  return value.split(",").map((s) => s.trim()).filter(Boolean);
}
function hookCommand(label) {
  let c = label;
  for (const prefix of ["bash -c", "sh -c", " "]) if (c.startsWith(prefix)) c = c.slice(prefix.length);
  if (c.length >= 2 && c[0] === c.at(-1) && (c[0] === "'" || c[0] === '"')) c = c.slice(1, -1);
  return c;
}
function hookArgv(label, shell) {
  const command = hookCommand(label);
  return shlexSplit(shell === "bash" ? `bash -c 'set -o pipefail;${command}'` : `sh -c '${command}'`);
}

// src/operations/hooks.ts
var OUTPUT_LINES = 20;
var NO_BASH = /exec: "bash": executable file not found|"bash": no such file/;
async function runLabelHook(ctx, target, label, command) {
  ctx.progress(`${target.service}: ${label}`);
  let argv;
  try {
    argv = hookArgv(command, "bash");
  } catch (e) {
    const detail = `${label} label cannot be split into a command as backupbot splits it: ${e.message}`;
    return {
      failed: fail(`${target.service}: ${detail}`, [], { reason: "hook_failed", service: target.service, event: command }),
      assertion: { name: `${target.service} ${label}`, status: "fail", detail }
    };
  }
  let r = await ctx.backend.exec(target.swarmName, argv, ctx.signal);
  let shell = "bash";
  if (r.code === 126 && NO_BASH.test(r.output)) {
    shell = "sh (the image has no bash, which backupbot needs)";
    r = await ctx.backend.exec(target.swarmName, hookArgv(command, "sh"), ctx.signal);
  }
  const lines = r.output.replace(/\n$/, "").split("\n").filter((l, i, all) => l !== "" || i < all.length - 1).slice(-OUTPUT_LINES);
  const output = lines.length ? `: ${lines.slice(-3).join(" | ")}` : "";
  if (r.code === 0)
    return { failed: null, assertion: { name: `${target.service} ${label}`, status: "pass", detail: `exit 0 via ${shell}` } };
  const assertion = { name: `${target.service} ${label}`, status: "fail", detail: `${command} \u2192 exit ${r.code} via ${shell}` };
  const why = r.code === -1 ? r.output : `${label} of ${target.service} failed (exit ${r.code})${output}`;
  return {
    failed: fail(why, [assertion], {
      reason: "hook_failed",
      service: target.service,
      exitCode: r.code >= 0 ? r.code : void 0,
      event: command,
      lines
    }),
    assertion
  };
}

// src/report/hints.ts
var HINTS = {
  image_missing: "The swarm could not find the image for a service. Check the image name and tag in the compose file (and any variable it uses). Usually a typo in the tag, a tag not yet published, or a private registry without credentials.",
  crash_loop: "The container exits soon after it starts, again and again. Read the last log lines and the exit code. Usually a missing or wrong environment variable, secret or config file, or a command or entrypoint that fails.",
  unhealthy: "The container runs but its healthcheck keeps failing, so the swarm replaces it. Read the healthcheck's own output in the event. Usually a healthcheck that probes the wrong port or path, uses a tool the image lacks, or a start_period too short for the app's first start.",
  oom_killed: "The kernel killed the container for using more memory than its limit. Check deploy.resources.limits.memory against what the app needs at start. Usually a limit copied from another recipe, or a first start (migrations, indexing) that needs more than steady state.",
  update_paused: "The swarm paused the update to the new version after a task failed (update_config failure_action: pause), leaving the service broken. Read the task error and logs of the new version. Usually the new release's image or config fails to start.",
  rolled_back: "The swarm rolled the service back to the previous version after the new one failed (update_config failure_action: rollback). Read the task error and the new version's logs. Usually the upgraded image needs a new variable, secret or migration the release does not provide.",
  secret_or_config_missing: "A secret or config the compose file refers to does not exist. Check its name in the compose file against the SECRET_*_VERSION and *_VERSION variables in .env.sample and abra.sh. Usually a version variable that was bumped in one place and not the other, or an external config nobody creates.",
  port_in_use: "A published port is already taken on the host. Check the ports section (host-mode ports bind on every interface). Usually another service or a leftover container publishing the same port.",
  not_serving: "The stack converged but the app does not answer its router as expected (404, a proxy fallback page, or a body that does not match). Check the traefik labels (Host rule, loadbalancer.server.port) and the probe settings. Usually the wrong internal port, or an app that needs setup (seed content, an admin user) before it serves.",
  timeout: "The op ran out of time; the event says which limit and what it was waiting for. After a deploy or upgrade the limit is abra's deploy wait: 50 s unless the app service sets the coop-cloud.${STACK_NAME}.timeout label (abra fails such a deploy too). Check whether the app is slow (raise that label, or timeouts in .cc-ci/config.yml for cc-ci's own op limit) or stuck (the logs show it). Usually a healthcheck start_period longer than the wait, or a service waiting for another that never becomes ready.",
  hook_failed: "A hook (install_steps.sh, hooks/pre-<op>.sh, or a backupbot hook label) exited non-zero. Its own output is in the last lines. Usually a command missing from the image, or a database not yet accepting connections when the hook runs.",
  test_failed: "A recipe test (tests/<op>/* or tests/custom/*) exited non-zero. Its own output is in the last lines; the full log is in the artifact. Usually the behaviour the test checks changed in this PR, or the test needs data a pre-op hook should seed.",
  deploy_rejected: "docker stack deploy refused the compose files. The event has its message. Usually a required variable (${VAR:?...}) with no value in the app env file: set it in .env.sample, or in install_steps.sh when it is generated.",
  network_unusable: "The swarm refused a network of the stack: one a swarm service cannot join (driver bridge or host), or an external network that does not exist or is not swarm-scoped. Check the networks: section; a stack's own networks must be overlays (the default driver) and external ones, like proxy, must exist as overlays before the deploy. Usually a network copied from a docker-compose (non-swarm) setup.",
  compose_invalid: "docker stack deploy refused an option of the compose files: one it does not know or does not support in a swarm (extends, a misspelt key), or a value of the wrong type. The event names the key. Check it against the compose file v3 reference. Usually a docker-compose-only option or a typo in a key or value.",
  upgrade_incomplete: "The upgrade completed but the app is not on the release it moved to (head, or the hop's release): a service runs another image, or the version label is not that release's. Check image tags and the version label in its compose files. Usually an image tag taken from a variable in the app's env file, which an upgrade keeps from the previous release.",
  backup_incomplete: "The backup did not capture what backupbot's labels declare: an empty snapshot, a declared path missing, or labels that cannot be honoured. Check the backupbot.backup.* labels against the volumes and paths the service has. Usually a path label with a typo, or a pre-hook that writes its dump somewhere else.",
  restore_mismatch: "After the restore, the data is not as it was at backup time. Check what the restore hooks and the app's start do to the volume. Usually an entrypoint that re-initialises the data directory on start, or a restore post-hook that overwrites the restored files.",
  data_lost: "After an upgrade hop, the data written before the upgrade is gone: the marker cc-ci put in the app's volume at install is missing or changed. The event names the hop, the service's mount and the volume. Check what the new release does to its volumes: a renamed volume (a new, empty one is created), a mount moved to another path, or an entrypoint or migration that re-initialises the data directory. Usually a volume renamed in compose.yml without a migration.",
  lint_failed: "The recipe breaks a convention abra relies on. The failed rules are listed in the op. Usually a main service not named app, an unversioned config, or a lightweight release tag.",
  interrupted: "The run was stopped (SIGINT or SIGTERM, or the workflow run was cancelled) while this op ran; cc-ci tore down what it had created. The event names the signal. Nothing in the recipe is implied: run it again. Usually a cancelled workflow, a job timeout, or Ctrl-C.",
  unknown: "cc-ci could not classify this failure. Read the event and the last lines, and open an issue on cc-ci with the results.json artifact so the case gets a reason and a hint. Usually an unexpected error in cc-ci itself, or a failure no rule covers yet."
};

// src/report/autopsy.ts
var PORT_TAKEN = /address already in use|port is already allocated|host-mode port already in use/i;
var BY_MESSAGE = [
  [/no such image|manifest unknown|pull access denied|repository does not exist/i, "image_missing"],
  [PORT_TAKEN, "port_in_use"],
  [/secret not found|config not found|(secret|config) \S+ not found/i, "secret_or_config_missing"],
  [/\boom(killed)?\b|out of memory/i, "oom_killed"]
];
var BY_REFUSAL = [
  [
    /cannot be used with services|only one instance of "\w+" network|declared as external, but (could not be found|it is not in the right scope)|undefined network/i,
    "network_unusable"
  ],
  [/(secret|config) not found|undefined (secret|config)\b|open \S+: no such file or directory/i, "secret_or_config_missing"],
  [
    /Additional property|must be a|contains unsupported options|invalid image reference|undefined volume|is not allowed|yaml: /i,
    "compose_invalid"
  ]
];
var KEEP_REASON = /* @__PURE__ */ new Set(["hook_failed", "test_failed", "backup_incomplete", "restore_mismatch"]);
function classify(failure, diag = {}) {
  if (KEEP_REASON.has(failure.reason)) return failure.reason;
  if (failure.reason === "deploy_rejected") return BY_REFUSAL.find(([re]) => re.test(failure.event ?? ""))?.[1] ?? failure.reason;
  if (diag.oomKilled) return "oom_killed";
  return BY_MESSAGE.find(([re]) => re.test(failure.event ?? ""))?.[1] ?? failure.reason;
}
function buildAutopsy(op, outcome, diag = {}) {
  const failure = outcome.failure ?? { reason: "unknown" };
  const reason = classify(failure, diag);
  const health = reason === "unhealthy" && diag.healthOutput ? `; healthcheck said: ${diag.healthOutput.trim()}` : "";
  const lines = failure.lines ?? diag.lines ?? [];
  return {
    kind: "failure_autopsy",
    op,
    service: failure.service ?? null,
    reason,
    exit_code: failure.exitCode ?? diag.exitCode ?? null,
    event: `${failure.event ?? outcome.reason}${health}${diag.problem ? ` (diagnosis incomplete: ${diag.problem})` : ""}`.slice(0, 4096),
    last_lines: lines.slice(-MAX_LAST_LINES),
    hint: HINTS[reason]
  };
}

// src/operations/checks.ts
async function converged(ctx, since, wait) {
  const limit = wait ? linkedSignal([ctx.signal], wait.seconds * 1e3, () => new OpTimeout(wait.seconds, `abra's deploy wait, from ${wait.from}`)) : void 0;
  let outcome;
  try {
    outcome = await ctx.backend.waitConverged(since, limit?.signal ?? ctx.signal, (d) => ctx.progress(`converging: ${d}`));
  } finally {
    limit?.dispose();
  }
  if (outcome.ok) return { assertion: { name: "converged", status: "pass", detail: outcome.detail } };
  const f = { ...outcome.failure, service: recipeService(ctx.app, outcome.failure.service) };
  const message = f.taskError && !f.message.includes(f.taskError) ? `${f.message} (${f.taskError})` : f.message;
  const where = ctx.deploys.current && f.service ? keyAt(ctx.deploys.current, f.service, f.kind, message) : void 0;
  const detail = `${where ? `${where.file}:${where.line}: ` : ""}${f.service ? `${f.service}: ` : ""}${portTaken(message) ?? message}`;
  const assertion = {
    name: "converged",
    status: "fail",
    detail,
    ...where ? { source: { file: where.file, line: where.line ?? null } } : {}
  };
  return {
    assertion,
    failed: fail(detail, [assertion], {
      reason: reasonOf(f),
      service: f.service || void 0,
      exitCode: f.exitCode,
      containerId: f.containerId,
      event: message
    })
  };
}
function portTaken(message) {
  const port = /:(\d+): bind: address already in use/.exec(message)?.[1];
  return port ? `host port ${port} is already taken on this machine (bind: address already in use); free it, or publish another port` : void 0;
}
function keyAt(plan, service, kind, message) {
  const key2 = kind === "image-missing" ? "image" : PORT_TAKEN.test(message) ? "ports" : void 0;
  const at2 = key2 ? locate(plan.compose, ["services", service, key2]) : void 0;
  return at2 && { ...at2, file: shownIn(plan.tree, at2.file) };
}
function reasonOf(f) {
  switch (f.kind) {
    case "image-missing":
      return "image_missing";
    case "update-paused":
      return "update_paused";
    case "rolled-back":
      return "rolled_back";
    case "timeout":
      if (/last failure: .*unhealthy|is unhealthy/i.test(f.message)) return "unhealthy";
      if (/last failure: .*non-zero exit/i.test(f.message)) return "crash_loop";
      return "timeout";
    case "task-failed":
      return /unhealthy/i.test(f.taskError ?? "") ? "unhealthy" : "crash_loop";
  }
}
var genericSkipped = (name) => ({
  name,
  status: "skip",
  detail: "generic assertion skipped by config (skip-generic)"
});
function rejected(e) {
  if (!(e instanceof DeployRejected)) throw e;
  const source = e.source ? { source: { file: e.source.file, line: e.source.line ?? null } } : {};
  return fail(e.message, [{ name: "deployed", status: "fail", detail: e.message, ...source }], {
    reason: "deploy_rejected",
    event: e.message,
    lines: e.lines
  });
}

// src/operations/snapshot.ts
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
function archiveName(volume) {
  checkVolumeName(volume, "volume");
  return `${volume}.tar`;
}
function newSnapshot(stateDir) {
  const id = `snap-${(/* @__PURE__ */ new Date()).toISOString().replace(/[-:]/g, "").replace(/\..*/, "")}-${randomBytes(3).toString("hex")}`;
  const dir = join(stateDir, "snapshots", id);
  mkdirSync(dir, { recursive: true });
  return { id, dir, createdAt: (/* @__PURE__ */ new Date()).toISOString(), volumes: [] };
}
async function recordArchive(snapshot, service, sel, archive) {
  const entries = await listTar(join(snapshot.dir, archive));
  const files = entries.filter((e) => e.type === "file").map((e) => ({ path: e.path, size: e.size, sha256: e.sha256 }));
  const volume = { ...sel, service, archive, files, bytes: files.reduce((n, f) => n + f.size, 0) };
  snapshot.volumes.push(volume);
  const missing = (sel.paths ?? []).filter((p) => !entries.some((e) => e.path === p || e.path.startsWith(`${p}/`)));
  return { volume, missing };
}
function writeSnapshotManifest(s) {
  writeFileSync(join(s.dir, "manifest.json"), `${JSON.stringify({ id: s.id, createdAt: s.createdAt, volumes: s.volumes }, null, 2)}
`);
}

// src/operations/backup.ts
var MARKER = ".cc-ci-marker";
var sha256 = (s) => createHash("sha256").update(s).digest("hex");
var backup = {
  name: "backup",
  needs: ["install", "upgrade"],
  async run(ctx) {
    const tree = ctx.deploys.current?.tree ?? ctx.facts.head;
    if (!hasBackupLabels(tree.dir)) return skip("not backup-capable: no backupbot.backup label in any compose file");
    const { targets, problems } = backupTargets(await ctx.backend.services(), ctx.app.stack);
    if (targets.length === 0) return skip("not backup-capable: no deployed service has backupbot.backup=true");
    if (problems.length)
      return fail(problems.join("; "), [{ name: "labels", status: "fail", detail: problems.join("; ") }], { reason: "backup_incomplete" });
    const witness = ctx.generic ? await placeWitness(ctx, targets) : void 0;
    const snapshot = newSnapshot(ctx.facts.stateDir);
    const assertions = [];
    const missing = [];
    const tool = ctx.backend.backupTool;
    let taken;
    let failed;
    if (tool) {
      const r = await backupWithTool(ctx, tool);
      assertions.push(r.assertion);
      failed = r.failed ?? await capture(ctx, targets, snapshot, missing, assertions);
      taken = { label: tool.label, id: r.id };
    } else {
      failed = await hooksAround(ctx, targets, assertions, () => capture(ctx, targets, snapshot, missing, assertions));
    }
    if (failed) return { ...failed, assertions: [...assertions, ...failed.assertions.filter((a) => !assertions.includes(a))] };
    writeSnapshotManifest(snapshot);
    const files = snapshot.volumes.reduce((n, v) => n + v.files.length, 0);
    const bytes = snapshot.volumes.reduce((n, v) => n + v.bytes, 0);
    const summary = `snapshot ${snapshot.id}: ${files} files, ${bytes} bytes from ${snapshot.volumes.length} volume(s)`;
    const incomplete = (detail) => fail(detail, [...assertions, { name: "snapshot", status: "fail", detail }], { reason: "backup_incomplete" });
    if (!ctx.generic) return pass(summary, [...assertions, genericSkipped("snapshot complete")], { backup: { snapshot, tool: taken } });
    if (files === 0) return incomplete(`empty snapshot ${snapshot.id}: the backed-up volumes hold no files`);
    if (missing.length) return incomplete(`snapshot ${snapshot.id} is missing declared path(s): ${missing.join(", ")}`);
    assertions.push({ name: "snapshot", status: "pass", detail: summary });
    if (witness) {
      if (witness.kind === "file")
        witness.expected = snapshot.volumes.find((v) => v.volume === witness.volume)?.files.find((f) => f.path === witness.path)?.sha256 ?? "";
      const held = snapshot.volumes.some(
        (v) => v.volume === witness.volume && v.files.some((f) => f.path === witness.path && f.sha256 === witness.expected)
      );
      if (!held)
        return incomplete(`snapshot ${snapshot.id} does not hold ${witness.path} of ${witness.volume} as it was before the backup`);
      assertions.push({ name: "witness in snapshot", status: "pass", detail: `${witness.volume}:${witness.path}` });
    }
    return pass(taken ? `${taken.label}: ${taken.id || "backup taken"}; ${summary}` : summary, assertions, {
      backup: { snapshot, witness, tool: taken }
    });
  }
};
async function backupWithTool(ctx, tool) {
  try {
    const id = await tool.backup(ctx.signal, (d) => ctx.progress(`${tool.label}: ${d}`));
    return { assertion: { name: tool.label, status: "pass", detail: id || "backup taken (the tool named no id)" }, id };
  } catch (e) {
    if (!(e instanceof BackupToolFailed)) throw e;
    const assertion = { name: tool.label, status: "fail", detail: e.message };
    return { assertion, id: "", failed: fail(e.message, [assertion], { reason: "backup_incomplete", event: e.message, lines: e.lines }) };
  }
}
async function hooksAround(ctx, targets, assertions, work) {
  let failed = null;
  const ran = [];
  for (const t of targets) {
    if (!t.hooks.pre) continue;
    ran.push(t);
    const hook = await runLabelHook(ctx, t, "pre-hook", t.hooks.pre);
    assertions.push(hook.assertion);
    if (failed = hook.failed) break;
  }
  if (!failed) failed = await work();
  for (const t of failed ? ran : targets) {
    if (!t.hooks.post) continue;
    const hook = await runLabelHook(ctx, t, "post-hook", t.hooks.post);
    assertions.push(hook.assertion);
    failed ??= hook.failed;
  }
  return failed;
}
async function capture(ctx, targets, snapshot, missing, assertions) {
  for (const t of targets.filter((x) => x.volumes.length)) {
    try {
      for (const v of t.volumes) {
        ctx.progress(`${t.service}: capturing ${v.key}`);
        const archive = archiveName(v.volume);
        await ctx.backend.volumes.snapshot(v.volume, v.paths, join2(snapshot.dir, archive), ctx.signal);
        missing.push(...(await recordArchive(snapshot, t.service, v, archive)).missing.map((p) => `${v.key}:${p}`));
      }
    } catch (e) {
      const detail = e.message;
      return fail(detail, [{ name: `${t.service} captured`, status: "fail", detail }], { reason: "backup_incomplete", service: t.service });
    }
    assertions.push({
      name: `${t.service} captured`,
      status: "pass",
      detail: t.volumes.map((v) => `${v.key}${v.paths ? `:${v.paths.join(",")}` : ""}`).join(" ")
    });
  }
  return null;
}
async function placeWitness(ctx, targets) {
  const v = targets.find((t) => t.volumes.length)?.volumes[0];
  if (!v) return void 0;
  for (const p of v.paths ?? [""]) {
    const kind = p === "" ? "dir" : await ctx.backend.volumes.kind(v.volume, p);
    if (kind === "dir") {
      const value = `cc-ci marker ${randomBytes2(6).toString("hex")}
`;
      const path = p ? `${p}/${MARKER}` : MARKER;
      await ctx.backend.volumes.write(v.volume, path, value);
      return { volume: v.volume, path, kind: "marker", expected: sha256(value) };
    }
  }
  const file = v.paths?.[0];
  return file ? { volume: v.volume, path: file, kind: "file", expected: "" } : void 0;
}

// src/operations/custom.ts
var custom = {
  name: "custom",
  needs: ["install", "upgrade"],
  async run(ctx) {
    const tests = ctx.facts.overlays.tests.custom ?? [];
    return tests.length ? pass("", []) : skip("no custom tests (.cc-ci/tests/custom/ or the bundled overlay)");
  }
};

// src/lint/rules/abra.ts
var images = ({ compose, env }) => [...compose.services].filter(([, s]) => s.image).map(([name, s]) => ({ name, image: interpolated(s.image, env), source: locate(compose, ["services", name, "image"]) }));
var abraRules = [
  {
    id: "R001",
    title: "compose config has expected version",
    level: "warn",
    check({ compose }) {
      const first = compose.files[0];
      const version = first.yaml.data.version;
      const problems = version === "3.8" ? [] : [
        {
          message: `${first.yaml.shown} has version ${JSON.stringify(version ?? "unset")}; abra expects version: "3.8"`,
          source: { file: first.yaml.shown, line: first.yaml.lineOf(["version"]) ?? 1 }
        }
      ];
      return { problems, passed: 'version "3.8"' };
    }
  },
  {
    id: "R002",
    title: "healthcheck enabled for all services",
    level: "warn",
    check({ compose }) {
      const problems = [...compose.services].filter(([, s]) => !s.raw.healthcheck).map(([name, s]) => ({
        message: `service ${name} has no healthcheck; add one so a deploy waits until the app is up`,
        source: { file: s.file, line: s.line }
      }));
      return { problems, passed: "every service has a healthcheck" };
    }
  },
  {
    id: "R003",
    title: "all images use a tag",
    level: "warn",
    check(input) {
      const problems = images(input).filter(({ image }) => !/:[^/]+$/.test(image) && !image.includes("@")).map(({ name, image, source }) => ({ message: `service ${name}: image ${image} has no tag; pin a version tag`, source }));
      return { problems, passed: "every image has a tag" };
    }
  },
  {
    id: "R004",
    title: "no unstable tags",
    level: "warn",
    check(input) {
      const problems = images(input).filter(({ image }) => image.endsWith(":latest")).map(({ name, image, source }) => ({
        message: `service ${name}: image ${image} uses the unstable latest tag; pin a version tag`,
        source
      }));
      return { problems, passed: "no image uses latest" };
    }
  },
  {
    id: "R005",
    title: "tags use semver-like format",
    level: "warn",
    check(input) {
      const problems = images(input).filter(
        ({ image }) => /:[^/]+$/.test(image) && !image.includes("@") && !image.endsWith(":latest") && !/:v?\d+(\.\d+)*([-+._][\w.+-]*)?$/.test(image)
      ).map(({ name, image, source }) => ({
        message: `service ${name}: image ${image} has a tag that is not a version; pin a version tag such as 1.27.2`,
        source
      }));
      return { problems, passed: "every image tag looks like a version" };
    }
  },
  {
    id: "R009",
    title: "one service named 'app'",
    level: "error",
    check({ compose }) {
      return {
        problems: compose.services.has("app") ? [] : [
          {
            message: 'no service is named "app"; abra expects the main service to be called app',
            source: { file: compose.files[0].yaml.shown, line: compose.files[0].yaml.lineOf(["services"]) }
          }
        ],
        passed: "a service named app"
      };
    }
  },
  {
    id: "R010",
    title: "traefik routing enabled",
    level: "error",
    check({ compose }) {
      const on = [...compose.services.values()].some((s) => String(s.labels["traefik.enable"]).toLowerCase() === "true");
      return {
        problems: on ? [] : [
          {
            message: "no service sets traefik.enable=true in deploy.labels; traefik will not route to the app",
            source: compose.services.get("app")
          }
        ],
        passed: "a service has traefik.enable=true"
      };
    }
  },
  {
    id: "R011",
    title: "all services have images",
    level: "error",
    blocksDeploy: true,
    check({ compose }) {
      const problems = [...compose.services].filter(([, s]) => !s.image).map(([name, s]) => ({
        message: `service ${name} has no image${s.raw.build ? " (build: is ignored by docker stack deploy)" : ""}; set image: to a published image`,
        source: { file: s.file, line: s.line }
      }));
      return { problems, passed: "every service has an image" };
    }
  },
  {
    id: "R012",
    title: "config versions are vendored",
    level: "error",
    check({ compose, recipe }) {
      const problems = [];
      for (const c of compose.configs.values()) {
        if (c.external) continue;
        const versions = [...(c.nameTemplate ?? "").matchAll(/\$\{?([A-Za-z0-9_]*_VERSION)\b/g)].map((m) => m[1]);
        if (versions.length === 0)
          problems.push({
            message: `config ${c.key} has no _VERSION in its name; swarm configs are immutable, so name it \${STACK_NAME}_${c.key}_\${${c.key.toUpperCase()}_VERSION}`,
            source: c
          });
        for (const v of versions)
          if (!(v in recipe.abraExports) && !(v in recipe.envSample.values))
            problems.push({
              message: `config ${c.key} is named with ${v}, which abra.sh does not export; add export ${v}=v1 to abra.sh`,
              source: c
            });
      }
      return { problems, passed: "configs are versioned in abra.sh" };
    }
  },
  {
    id: "R014",
    title: "only annotated tags used for recipe version",
    level: "error",
    check({ git }) {
      const lightweight = git.releases.filter((r) => !r.annotated).map((r) => r.tag);
      return {
        problems: lightweight.map((t) => ({
          message: `release tag ${t} is a lightweight tag; abra needs annotated tags: git tag -a ${t}`
        })),
        passed: "release tags are annotated"
      };
    }
  },
  {
    id: "R015",
    title: "long secret names",
    level: "warn",
    check({ compose }) {
      const problems = [...compose.secrets.values()].filter((s) => s.external && STACK_NAME_MAX + s.key.length + "_v10".length + 1 > 64).map((s) => ({
        message: `secret ${s.key}: on an app whose stack name has abra's maximum of ${STACK_NAME_MAX} characters, <stack>_${s.key}_v10 is over Docker's 64; shorten the secret's name to ${64 - STACK_NAME_MAX - 5} characters or less`,
        source: s
      }));
      return { problems, passed: "secret names fit on any domain" };
    }
  }
];

// src/lint/rules/abra-env.ts
var abraEnvRules = [
  {
    id: "CC015",
    title: "abra.sh exports abra reads",
    level: "warn",
    check({ recipe }) {
      if (recipe.abraSh === null) return { problems: [], passed: "no abra.sh" };
      const problems = [];
      recipe.abraSh.split(/\r?\n/).forEach((line, i) => {
        if (!/^\s*export\s/.test(line)) return;
        const m = ABRA_EXPORT.exec(line);
        const rest = m ? line.slice(m[0].length).trim() : "";
        if (!m)
          problems.push({
            message: `"${line.trim().slice(0, 50)}": abra reads only lines like export NAME=value (at the start of the line, value a plain word), so it does not see this one; write it that way`,
            source: { file: "abra.sh", line: i + 1 }
          });
        else if (rest)
          problems.push({
            message: `"${line.trim().slice(0, 50)}": abra may read the rest of the line after ${m[1]}=${m[2]} into the value; keep nothing after the value`,
            source: { file: "abra.sh", line: i + 1 }
          });
      });
      return { problems, passed: "every export in abra.sh is one abra reads" };
    }
  },
  {
    id: "CC016",
    title: "secret modifiers abra knows",
    level: "warn",
    check({ secrets }) {
      const problems = [];
      for (const s of secrets) {
        if (s.unknownCharset)
          problems.push({
            message: `SECRET_${s.key.toUpperCase()}_VERSION: charset=${s.unknownCharset} is not one cc-ci knows abra to support; cc-ci generated it from the default charset; use default, special, safespecial or hex`,
            source: s.modifiers
          });
        if (s.manual)
          problems.push({
            message: `SECRET_${s.key.toUpperCase()}_VERSION: generate=false, so an operator inserts ${s.key} by hand (abra app secret insert); cc-ci inserted a random value in its place`,
            source: s.modifiers
          });
      }
      return { problems, passed: "every secret modifier is one abra knows" };
    }
  },
  {
    id: "CC017",
    title: "env file values abra reads as written",
    level: "warn",
    check({ recipe }) {
      const problems = [];
      for (const e of recipe.envSample.entries) {
        const raw = recipe.envSample.text.split(/\r?\n/)[e.line - 1] ?? "";
        if (/\$\{[A-Za-z_][A-Za-z0-9_]*:?[-?+]/.test(raw))
          problems.push({
            message: `${e.key}: abra's env reader does not know \${VAR:-default}: it replaces \${VAR and keeps the rest, so ${e.key} becomes "${e.value}"; set the value plainly`,
            source: { file: ".env.sample", line: e.line }
          });
        else if (/\$\{?[a-z][A-Za-z0-9_]*/.test(raw) && !/^\s*[^=]*=\s*'/.test(raw))
          problems.push({
            message: `${e.key}: abra's env reader expands only upper-case names, so $ with a lower-case name stays as written; use an upper-case variable or single quotes`,
            source: { file: ".env.sample", line: e.line }
          });
      }
      return { problems, passed: ".env.sample holds no expansion abra reads differently" };
    }
  }
];

// src/lint/rules/backup.ts
var HOOKS = ["backupbot.backup.pre-hook", "backupbot.backup.post-hook", "backupbot.restore.pre-hook", "backupbot.restore.post-hook"];
function labelled({ compose, env }) {
  return [...compose.services].map(([name, svc]) => ({ name, svc, labels: labelsOf(svc, env), volumes: namedVolumes(svc) }));
}
var labelAt = (input, service, key2) => locateLabel(input.compose, service, key2, input.env);
var enabledOn = (labels) => labels["backupbot.backup"]?.toLowerCase() === "true";
var backupRules = [
  {
    id: "CC010",
    title: "a backup-enabled stack has volumes to back up",
    level: "error",
    check(input) {
      const services = labelled(input);
      const enabled = services.filter((s) => enabledOn(s.labels));
      const problems = [];
      if (enabled.length && !services.some((s) => s.volumes.length)) {
        problems.push({
          message: `backupbot.backup=true on ${enabled.map((s) => s.name).join(", ")}, but no service mounts a named volume, so backupbot has nothing to back up; mount the data on a volume`,
          source: labelAt(input, enabled[0].name, "backupbot.backup")
        });
      }
      return { problems, passed: "a backup-enabled stack has volumes to back up" };
    }
  },
  {
    id: "CC011",
    title: "hook labels backupbot can run",
    level: "warn",
    check(input) {
      const problems = [];
      for (const s of labelled(input)) {
        for (const key2 of HOOKS) {
          const hook = s.labels[key2];
          if (!hook) continue;
          let argv;
          try {
            argv = hookArgv(hook, "bash");
          } catch {
            problems.push({
              message: `service ${s.name}: ${key2} has an unbalanced quote, so backupbot cannot split it into a command; close the quote`,
              source: labelAt(input, s.name, key2)
            });
            continue;
          }
          if (argv.length > 3) {
            problems.push({
              message: `service ${s.name}: ${key2} contains a single quote, which ends the 'set -o pipefail;\u2026' quoting backupbot wraps hooks in, so only "${argv[2]}" runs; use double quotes inside the hook`,
              source: labelAt(input, s.name, key2)
            });
          }
        }
      }
      return { problems, passed: "every hook label is a command backupbot runs whole" };
    }
  },
  {
    id: "CC018",
    title: "backupbot labels name what the services mount",
    level: "warn",
    check(input) {
      const services = labelled(input);
      const problems = [];
      for (const s of services) {
        const value = s.labels["backupbot.backup"];
        if (value !== void 0 && !/^(true|false)$/i.test(value))
          problems.push({
            message: `service ${s.name}: backupbot.backup is "${value}"; write true or false`,
            source: labelAt(input, s.name, "backupbot.backup")
          });
        if (enabledOn(s.labels) && s.volumes.length === 0 && services.some((o) => o.volumes.length)) {
          problems.push({
            message: `service ${s.name} has backupbot.backup=true but no volume of its own (backupbot backs up the stack's other volumes); the backupbot spec asks for the label on the main service, which holds the data`,
            source: labelAt(input, s.name, "backupbot.backup")
          });
        }
        for (const key2 of Object.keys(s.labels)) {
          const m = /^backupbot\.backup\.volumes\.([^.]+)(\.path)?$/.exec(key2);
          if (m && !s.volumes.some((v) => v.key === m[1]))
            problems.push({
              message: `service ${s.name}: ${key2} names volume "${m[1]}", which the service does not mount, so backupbot ignores it; use the compose key of a mounted volume`,
              source: labelAt(input, s.name, key2)
            });
        }
      }
      return { problems, passed: "backupbot labels name volumes the services mount" };
    }
  }
];

// src/lint/rules/env.ts
var SECTIONS = ["services", "networks", "volumes", "secrets", "configs"];
function walk(node, path, visit) {
  if (typeof node === "string") visit(node, path);
  else if (Array.isArray(node)) node.forEach((v, i) => walk(v, [...path, i], visit));
  else if (node && typeof node === "object") for (const [k, v] of Object.entries(node)) walk(v, [...path, k], visit);
}
var envRules = [
  {
    id: "CC006",
    title: "every variable the compose files use is set",
    level: "warn",
    check({ compose, env, recipe }) {
      const problems = [];
      const seen = new Set(
        [...recipe.envSample.text.matchAll(/^[ \t]*#[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)=/gm)].map((m) => m[1])
      );
      for (const f of compose.files) {
        const data = f.yaml.data ?? {};
        for (const section of SECTIONS) {
          walk(data[section], [section], (value, path) => {
            for (const ref of references(value)) {
              if (ref.op !== "" || Object.hasOwn(env, ref.name) || seen.has(ref.name)) continue;
              seen.add(ref.name);
              problems.push({
                message: `\${${ref.name}} has no default and .env.sample never sets ${ref.name}, so it deploys as an empty string; add ${ref.name}= to .env.sample (commented out if optional) or write \${${ref.name}:-default}`,
                source: { file: f.yaml.shown, line: f.yaml.lineOf(path) ?? f.yaml.lineOf(path.slice(0, -1)) }
              });
            }
          });
        }
      }
      return { problems, passed: "every variable the compose files use is set by .env.sample, abra.sh or abra, or has a default" };
    }
  }
];

// src/lint/rules/health.ts
var DEFAULTS = { interval: 30, retries: 3, start_period: 0 };
function goDuration(v) {
  if (typeof v === "number") return v / 1e9;
  if (typeof v !== "string" || !/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(v.trim())) return void 0;
  const unit = { ns: 1e-9, us: 1e-6, \u00B5s: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
  let total = 0;
  for (const m of v.trim().matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) total += Number(m[1]) * unit[m[2]];
  return total;
}
var healthcheckOf = (svc) => {
  const h = svc.raw.healthcheck;
  if (!h || h.disable === true) return void 0;
  const test = Array.isArray(h.test) ? h.test.map(String) : typeof h.test === "string" ? [h.test] : [];
  return test[0] === "NONE" ? void 0 : h;
};
function healthcheckPorts(test) {
  const text = (Array.isArray(test) ? test.slice(test[0] === "CMD" || test[0] === "CMD-SHELL" ? 1 : 0) : [test]).map(String).join(" ");
  const ports = /* @__PURE__ */ new Set();
  for (const m of text.matchAll(/\b(https?):\/\/\[?[\w.-]+\]?(?::(\d+))?/g)) ports.add(m[2] ? Number(m[2]) : m[1] === "https" ? 443 : 80);
  for (const m of text.matchAll(/\b(?:localhost|127\.0\.0\.1|0\.0\.0\.0):(\d+)\b/g)) ports.add(Number(m[1]));
  for (const m of text.matchAll(/\bnc\s+(?:-\w+\s+)*[\w.-]+\s+(\d+)\b/g)) ports.add(Number(m[1]));
  return [...ports];
}
var healthRules = [
  {
    id: "CC007",
    title: "healthchecks probe the port traefik routes to",
    level: "warn",
    check({ compose, env }) {
      const problems = [];
      for (const [name, svc] of compose.services) {
        const h = healthcheckOf(svc);
        if (!h) continue;
        const lb = Object.entries(svc.labels).filter(([k]) => /^traefik\.http\.services\.[^.]+\.loadbalancer\.server\.port$/.test(interpolated(k, env))).map(([, v]) => Number(interpolated(v, env)));
        const probed = healthcheckPorts(h.test);
        if (lb.length !== 1 || probed.length === 0 || probed.includes(lb[0])) continue;
        problems.push({
          message: `service ${name}: the healthcheck probes port ${probed.join(", ")}, traefik routes to ${lb[0]}; probe the port the app serves on`,
          source: locate(compose, ["services", name, "healthcheck", "test"])
        });
      }
      return { problems, passed: "healthchecks probe the port traefik routes to" };
    }
  },
  {
    id: "CC008",
    title: "healthchecks can turn healthy within the deploy wait",
    level: "error",
    check({ compose, convergeSeconds: convergeSeconds2 }) {
      const problems = [];
      for (const [name, timing] of timings(compose)) {
        if (timing.interval < convergeSeconds2) continue;
        problems.push({
          message: `service ${name}: the first healthcheck runs after interval ${timing.interval}s, but the deploy waits ${convergeSeconds2}s for convergence, so it can never turn healthy in time; shorten interval`,
          source: timing.where
        });
      }
      return { problems, passed: `the first healthcheck of every service runs within the ${convergeSeconds2}s deploy wait` };
    }
  },
  {
    id: "CC009",
    title: "healthchecks settle within the deploy wait",
    level: "warn",
    check({ compose, convergeSeconds: convergeSeconds2 }) {
      const problems = [];
      for (const [name, { interval, startPeriod, retries, where }] of timings(compose)) {
        const worst = startPeriod + retries * interval;
        if (interval >= convergeSeconds2 || worst <= convergeSeconds2) continue;
        problems.push({
          message: `service ${name}: the swarm gives the healthcheck up to start_period + retries \xD7 interval = ${worst}s, but the deploy waits ${convergeSeconds2}s, so a slow first start fails before the swarm would give up; raise the coop-cloud.\${STACK_NAME}.timeout label (or timeouts.install)`,
          source: where
        });
      }
      return { problems, passed: `every healthcheck settles within the ${convergeSeconds2}s deploy wait` };
    }
  }
];
function* timings(compose) {
  for (const [name, svc] of compose.services) {
    const h = healthcheckOf(svc);
    if (!h) continue;
    yield [
      name,
      {
        interval: goDuration(h.interval) ?? DEFAULTS.interval,
        startPeriod: goDuration(h.start_period) ?? DEFAULTS.start_period,
        retries: typeof h.retries === "number" ? h.retries : DEFAULTS.retries,
        where: locate(compose, ["services", name, "healthcheck"])
      }
    ];
  }
}

// src/lint/rules/routing.ts
var routingRules = [
  {
    id: "CC014",
    title: "traefik labels traefik can read",
    level: "warn",
    check({ routing, compose, env, stack }) {
      const problems = routing.map((r) => {
        const service = r.service.startsWith(`${stack}_`) ? r.service.slice(stack.length + 1) : r.service;
        return { message: `service ${service}: ${r.label}: ${r.message}`, source: locateLabel(compose, service, r.label, env) };
      });
      return { problems, passed: "traefik can read every router, service and middleware label" };
    }
  }
];

// src/lint/rules/swarm.ts
var LOCAL_DRIVERS = ["bridge", "host", "none"];
var LOCAL_NETWORKS = ["bridge", "host", "none"];
var IGNORED = {
  ...Object.fromEntries(
    [
      "build",
      "cgroupns_mode",
      "cgroup_parent",
      "devices",
      "domainname",
      "external_links",
      "ipc",
      "links",
      "mac_address",
      "network_mode",
      "pid",
      "privileged",
      "restart",
      "security_opt",
      "shm_size",
      "userns_mode"
    ].map((k) => [k, 'docker stack deploy ignores it ("Ignoring unsupported options")'])
  ),
  container_name: "swarm names containers itself; docker stack deploy ignores it",
  expose: "services on the same network reach each other on any port; docker stack deploy ignores it",
  depends_on: "the swarm starts services in no particular order; make the service retry or wait (healthcheck, entrypoint loop) instead"
};
var FORBIDDEN = {
  extends: "docker stack deploy refuses `extends`; repeat the settings or use a YAML anchor",
  volume_driver: "docker stack deploy refuses it; define the volume at the top level with a driver"
};
var swarmRules = [
  {
    id: "CC001",
    title: "networks the swarm can use",
    level: "error",
    blocksDeploy: true,
    check({ compose }) {
      const problems = [];
      for (const [key2, net] of compose.networks) {
        const driver = scalarText(net.driver);
        if (!isExternal(net) && LOCAL_DRIVERS.includes(driver)) {
          problems.push({
            message: `network "${key2}" has driver: ${driver}, which a swarm stack cannot use; use driver: overlay (or drop the driver line)`,
            source: locate(compose, ["networks", key2, "driver"])
          });
        }
      }
      return { problems, passed: "every network of the stack is one the swarm can use" };
    }
  },
  {
    id: "CC002",
    title: "networks traefik can reach",
    level: "warn",
    check({ compose }) {
      const problems = [];
      for (const [key2, net] of compose.networks) {
        const name = scalarText(net.name ?? asRecord(net.external).name ?? key2);
        if (isExternal(net) && LOCAL_NETWORKS.includes(name)) {
          problems.push({
            message: `network "${key2}" is docker's "${name}" network: the swarm accepts it, but tasks there are on no overlay and traefik cannot reach them; use the external proxy network or an overlay`,
            source: locate(compose, ["networks", key2])
          });
        }
      }
      return { problems, passed: "no service is put on a host-local docker network" };
    }
  },
  {
    id: "CC003",
    title: "references to declared networks, volumes, secrets and configs",
    level: "error",
    blocksDeploy: true,
    check({ compose }) {
      const problems = [];
      const declared = { networks: compose.networks, secrets: compose.secrets, configs: compose.configs };
      for (const [name, svc] of compose.services) {
        for (const kind of ["networks", "secrets", "configs"]) {
          for (const ref of serviceRefs(svc.raw[kind])) {
            if (kind === "networks" && ref === "default") continue;
            if (!declared[kind].has(ref))
              problems.push({
                message: `service ${name} uses ${kind.slice(0, -1)} "${ref}", which no top-level ${kind}: section declares; declare it (external: true if abra or another stack creates it)`,
                source: locate(compose, ["services", name, kind])
              });
          }
        }
        for (const v of Array.isArray(svc.raw.volumes) ? svc.raw.volumes : []) {
          const source = typeof v === "string" ? v.split(":")[0] : scalarText(asRecord(v).source);
          const named = typeof v === "string" ? v.includes(":") && !/^[./~]/.test(source) : asRecord(v).type === "volume" || asRecord(v).type === void 0 && source !== "" && !/^[./~]/.test(source);
          if (named && source && !compose.volumes.has(source))
            problems.push({
              message: `service ${name} mounts volume "${source}", which no top-level volumes: section declares; declare it`,
              source: locate(compose, ["services", name, "volumes"])
            });
        }
      }
      return { problems, passed: "every network, volume, secret and config a service uses is declared" };
    }
  },
  {
    id: "CC004",
    title: "options the swarm ignores",
    level: "warn",
    check({ compose }) {
      const problems = [];
      for (const [name, svc] of compose.services) {
        for (const key2 of Object.keys(svc.raw)) {
          if (!(key2 in IGNORED) || key2 === "build" && !svc.image) continue;
          problems.push({
            message: `service ${name}: ${key2}: ${IGNORED[key2]}; remove it`,
            source: locate(compose, ["services", name, key2])
          });
        }
      }
      return { problems, passed: "no service option that docker stack deploy ignores" };
    }
  },
  {
    id: "CC005",
    title: "options the swarm refuses",
    level: "error",
    blocksDeploy: true,
    check({ compose }) {
      const problems = [];
      for (const [name, svc] of compose.services) {
        for (const key2 of Object.keys(svc.raw))
          if (key2 in FORBIDDEN)
            problems.push({ message: `service ${name}: ${key2}: ${FORBIDDEN[key2]}`, source: locate(compose, ["services", name, key2]) });
      }
      return { problems, passed: "no service option that docker stack deploy refuses" };
    }
  }
];

// src/lint/rules/version.ts
var import_semver = __toESM(require_semver(), 1);
var key = (stack) => `coop-cloud.${stack}.version`;
function onApp(input) {
  const app = input.compose.services.get("app");
  const where = locateLabel(input.compose, "app", key(input.stack), input.env);
  return { value: app ? labelsOf(app, input.env)[key(input.stack)] : void 0, where };
}
var versionRules = [
  {
    id: "CC012",
    title: "version label on the app service",
    level: "warn",
    check(input) {
      const { value, where } = onApp(input);
      const latest = input.git.releases[0]?.tag;
      const problems = [];
      if (value === void 0)
        problems.push({
          message: `the app service has no coop-cloud.\${STACK_NAME}.version label, so abra cannot tell which version is deployed; add it to its deploy labels${latest ? ` (e.g. =${latest})` : ""}`,
          source: where
        });
      else if (!value)
        problems.push({
          message: `coop-cloud.\${STACK_NAME}.version is empty; set it to the release version, e.g. 1.0.0+1.2.3 (abra recipe sync does)`,
          source: where
        });
      else if (!import_semver.default.valid(value))
        problems.push({
          message: `coop-cloud.\${STACK_NAME}.version is "${value}", not a version like 1.0.0+1.2.3; fix the label`,
          source: where
        });
      return { problems, passed: `coop-cloud.\${STACK_NAME}.version=${value}` };
    }
  },
  {
    id: "CC013",
    title: "version label matches the release tag",
    level: "error",
    check(input) {
      const { value, where } = onApp(input);
      const { git } = input;
      const onHead = git.releases.find((r) => r.commit === git.head);
      const latest = git.releases[0];
      const problems = [];
      if (value && import_semver.default.valid(value)) {
        if (onHead && value !== onHead.tag)
          problems.push({
            message: `coop-cloud.\${STACK_NAME}.version is ${value}, but this commit is release ${onHead.tag}; set the label to ${onHead.tag}`,
            source: where
          });
        else if (!onHead && latest && import_semver.default.compareBuild(value, latest.tag) < 0)
          problems.push({
            message: `coop-cloud.\${STACK_NAME}.version is ${value}, older than the latest release ${latest.tag}; set it to ${latest.tag} or to the release this change becomes`,
            source: where
          });
      }
      return { problems, passed: onHead ? `the label is release ${onHead.tag}` : "the label is not older than the latest release" };
    }
  }
];

// src/lint/finding.ts
var at = (s) => s ? `${s.file}${s.line ? `:${s.line}` : ""}` : "";
var findingLine = (f) => `${f.rule} ${f.source ? `${at(f.source)}: ` : ""}${f.message}`;

// src/lint/index.ts
var order = (id) => (id.startsWith("R") ? 0 : 1e3) + Number(id.replace(/\D/g, ""));
var RULES = [
  ...abraRules,
  ...swarmRules,
  ...envRules,
  ...healthRules,
  ...backupRules,
  ...versionRules,
  ...routingRules,
  ...abraEnvRules
].sort((a, b) => order(a.id) - order(b.id));
function lint(input) {
  return RULES.flatMap((rule) => {
    const { problems, passed } = rule.check(input);
    const base = { rule: rule.id, title: rule.title, level: rule.level, blocksDeploy: rule.blocksDeploy };
    if (problems.length === 0) return [{ ...base, ok: true, message: passed }];
    return problems.map((p) => ({ ...base, ok: false, message: p.message, source: p.source }));
  });
}
var deployBlockers = (findings) => findings.filter((f) => !f.ok && f.blocksDeploy);

// src/operations/lint.ts
var findingAssertion = (f) => ({
  name: `${f.rule} ${f.title}`,
  status: f.ok ? "pass" : f.level === "error" ? "fail" : "warn",
  detail: f.ok || !f.source ? f.message : `${at(f.source)}: ${f.message}`,
  ...f.source && !f.ok ? { source: { file: f.source.file, line: f.source.line ?? null } } : {}
});
var lint2 = {
  name: "lint",
  needs: [],
  async run(ctx) {
    const findings = ctx.facts.findings;
    const assertions = findings.map(findingAssertion);
    const errors = findings.filter((f) => !f.ok && f.level === "error");
    const warnings = findings.filter((f) => !f.ok && f.level === "warn");
    const rules = (fs) => [...new Set(fs.map((f) => f.rule))].join(", ");
    const listed = errors.map(findingLine);
    if (errors.length)
      return fail(`${errors.length} error(s): ${listed.join("; ")}`, assertions, { reason: "lint_failed", event: listed.join("; ") });
    const checked = new Set(findings.map((f) => f.rule)).size;
    return pass(
      warnings.length ? `${checked} rules checked; ${warnings.length} warning(s): ${rules(warnings)}` : `${checked} rules passed`,
      assertions
    );
  }
};

// src/operations/serving.ts
var defaultOkStatus = (s) => s >= 200 && s < 400 || s === 401;
var SERVE_WINDOW_MS = 6e4;
var NOTES_SHOWN = 3;
var FALLBACK_BODIES = [
  /^404 page not found\s*$/i,
  /no available server/i,
  /^Bad Gateway\s*$/i,
  /^Service Unavailable\s*$/i,
  /<title>404 Not Found<\/title>/i
];
var isFallbackBody = (body) => FALLBACK_BODIES.some((re) => re.test(body.trim()));
function probePlans(services, app, config, probe = {}) {
  const labelled2 = services.map((s) => ({ name: s.swarmName, labels: s.labels, networks: s.networks }));
  const { plans } = planProbes(labelled2, routingOptions(app.domain, config.traefik, probe.path));
  const chosen = probe.service ? plans.filter((p) => p.outcome.kind === "forward" && recipeService(app, p.outcome.service) === probe.service) : plans;
  if (probe.service && chosen.length === 0)
    return `probe.service ${probe.service} has no traefik router (traefik.enable=true and a router rule)`;
  const seen = /* @__PURE__ */ new Set();
  return chosen.filter((p) => !seen.has(p.label) && seen.add(p.label));
}
function judge(r, probe = {}) {
  if ("error" in r) return { ok: false, detail: r.error };
  if (r.status === 404 || !(probe.status ? probe.status.includes(r.status) : defaultOkStatus(r.status)))
    return { ok: false, detail: `${r.status}` };
  if (isFallbackBody(r.body)) return { ok: false, detail: `${r.status} with a fallback page "${r.body.trim().slice(0, 40)}"` };
  if (probe.body) {
    try {
      if (!boundedTest(new RegExp(probe.body), r.body))
        return { ok: false, detail: `${r.status}, but the body does not match /${probe.body}/` };
    } catch (e) {
      if (e instanceof RegexTimeout) return { ok: false, detail: `probe.body: ${e.message}` };
      throw e;
    }
  }
  return { ok: true, detail: `${r.status}` };
}
async function probeOnce(backend, plan, probe, signal) {
  const o = plan.outcome;
  if (o.kind === "unroutable") return { ok: false, detail: o.detail, final: true };
  if (o.kind === "redirect") {
    const by = o.middleware.endsWith("@internal") ? "the web entrypoint" : `middleware ${o.middleware}`;
    return o.ownDomain ? { ok: true, detail: `${o.status} redirect to ${o.location} by ${by}: the app's own domain, so serving`, final: true } : { ok: false, detail: `${o.status} redirect to ${o.location} by ${by}, away from the app's domain`, final: true };
  }
  const { method, path, headers } = o.request;
  const r = await backend.http(
    { service: o.service, port: o.port, exchange: { scheme: o.scheme, method, path, headers: { ...headers, host: o.request.host } } },
    signal
  ).catch((e) => ({ error: e.message }));
  if (o.auth && "status" in r && r.status === 401)
    return { ok: true, detail: `401: serving behind ${o.auth.type} (middleware ${o.auth.middleware})`, final: false, response: r };
  return { ...judge(r, probe), final: false, ..."status" in r ? { response: r } : {} };
}
function notServing(served, assertions, when = "") {
  const detail = served.assertion.detail;
  return fail(`not serving${when}: ${detail}`, assertions, { reason: "not_serving", service: served.service, event: detail });
}
async function serving(ctx) {
  if (!ctx.generic) return { assertion: genericSkipped("serving") };
  const config = ctx.facts.overlays.config;
  const probe = config.probe ?? {};
  const plans = probePlans(await ctx.backend.services(), ctx.app, config, probe);
  if (typeof plans === "string") return { assertion: { name: "serving", status: "fail", detail: plans }, service: probe.service };
  if (plans.length === 0)
    return { assertion: { name: "serving", status: "skip", detail: "no HTTP router: no service has traefik.enable=true and a router" } };
  const window = linkedSignal([ctx.signal], SERVE_WINDOW_MS);
  try {
    return await probeUntilServing(ctx, plans, probe, window.signal);
  } finally {
    window.dispose();
  }
}
async function probeUntilServing(ctx, plans, probe, signal) {
  const results = [];
  const short = (p) => p.label.replaceAll(`${ctx.app.stack}_`, "");
  const service = (p) => p.outcome.kind === "forward" ? recipeService(ctx.app, p.outcome.service) : void 0;
  for (const p of plans) {
    let last = "no answer yet";
    let ok = false;
    for (; ; ) {
      const r = await probeOnce(ctx.backend, p, probe, signal);
      if (signal.aborted) break;
      last = r.detail;
      if (r.ok || r.final) {
        ok = r.ok;
        break;
      }
      ctx.progress(`serving: ${short(p)}: ${last}`);
      if (!await sleep(1e3, signal).then(
        () => true,
        () => false
      ))
        break;
    }
    if (signal.aborted && ctx.signal.aborted && !(ctx.signal.reason instanceof OpTimeout)) throw ctx.signal.reason;
    if (!ok) return { assertion: { name: "serving", status: "fail", detail: withNotes(`${short(p)}: ${last}`, p) }, service: service(p) };
    results.push(withNotes(`${short(p)}: ${last}`, p));
  }
  return { assertion: { name: "serving", status: "pass", detail: results.join("; ") } };
}
function withNotes(detail, p) {
  if (!p.notes.length) return detail;
  const more = p.notes.length > NOTES_SHOWN ? ` (+${p.notes.length - NOTES_SHOWN} more)` : "";
  return `${detail} [${p.notes.slice(0, NOTES_SHOWN).join("; ")}${more}]`;
}

// src/operations/install.ts
var install = {
  name: "install",
  needs: [],
  blockedBy(ctx) {
    const blockers = deployBlockers(ctx.facts.findings);
    if (!blockers.length) return null;
    return {
      reason: `the swarm would refuse this deploy: ${blockers.map(findingLine).join("; ")}`,
      assertions: blockers.map(findingAssertion)
    };
  },
  async run(ctx) {
    let since;
    try {
      since = await ctx.deploys.deploy(ctx.signal);
    } catch (e) {
      return rejected(e);
    }
    const conv = await converged(ctx, since, ctx.deploys.current?.wait);
    if (conv.failed) return conv.failed;
    const served = await serving(ctx);
    const serve = served.assertion;
    const assertions = [conv.assertion, serve];
    if (serve.status === "fail") return notServing(served, assertions);
    return pass(serve.status === "skip" ? `converged; serving check skipped (${serve.detail})` : "converged and serving", assertions);
  }
};

// src/operations/restore.ts
import { join as join3 } from "node:path";
var restore = {
  name: "restore",
  needs: ["backup"],
  async run(ctx) {
    const taken = ctx.from.backup;
    if (!taken) return skip("nothing to restore: backup was skipped (not backup-capable)");
    const { snapshot, witness } = taken;
    for (const v of snapshot.volumes) checkVolumeName(v.volume, "volume");
    const assertions = [];
    if (witness) {
      await ctx.backend.volumes.write(witness.volume, witness.path, "\ncc-ci: changed after backup\n", witness.kind === "file");
      const changed = await ctx.backend.volumes.sha256(witness.volume, witness.path);
      if (changed === witness.expected)
        return fail(`could not change ${witness.path} after backup, so restore cannot be proven`, [], { reason: "restore_mismatch" });
      assertions.push({ name: "changed after backup", status: "pass", detail: `${witness.volume}:${witness.path}` });
    }
    const byTool = taken.tool && ctx.backend.backupTool ? { tool: ctx.backend.backupTool, ...taken.tool } : void 0;
    const failed = byTool ? await restoreWithTool(ctx, byTool.tool, byTool.id, assertions) : await restoreSnapshot(ctx, taken, assertions);
    if (failed) return failed;
    if (witness) {
      const now = await ctx.backend.volumes.sha256(witness.volume, witness.path);
      const detail = `${witness.volume}:${witness.path}`;
      if (now !== witness.expected) {
        const a = {
          name: "back as backed up",
          status: "fail",
          detail: `${detail} ${now ? "differs from" : "is missing, unlike"} the snapshot`
        };
        const service = snapshot.volumes.find((v) => v.volume === witness.volume)?.service;
        return fail(`restore did not bring ${witness.path} back as it was at backup`, [...assertions, a], {
          reason: "restore_mismatch",
          service,
          event: a.detail
        });
      }
      assertions.push({ name: "back as backed up", status: "pass", detail });
    }
    const served = await serving(ctx);
    const serve = served.assertion;
    assertions.push(serve);
    if (serve.status === "fail") return notServing(served, assertions, " after restore");
    const what = byTool ? `${byTool.label} restored ${byTool.id || "its latest backup"}` : `restored ${snapshot.id}`;
    return pass(`${what}${witness ? "; data back as backed up" : ""}${serve.status === "pass" ? "; serving" : ""}`, assertions);
  }
};
async function restoreSnapshot(ctx, { snapshot }, assertions) {
  const services = await ctx.backend.services();
  const { targets } = backupTargets(services, ctx.app.stack);
  const restored = targets.filter((t) => snapshot.volumes.some((v) => v.service === t.service));
  for (const t of targets) {
    if (!t.hooks.restorePre) continue;
    const hook = await runLabelHook(ctx, t, "restore pre-hook", t.hooks.restorePre);
    assertions.push(hook.assertion);
    if (hook.failed) return { ...hook.failed, assertions };
  }
  const replicas = Object.fromEntries(restored.map((t) => [t.swarmName, services.find((s) => s.swarmName === t.swarmName)?.replicas ?? 1]));
  ctx.progress(`stopping ${restored.map((t) => t.service).join(", ")}`);
  await ctx.backend.scale(Object.fromEntries(Object.keys(replicas).map((s) => [s, 0])), ctx.signal);
  for (const v of snapshot.volumes) {
    ctx.progress(`restoring ${v.key} from ${snapshot.id}`);
    await ctx.backend.volumes.restore(v.volume, v.paths, join3(snapshot.dir, v.archive), ctx.signal);
  }
  assertions.push({ name: "restored", status: "pass", detail: `${snapshot.id} into ${snapshot.volumes.map((v) => v.key).join(", ")}` });
  const since = /* @__PURE__ */ new Date();
  await ctx.backend.scale(replicas, ctx.signal);
  const conv = await converged(ctx, since);
  if (conv.failed) return { ...conv.failed, assertions: [...assertions, ...conv.failed.assertions] };
  assertions.push(conv.assertion);
  for (const t of targets) {
    if (!t.hooks.restorePost) continue;
    const hook = await runLabelHook(ctx, t, "restore post-hook", t.hooks.restorePost);
    assertions.push(hook.assertion);
    if (hook.failed) return { ...hook.failed, assertions };
  }
  return null;
}
async function restoreWithTool(ctx, tool, id, assertions) {
  const since = /* @__PURE__ */ new Date();
  try {
    await tool.restore(id, ctx.signal, (d) => ctx.progress(`${tool.label}: ${d}`));
  } catch (e) {
    if (!(e instanceof BackupToolFailed)) throw e;
    const a = { name: `${tool.label} restore`, status: "fail", detail: e.message };
    return fail(e.message, [...assertions, a], { reason: "restore_mismatch", event: e.message, lines: e.lines });
  }
  assertions.push({ name: `${tool.label} restore`, status: "pass", detail: id || "its latest backup" });
  const conv = await converged(ctx, since);
  if (conv.failed) return { ...conv.failed, assertions: [...assertions, ...conv.failed.assertions] };
  assertions.push(conv.assertion);
  return null;
}

// src/operations/upgrade-marker.ts
import { randomBytes as randomBytes3 } from "node:crypto";
var UPGRADE_MARKER = ".cc-ci-upgrade-marker";
async function placeMarker(ctx) {
  const services = await ctx.backend.services();
  const spot = await backedUpDir(ctx, services) ?? firstVolume(services);
  if (!spot) return { why: "no service mounts a volume" };
  const content = `cc-ci upgrade marker ${randomBytes3(6).toString("hex")}
`;
  const path = spot.dir ? `${spot.dir}/${UPGRADE_MARKER}` : UPGRADE_MARKER;
  await ctx.backend.volumes.write(spot.volume, path, content);
  return { marker: { service: spot.service, target: spot.target, volume: spot.volume, path, sha256: sha256(content) } };
}
async function backedUpDir(ctx, services) {
  const { targets, problems } = backupTargets(services, ctx.app.stack);
  if (problems.length) return void 0;
  for (const t of targets) {
    const svc = services.find((s) => s.name === t.service);
    for (const v of t.volumes) {
      const target = svc?.mounts.find((m) => m.volume === v.volume)?.target;
      if (!target) continue;
      for (const dir of v.paths ?? [""]) {
        if (dir === "" || await ctx.backend.volumes.kind(v.volume, dir) === "dir")
          return { service: t.service, target, volume: v.volume, dir };
      }
    }
  }
  return void 0;
}
function firstVolume(services) {
  const ordered = [...services.filter((s) => s.name === "app"), ...services.filter((s) => s.name !== "app")];
  for (const s of ordered) {
    const m = s.mounts[0];
    if (m) return { service: s.name, target: m.target, volume: m.volume, dir: "" };
  }
  return void 0;
}
async function checkMarker(ctx, m) {
  const services = await ctx.backend.services();
  const mountedAt = `${m.service}:${m.target}`;
  const named = (v) => recipeService(ctx.app, v);
  const now = services.find((s) => s.name === m.service)?.mounts.find((x) => x.target === m.target)?.volume;
  const holder = now ? m.service : services.find((s) => s.mounts.some((x) => x.volume === m.volume))?.name;
  if (!holder) return lost(`${mountedAt} is no longer mounted, and no service mounts ${named(m.volume)}, which held the data`);
  const volume = now ?? m.volume;
  const place = now ? `${mountedAt} is volume ${named(volume)}` : `${mountedAt} is no longer mounted; ${holder} mounts ${named(volume)}`;
  const moved = now && now !== m.volume ? ` (was ${named(m.volume)}: a new, empty volume)` : "";
  const found = await ctx.backend.volumes.sha256(volume, m.path);
  if (found === m.sha256) return { name: "data kept", status: "pass", detail: `${place}: ${m.path} as written before the upgrade` };
  return lost(`${place}${moved}: ${m.path}, written before the upgrade, is ${found === void 0 ? "gone" : "changed"}`);
}
var lost = (detail) => ({ name: "data kept", status: "fail", detail });

// src/operations/upgrade.ts
var upgrade = {
  name: "upgrade",
  needs: ["install"],
  async run(ctx) {
    const path = ctx.facts.path;
    if (!path.length) return skip(ctx.facts.noBaseReason);
    const targets = [
      ...path.slice(1).map((r) => ({ to: r.release.tag, intended: r.intended })),
      { to: "head", intended: ctx.facts.headPlan }
    ];
    const hops = path.map((r, i) => ({
      from: r.release.tag,
      to: targets[i].to,
      status: "skip",
      durationMs: 0,
      detail: "not run"
    }));
    const chained = hops.length > 1;
    const assertions = [];
    let marker;
    if (ctx.generic) {
      try {
        const placed = await placeMarker(ctx);
        if ("why" in placed)
          assertions.push({ name: "data kept", status: "skip", detail: `${placed.why}: no data to follow across the upgrade` });
        else marker = placed.marker;
      } catch (e) {
        return { ...thrown(e, ctx.signal), hops };
      }
    }
    let served = false;
    for (const [i, hop] of hops.entries()) {
      const started = Date.now();
      let outcome;
      try {
        outcome = await moveOnce(ctx, hop, targets[i].intended, marker);
      } catch (e) {
        outcome = thrown(e, ctx.signal);
      }
      hop.status = outcome.status === "fail" ? "fail" : "pass";
      hop.durationMs = Date.now() - started;
      hop.detail = outcome.reason;
      const label = `${hop.from} \u2192 ${hop.to}`;
      assertions.push(...chained ? outcome.assertions.map((a) => ({ ...a, name: `${label}: ${a.name}` })) : outcome.assertions);
      served = outcome.assertions.some((a) => a.name === "serving" && a.status === "pass");
      if (outcome.status !== "fail") continue;
      for (const later of hops.slice(i + 1)) later.detail = `not run: ${label} failed`;
      if (!chained) return { ...outcome, assertions, hops };
      const failure = outcome.failure && { ...outcome.failure, event: `hop ${label}: ${outcome.failure.event ?? outcome.reason}` };
      return { ...outcome, reason: `hop ${label}: ${outcome.reason}`, assertions, hops, ...failure ? { failure } : {} };
    }
    const last = hops.at(-1).detail;
    const route = chained ? `${[...hops.map((h) => h.from), ctx.facts.headPlan.version ?? "head"].join(" \u2192 ")} in place, ${hops.length} hops` : last;
    return { ...pass(chained ? `${route}${served ? "; serving" : ""}` : route, assertions), hops };
  }
};
async function moveOnce(ctx, hop, intended, marker) {
  let up;
  try {
    up = await ctx.deploys.upgrade(ctx.signal);
  } catch (e) {
    return rejected(e);
  }
  const added = up.addedKeys.length ? `; env keys added from ${hop.to}'s .env.sample: ${up.addedKeys.join(", ")}` : "";
  const assertions = [{ name: "deployed", status: "pass", detail: `${hop.from} \u2192 ${hop.to}${added}` }];
  const conv = await converged(ctx, up.since, up.plan.wait);
  if (conv.failed) return { ...conv.failed, assertions: [...assertions, ...conv.failed.assertions] };
  assertions.push(conv.assertion);
  if (!ctx.generic) {
    assertions.push(genericSkipped("images"), genericSkipped("version label"), (await serving(ctx)).assertion);
    return pass(`${hop.from} \u2192 ${hop.to} in place (generic assertions skipped)`, assertions);
  }
  const services = await ctx.backend.services();
  const wrong = Object.entries(intended.images).map(([name, image]) => ({ name, image, running: services.find((s) => s.name === name)?.image })).filter((s) => s.running !== s.image);
  if (wrong.length) {
    const detail = wrong.map((s) => `${s.name} runs ${s.running ?? "nothing"}, ${hop.to} declares ${s.image}`).join("; ");
    return fail(`not on ${hop.to}'s images: ${detail}`, [...assertions, { name: "images", status: "fail", detail }], {
      reason: "upgrade_incomplete",
      service: wrong[0].name,
      event: detail
    });
  }
  assertions.push({
    name: "images",
    status: "pass",
    detail: Object.entries(intended.images).map(([n, i]) => `${n}=${i}`).join(" ")
  });
  const label = `coop-cloud.${ctx.app.stack}.version`;
  if (intended.version) {
    const deployed = services.map((s) => s.labels[label]).find((v) => v !== void 0);
    if (deployed !== intended.version) {
      const detail = `${label} is ${deployed ?? "missing"}, ${hop.to} declares ${intended.version}`;
      return fail(detail, [...assertions, { name: "version label", status: "fail", detail }], {
        reason: "upgrade_incomplete",
        event: detail
      });
    }
    assertions.push({ name: "version label", status: "pass", detail: `${label}=${deployed}` });
  } else assertions.push({ name: "version label", status: "skip", detail: `${hop.to} declares no ${label} label` });
  const served = await serving(ctx);
  const serve = served.assertion;
  assertions.push(serve);
  if (serve.status === "fail") return notServing(served, assertions, " after the upgrade");
  if (marker) {
    const kept = await checkMarker(ctx, marker);
    assertions.push(kept);
    if (kept.status === "fail") return fail(kept.detail, assertions, { reason: "data_lost", service: marker.service, event: kept.detail });
  }
  const to = hop.to === "head" ? intended.version ?? "head" : hop.to;
  return pass(`${hop.from} \u2192 ${to} in place${serve.status === "pass" ? "; serving" : ""}`, assertions);
}

// src/operations/index.ts
var OPERATIONS = [lint2, install, upgrade, backup, restore, custom];

// src/engine/announce.ts
function announceCustomization(overlays, events) {
  const found = overlays.manifest.filter((m) => m.source !== "built-in" || !m.used);
  if (found.length === 0) events.info("customization: none (generic suite only)");
  for (const m of found)
    events.info(`customization: ${m.path ?? m.item} (${m.source}) ${m.used ? "used" : "not used"}${m.note ? `: ${m.note}` : ""}`);
  for (const w of overlays.warnings) events.warn(w);
  const skipped = overlays.config["skip-generic"] ?? [];
  if (skipped.length)
    events.warn(`generic assertions are OFF for ${skipped.join(", ")} (config.yml skip-generic): only the overlay's tests judge them`);
}

// src/engine/with-overlays.ts
import { join as join6 } from "node:path";

// src/overlays/executables.ts
import { chmodSync, closeSync, createWriteStream, mkdirSync as mkdirSync2, openSync, readSync, writeFileSync as writeFileSync2 } from "node:fs";
import { basename, join as join5 } from "node:path";
import { spawn } from "node:child_process";

// src/util/install-dir.ts
import { realpathSync } from "node:fs";
import { dirname, join as join4 } from "node:path";
function distDir() {
  return dirname(realpathSync(process.argv[1] ?? "."));
}
function bundledOverlaysDir() {
  return process.env.CCCI_OVERLAYS_DIR || join4(distDir(), "..", "overlays");
}

// src/util/line-buffer.ts
function lineBuffer(onLine, max = 64 * 1024) {
  let pending = Buffer.alloc(0);
  return {
    write(chunk) {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      for (let nl = pending.indexOf(10); nl >= 0; nl = pending.indexOf(10)) {
        onLine(pending.subarray(0, nl + 1));
        pending = pending.subarray(nl + 1);
      }
      while (pending.length > max) {
        onLine(pending.subarray(0, max));
        pending = pending.subarray(max);
      }
    },
    flush() {
      if (pending.length) onLine(pending);
      pending = Buffer.alloc(0);
    },
    /** Drops what waits for its newline (a cut-off line). */
    discard() {
      pending = Buffer.alloc(0);
    }
  };
}

// src/overlays/executables.ts
function contractEnv(c, op) {
  const own = ownEnv();
  return {
    ...own,
    CCCI_RECIPE: c.recipe,
    CCCI_RECIPE_DIR: c.recipeDir,
    CCCI_DOMAIN: c.domain,
    CCCI_STACK: c.stack,
    CCCI_OP: op,
    CCCI_BACKEND: c.backend,
    CCCI_STATE_DIR: c.stateDir,
    CCCI_ENV_FILE: c.envFile,
    CCCI_BASE_VERSION: c.baseVersion,
    CCCI_HEAD_VERSION: c.headVersion,
    CCCI_SNAPSHOT: c.snapshot ?? "",
    PATH: `${helperBin(c.stateDir)}:${own.PATH ?? "/usr/local/bin:/usr/bin:/bin"}`
  };
}
var launchers = /* @__PURE__ */ new Set();
function helperBin(stateDir) {
  const bin = join5(stateDir, "bin");
  if (launchers.has(bin)) return bin;
  launchers.add(bin);
  mkdirSync2(bin, { recursive: true });
  const quote = (s) => `'${s.replace(/'/g, `'\\''`)}'`;
  writeFileSync2(join5(bin, "cc-ci"), `#!/bin/sh
exec ${quote(process.execPath)} ${quote(join5(distDir(), "cli.js"))} "$@"
`);
  chmodSync(join5(bin, "cc-ci"), 493);
  return bin;
}
var KEEP_LINES = 200;
var KILL_GRACE_MS = 5e3;
var PIPE_GRACE_MS = 2e3;
var LOG_LIMIT = 16 * 1024 * 1024;
var LINE_LIMIT = 8 * 1024;
function runExecutable(file, env, cwd, logDir, signal, redact = (b) => b) {
  mkdirSync2(logDir, { recursive: true });
  const log = join5(logDir, `${file.source}-${file.rel.replace(/\//g, "_")}.log`);
  const out = createWriteStream(log);
  const logLines = lineBuffer((line) => out.write(redact(line)));
  return waitingOn(
    new Promise((resolve, reject) => {
      const child = spawn("/bin/sh", ["-c", 'exec "$0" 2>&1', file.path], { cwd, env, stdio: ["ignore", "pipe", "ignore"], detached: true });
      const tail = [];
      let partial = "";
      let killed = false;
      let logged = 0;
      const onData = (chunk) => {
        if (logged < LOG_LIMIT) {
          logLines.write(chunk.subarray(0, LOG_LIMIT - logged));
          if ((logged += chunk.length) >= LOG_LIMIT) {
            logLines.discard();
            out.write(`
[cc-ci: output after ${LOG_LIMIT} bytes not kept]
`);
          }
        }
        const lines = (partial + chunk.toString("utf8")).split("\n");
        partial = lines.pop().slice(0, LINE_LIMIT);
        tail.push(...lines.slice(-KEEP_LINES).map((l) => l.slice(0, LINE_LIMIT)));
        if (tail.length > KEEP_LINES) tail.splice(0, tail.length - KEEP_LINES);
      };
      child.stdout.on("data", onData);
      const group = (sig) => {
        try {
          process.kill(-child.pid, sig);
          return true;
        } catch {
          return false;
        }
      };
      let killTimer;
      const kill = () => {
        killed = true;
        group("SIGTERM");
        killTimer = setTimeout(() => group("SIGKILL"), KILL_GRACE_MS);
        killTimer.unref();
      };
      if (signal.aborted) kill();
      else signal.addEventListener("abort", kill, { once: true });
      child.on("exit", () => setTimeout(() => child.stdout.destroy(), PIPE_GRACE_MS).unref());
      child.on("error", (e) => reject(new Error(`cannot run ${basename(file.path)}: ${e.message}`)));
      child.on("close", (code, sig) => {
        signal.removeEventListener("abort", kill);
        if (killTimer && !group(0)) clearTimeout(killTimer);
        if (partial) tail.push(partial);
        logLines.flush();
        out.end(() => resolve({ code: code ?? (sig ? 128 + 15 : 1), lines: tail.slice(-KEEP_LINES), log, killed }));
      });
    })
  );
}
function checkInterpreter(file) {
  const head = Buffer.alloc(256);
  const fd = openSync(file.path, "r");
  let n;
  try {
    n = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  const first = head.subarray(0, n).toString("utf8").split("\n")[0];
  if (!first.startsWith("#!")) return;
  if (first.endsWith("\r")) throw new UserError("its #! line ends in a carriage return (Windows line endings); save it with LF line endings (a .gitattributes line `*.sh text eol=lf` keeps them)", file.shown, 1);
  const [interpreter, ...args] = first.slice(2).trim().split(/[ \t]+/);
  if (!interpreter) return;
  const refuse = (name) => new UserError(`its #! line names ${name}, which is not installed where hooks run; use /bin/sh, or a program the runner has`, file.shown, 1);
  if (!isExecutable(interpreter)) throw refuse(interpreter);
  const program = /(^|\/)env$/.test(interpreter) ? args.find((a) => !a.startsWith("-") && !a.includes("=")) : void 0;
  if (program && !program.includes("/") && onOwnPath(program) === program) throw refuse(`${program} (through ${interpreter})`);
}

// src/engine/with-overlays.ts
var REASON_LINES = 3;
function contractOf(ctx) {
  const { app, facts } = ctx;
  return {
    recipe: app.recipe.name,
    recipeDir: app.recipe.dir,
    domain: app.domain,
    stack: app.stack,
    backend: ctx.backend.name,
    stateDir: facts.stateDir,
    envFile: app.envFile,
    baseVersion: facts.path[0]?.release.tag ?? "",
    headVersion: facts.headPlan.version ?? "",
    snapshot: ctx.from.backup?.snapshot.id
  };
}
async function runOne(ctx, file, kind) {
  ctx.progress(`${kind} ${file.shown}`);
  const r = await runExecutable(
    file,
    contractEnv(contractOf(ctx), ctx.op),
    ctx.app.recipe.dir,
    join6(ctx.facts.stateDir, "logs", ctx.op),
    ctx.signal,
    ctx.redact
  );
  if (r.code === 0) return { assertion: { name: file.shown, status: "pass", detail: r.lines.filter(Boolean).at(-1) ?? "exit 0" } };
  const last = r.lines.filter((l) => l.trim()).slice(-REASON_LINES).join(" | ");
  const cause = r.killed && ctx.signal.aborted ? ctx.signal.reason : void 0;
  if (cause !== void 0 && !(cause instanceof OpTimeout)) throw cause;
  const detail = cause ? `did not finish: the op ${cause.message}${last ? `; last output: ${last}` : ""}` : `exit ${r.code}${last ? `: ${last}` : ""}`;
  const reason = cause ? "timeout" : kind === "hook" ? "hook_failed" : "test_failed";
  return {
    assertion: { name: file.shown, status: "fail", detail },
    failed: fail(cause ? `${file.shown} ${detail}` : `${file.shown} failed (${detail})`, [], {
      reason,
      ...cause ? {} : { exitCode: r.code },
      event: `${file.shown} (full output: ${r.log})`,
      lines: r.lines
    })
  };
}
function withOverlays(op) {
  return {
    ...op,
    async run(ctx) {
      const { overlays } = ctx.facts;
      const disabled = overlays.config.skip?.[op.name];
      if (disabled) return skip(`disabled by config: ${disabled}`);
      const before = [];
      for (const file of [op.name === "install" ? overlays.installSteps : void 0, overlays.preHooks[op.name]]) {
        if (!file) continue;
        const r = await runOne(ctx, file, "hook");
        before.push(r.assertion);
        if (r.failed) return { ...r.failed, assertions: before };
      }
      const outcome = await op.run(ctx);
      const assertions = [...before, ...outcome.assertions];
      if (outcome.status !== "pass") return { ...outcome, assertions };
      const tests = overlays.tests[op.name] ?? [];
      let failed;
      for (const file of tests) {
        if (ctx.signal.aborted) {
          assertions.push({ name: file.shown, status: "skip", detail: "not run: the op's time was up" });
          continue;
        }
        const r = await runOne(ctx, file, "test");
        assertions.push(r.assertion);
        failed ??= r.failed;
      }
      const hops = outcome.hops ? { hops: outcome.hops } : {};
      if (failed) return { ...failed, assertions, ...hops };
      const passed = `${tests.length} overlay test(s) passed`;
      const reason = !tests.length ? outcome.reason : outcome.reason ? `${outcome.reason}; ${passed}` : passed;
      return { ...pass(reason, assertions, outcome.output), ...hops };
    }
  };
}

// src/overlays/overlays.ts
import { join as join8 } from "node:path";

// src/overlays/config.ts
import { existsSync } from "node:fs";
var EnvMap = external_exports.record(external_exports.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "env keys are variable names: letters, digits, _"), external_exports.union([external_exports.string(), external_exports.number(), external_exports.boolean()]).transform(String)).describe("Variables as KEY: value");
var Status = external_exports.number().int().min(100).max(599);
function isRegExp(s) {
  try {
    new RegExp(s);
    return true;
  } catch {
    return false;
  }
}
var perOp = (value) => external_exports.strictObject(Object.fromEntries(OP_NAMES.map((op) => [op, value.optional()])));
var ConfigSchema = external_exports.strictObject({
  env: EnvMap.describe("Extra variables added to the app's env file before the deploy (like `abra app config`).").optional(),
  upgrade: external_exports.strictObject({
    from: external_exports.string().min(1).describe(
      "Where the upgrade starts and which releases it passes through: previous, none, a release tag, chain (every release before head), chain:N (the last N) or TAG,TAG,... (oldest first). The upgrade-from input or flag, when given, wins."
    ).optional(),
    env: EnvMap.describe("Extra variables added to the app's env file just before the upgrade deploy.").optional()
  }).describe("Settings for the upgrade op.").optional(),
  probe: external_exports.strictObject({
    service: external_exports.string().min(1).describe("Probe only the routers of this service (the recipe's name for it, e.g. app).").optional(),
    path: external_exports.string().startsWith("/").describe("Path to GET instead of the router rule's path, e.g. /health.").optional(),
    status: external_exports.array(Status).min(1).describe("Statuses that count as serving (default: 200-399 and 401). 404 is never allowed.").optional(),
    body: external_exports.string().min(1).refine(isRegExp, "is not a valid regular expression; escape a literal ( [ { . * + ? with a backslash").describe("A regular expression the response body must match.").optional()
  }).describe("The serving check (install, upgrade, restore, and `cc-ci http`).").optional(),
  traefik: external_exports.strictObject({
    version: external_exports.enum(["v2", "v3"]).describe("The traefik major the recipe's operators run (default v3): it decides stripprefix's forceSlash default and the provider's label names.").optional(),
    "rule-syntax": external_exports.enum(["v2", "v3"]).describe("Rule syntax for routers without a ruleSyntax label, as traefik's core.defaultRuleSyntax (default v2, which Host(`a`, `b`) needs).").optional()
  }).describe("How the serving check reads the traefik labels (docs/routing.md).").optional(),
  timeouts: perOp(external_exports.number().int().positive()).describe("Time limit per op in seconds (default 300). The timeout input or flag, when given, wins.").optional(),
  skip: perOp(external_exports.string().min(1)).describe('Ops this recipe does not run, each with the reason shown in the summary ("disabled by config: <reason>").').optional(),
  "skip-generic": external_exports.array(OpName).describe("Ops whose generic assertions (serving, images, version label, snapshot completeness, restore proof) are not run; only the overlay's tests judge them. Flagged in the summary.").optional()
}).describe("cc-ci overlay configuration (.cc-ci/config.yml)");
function readConfig(path, shown) {
  if (!existsSync(path)) return { config: {} };
  const yaml = readYamlFile(path, shown);
  if (yaml.data === null || yaml.data === void 0) return { config: {}, yaml };
  const parsed = ConfigSchema.safeParse(yaml.data);
  if (parsed.success) return { config: parsed.data, yaml };
  throw configError(yaml, parsed.error.issues[0]);
}
function configError(yaml, issue) {
  const path = issue.path.filter((p) => typeof p !== "symbol");
  const where = path.join(".") || "the file";
  const line = yaml.lineOf(path) ?? yaml.lineOf(path.slice(0, -1));
  const error = (message, at2 = line) => new UserError(message, yaml.shown, at2);
  switch (issue.code) {
    case "unrecognized_keys": {
      const key2 = [...path, issue.keys[0]];
      return error(`unknown key "${key2.join(".")}"; ${didYouMean(issue.keys[0], knownKeys(path))}use one of: ${knownKeys(path).join(", ")}`, yaml.lineOf(key2) ?? line);
    }
    case "invalid_type":
      if (!path.length) return error("the file must be a mapping (key: value lines); start it with a key such as env: or probe:");
      return error(`${where} must be ${EXPECTED[issue.expected] ?? `${issue.expected}; see docs/config.md`}`);
    case "invalid_value": {
      const value = valueAt(yaml.data, path);
      return error(`${where} is ${JSON.stringify(value)}; ${didYouMean(String(value), issue.values.map(String))}use one of: ${issue.values.join(", ")}`);
    }
    case "invalid_key":
      return error(`key "${path.at(-1)}": ${issue.issues[0]?.message ?? issue.message}; rename it`);
    case "invalid_union":
      return error(`${where} must be a string, a number or true/false, not a list or mapping; quote it if it is text`);
    case "invalid_format":
      return error(issue.format === "starts_with" ? `${where} must start with "${issue.prefix}"; write it like /health` : `${where} is not a valid ${issue.format}; see docs/config.md`);
    case "too_small":
      if (issue.origin === "array") return error(`${where} must be a list of at least ${issue.minimum} item(s); add one, or remove the key`);
      if (issue.origin === "string") return error(`${where} is empty; give it a value, or remove the key`);
      return error(`${where} must be ${issue.inclusive ? `at least ${issue.minimum}` : `greater than ${issue.minimum}`}; raise it`);
    case "too_big":
      return error(`${where} must be at most ${issue.maximum}; lower it`);
    default:
      return error(`${where}: ${issue.message}`);
  }
}
var EXPECTED = {
  object: "a mapping (key: value lines); write the keys under it, indented",
  array: 'a list; write it as [a, b] or one "- item" per line',
  number: "a number; write it without quotes or units, e.g. 300",
  int: "a whole number; drop the fraction",
  string: "a string; quote it"
};
var valueAt = (data, path) => path.reduce((v, k) => v && typeof v === "object" ? v[k] : void 0, data);
function knownKeys(path) {
  let shape = ConfigSchema;
  for (const p of path) {
    const inner2 = unwrap(shape);
    if (!(inner2 instanceof external_exports.ZodObject)) break;
    shape = inner2.shape[p];
  }
  const inner = unwrap(shape);
  return inner instanceof external_exports.ZodObject ? Object.keys(inner.shape) : [];
}
function unwrap(t) {
  return t instanceof external_exports.ZodOptional ? unwrap(t.unwrap()) : t;
}
function mergeConfigs(...configs) {
  const merge = (a, b) => {
    if (isPlain(a) && isPlain(b)) {
      const out = { ...a };
      for (const [k, v] of Object.entries(b)) out[k] = k in out ? merge(out[k], v) : v;
      return out;
    }
    return b === void 0 ? a : b;
  };
  return configs.reduce((acc, c) => merge(acc, c), {});
}
var isPlain = (v) => typeof v === "object" && v !== null && !Array.isArray(v);

// src/overlays/discover.ts
import { lstatSync, readdirSync, statSync } from "node:fs";
import { dirname as dirname2, join as join7, relative } from "node:path";
var ORDER = ["bundled", "repo-local"];
var PRECEDENCE = ["repo-local", "bundled"];
var IGNORED2 = /(^|\/)\.|(^|\/)README[^/]*$|\.md$/i;
function resolveOverlays(found, opts) {
  const res = { configs: [], preHooks: {}, tests: {}, manifest: [], problems: [] };
  const gated = (f) => f.source === "repo-local" && !opts.repoLocalTrusted;
  const gateNote = "not run: repo-local executable from an untrusted pull request (set allow-repo-local to run it)";
  const item = (f, used, note) => res.manifest.push({ item: f.rel, source: f.source, path: f.shown, used, ...note ? { note } : {} });
  const single = (rel, executable) => {
    const candidates = PRECEDENCE.map((s) => found.find((f) => f.source === s && f.rel === rel)).filter((f) => !!f);
    let winner;
    for (const f of candidates) {
      if (executable && gated(f)) item(f, false, gateNote);
      else if (executable && !f.executable) res.problems.push(notExecutable(f));
      else if (winner) item(f, false, `overridden by ${winner.source} ${winner.shown}`);
      else {
        winner = f;
        item(f, true);
      }
    }
    return winner;
  };
  for (const f of found.filter((f2) => f2.rel === "config.yml").sort((a, b) => ORDER.indexOf(a.source) - ORDER.indexOf(b.source))) {
    res.configs.push(f);
    item(f, true, found.some((o) => o.rel === "config.yml" && o !== f) ? f.source === "repo-local" ? "merged; its keys win" : "merged; repo-local keys win" : void 0);
  }
  res.installSteps = single("install_steps.sh", true);
  res.composeCi = single("compose.ci.yml", false);
  for (const op of OP_NAMES) {
    const hook = single(`hooks/pre-${op}.sh`, true);
    if (hook) res.preHooks[op] = hook;
    const tests = found.filter((f) => f.rel.startsWith(`tests/${op}/`) && !f.rel.slice(`tests/${op}/`.length).includes("/")).sort((a, b) => ORDER.indexOf(a.source) - ORDER.indexOf(b.source) || a.rel.localeCompare(b.rel));
    const runnable = [];
    for (const t of tests) {
      if (gated(t)) item(t, false, gateNote);
      else if (!t.executable) res.problems.push(notExecutable(t));
      else {
        runnable.push(t);
        item(t, true);
      }
    }
    if (runnable.length) res.tests[op] = runnable;
    const skipped = opts.skipGeneric.includes(op);
    res.manifest.push({ item: `generic ${op} assertions`, source: "built-in", path: null, used: !skipped, ...skipped ? { note: "skipped by config skip-generic" } : {} });
  }
  const known = (rel) => FILE_ITEMS.includes(rel) || OP_NAMES.some((op) => rel.startsWith(`tests/${op}/`) && !rel.slice(`tests/${op}/`.length).includes("/"));
  for (const f of found.filter((f2) => !known(f2.rel))) {
    const misnamed = misnamedItem(f.rel);
    if (misnamed) res.problems.push({ file: f, fatal: true, message: `is not an overlay item, so cc-ci would ignore it; ${misnamed}` });
    else res.problems.push({ file: f, fatal: false, message: `${f.shown} is not an overlay item (config.yml, install_steps.sh, compose.ci.yml, hooks/pre-<op>.sh, tests/<op>/<file>); it is ignored` });
  }
  return res;
}
var FILE_ITEMS = ["config.yml", "install_steps.sh", "compose.ci.yml", ...OP_NAMES.map((op) => `hooks/pre-${op}.sh`)];
function misnamedItem(rel) {
  const ops = OP_NAMES.join(", ");
  if (/^hooks\/post[-_]/.test(rel)) return `there are no post-op hooks: hooks are hooks/pre-<op>.sh, and checks after an op go in tests/<op>/; move it`;
  if (rel.startsWith("hooks/")) {
    const meant2 = nearest(rel.slice("hooks/".length), OP_NAMES.map((op2) => `pre-${op2}.sh`));
    if (meant2 || /^hooks\/pre[-_]/.test(rel)) return `${meant2 ? `did you mean hooks/${meant2}? ` : ""}hooks are hooks/pre-<op>.sh, op one of ${ops}; rename it`;
    return void 0;
  }
  const dir = /^tests\/([^/]+)\//.exec(rel)?.[1];
  const op = dir === void 0 || OP_NAMES.includes(dir) ? void 0 : nearest(dir, OP_NAMES);
  if (op) return `did you mean tests/${op}/? tests go in tests/<op>/, op one of ${ops}; move it`;
  const meant = rel.includes("/") ? void 0 : nearest(rel, FILE_ITEMS.filter((i) => !i.includes("/")));
  return meant ? `did you mean ${meant}? rename it` : void 0;
}
var notExecutable = (file) => ({ file, fatal: true, message: "is not executable; run chmod +x on it (and git add --chmod=+x)" });
var MAX_DEPTH = 3;
function listOverlayRoot(source, dir, shownPrefix, root = dirname2(dir)) {
  const rootName = source === "repo-local" ? "recipe" : "overlay";
  if (!lstatSync(dir, { throwIfNoEntry: false })) return [];
  const top = containedPath(root, relative(root, dir), { at: { file: shownPrefix }, rootName });
  if (!statSync(top).isDirectory()) throw new UserError(`is not a directory; overlay files go in a ${shownPrefix}/ directory`, shownPrefix);
  const found = [];
  const walk2 = (at2, depth) => {
    for (const name of readdirSync(at2).sort()) {
      const path = join7(at2, name);
      const rel = relative(dir, path).split("\\").join("/");
      if (IGNORED2.test(rel)) continue;
      const shown = `${shownPrefix}/${rel}`;
      const opts = { at: { file: shown }, rootName };
      const real = containedPath(root, relative(root, path), opts);
      if (statSync(real).isDirectory()) {
        if (FILE_ITEMS.includes(rel)) throw new UserError(`is a directory; ${rel} must be a file`, shown);
        if (depth > 0) walk2(path, depth - 1);
        continue;
      }
      boundedFile(real, { ...opts, maxBytes: /\.ya?ml$/.test(rel) ? MAX_TEXT_BYTES : MAX_DATA_BYTES });
      found.push({ source, rel, path, shown, executable: (statSync(path).mode & 73) !== 0 });
    }
  };
  walk2(dir, MAX_DEPTH);
  return found;
}

// src/overlays/overlays.ts
function loadOverlays(opts) {
  const found = [
    ...listOverlayRoot("repo-local", join8(opts.recipeDir, ".cc-ci"), ".cc-ci"),
    ...listOverlayRoot("bundled", join8(opts.bundledDir, opts.recipe), `overlays/${opts.recipe}`)
  ];
  const configs = found.filter((f) => f.rel === "config.yml");
  const rank = (source) => source === "bundled" ? 0 : 1;
  const read = configs.sort((a, b) => rank(a.source) - rank(b.source)).map((f) => readConfig(f.path, f.shown));
  const config = mergeConfigs(...read.map((r) => r.config));
  const configAt = (path) => {
    for (const { yaml } of [...read].reverse()) {
      const line = yaml?.lineOf(path);
      if (line !== void 0) return { file: yaml.shown, line };
    }
    return void 0;
  };
  const res = resolveOverlays(found, { repoLocalTrusted: opts.repoLocalTrusted, skipGeneric: config["skip-generic"] ?? [] });
  const fatal = res.problems.find((p) => p.fatal);
  if (fatal) throw new UserError(fatal.message, fatal.file.shown);
  for (const file of [res.installSteps, ...Object.values(res.preHooks), ...Object.values(res.tests).flat()]) if (file) checkInterpreter(file);
  return { ...res, config, configAt, warnings: res.problems.map((p) => p.message) };
}
function genericEnabled(overlays, op) {
  return !(overlays.config["skip-generic"] ?? []).includes(op);
}

// src/recipe/host-reach.ts
var NOTABLE = [
  [/^\/(var\/)?run\/docker\.sock$/, "the docker socket (control of the whole Docker host)"],
  [/^\/+$/, "the host's root filesystem"],
  [/^\/(etc|root|home|proc|sys|dev|boot)(\/|$)/, "a host system or home directory"]
];
function describeBind(source) {
  const notable = NOTABLE.find(([re]) => re.test(source))?.[1];
  return `bind-mounts ${source}${notable ? `: ${notable}` : ""}`;
}
function hostReach(set, env) {
  const found = [];
  const val = (v) => typeof v === "string" ? interpolated(v, env) : String(v);
  const hostVolumes = /* @__PURE__ */ new Map();
  const externalVolumes = /* @__PURE__ */ new Map();
  for (const [key2, spec] of set.volumes) {
    const opts = asRecord(spec.driver_opts);
    const device = opts.device === void 0 ? void 0 : val(opts.device);
    if (device !== void 0 || /\bbind\b/.test(val(opts.o ?? ""))) hostVolumes.set(key2, device ?? "a host directory");
    if (isExternal(spec)) externalVolumes.set(key2, val(spec.name ?? asRecord(spec.external).name ?? key2));
  }
  const externalConfigs = new Set([...set.configs].filter(([, c]) => c.external).map(([key2]) => key2));
  const hostNetworks = new Set(
    [...set.networks].filter(([key2, spec]) => val(spec.name ?? asRecord(spec.external).name ?? key2) === "host").map(([key2]) => key2)
  );
  const views = [
    ...[...set.services].map(([service, svc]) => ({
      service,
      raw: svc.raw,
      at: (path) => locate(set, ["services", service, ...path]) ?? { file: svc.file, line: svc.line }
    })),
    ...set.files.flatMap(
      ({ yaml }) => Object.entries(asRecord(asRecord(yaml.data).services)).map(([service, raw]) => ({
        service,
        raw: asRecord(raw),
        at: (path) => ({
          file: yaml.shown,
          line: yaml.lineOf(["services", service, ...path]) ?? yaml.lineOf(["services", service])
        })
      }))
    )
  ];
  for (const { service, raw, at: at2 } of views) {
    const add = (what, ...path) => found.push({ service, what, ...at2(path) });
    (Array.isArray(raw.volumes) ? raw.volumes : []).forEach((v, i) => {
      const long = asRecord(v);
      const short = typeof v === "string" ? parseVolumeSpec(val(v)) : void 0;
      const source = short ? short.source : val(long.source ?? "");
      const bind = short ? short.type === "bind" : val(long.type ?? "volume") === "bind";
      if (bind) add(describeBind(source), "volumes", i);
      else if (hostVolumes.has(source)) add(`mounts volume ${source}, which binds ${hostVolumes.get(source)}`, "volumes", i);
      else if (externalVolumes.has(source))
        add(`mounts external volume ${externalVolumes.get(source)}, which this stack does not own`, "volumes", i);
    });
    const caps = Array.isArray(raw.cap_add) ? raw.cap_add.map(val) : [];
    if (caps.length) add(`adds capabilities ${caps.join(", ")}`, "cap_add");
    const devices = Array.isArray(raw.devices) ? raw.devices.map(val) : [];
    if (devices.length) add(`maps devices ${devices.join(", ")}`, "devices");
    if (serviceRefs(raw.networks).some((n) => hostNetworks.has(n))) add("joins the host's network", "networks");
    for (const c of serviceRefs(raw.configs).filter((c2) => externalConfigs.has(c2)))
      add(`reads external config ${c}, which this stack does not own`, "configs");
  }
  return mergeReach(found);
}
function mergeReach(...lists) {
  const byKey = /* @__PURE__ */ new Map();
  for (const r of lists.flat()) if (!byKey.has(`${r.service}
${r.what}`)) byKey.set(`${r.service}
${r.what}`, r);
  return [...byKey.values()];
}

// src/engine/deploy-guard.ts
var DeployGuard = class {
  /** `hops`: the in-place upgrades the upgrade path allows (one per release on it). */
  constructor(hops = 1) {
    this.hops = hops;
  }
  hops;
  deploys = 0;
  upgrades = 0;
  get count() {
    return this.deploys;
  }
  beforeDeploy() {
    if (this.deploys > 0)
      throw new Error(
        `deploy-count guard: a second deploy was attempted (count would be ${this.deploys + 1}); every op must reuse the one deployment`
      );
    this.deploys++;
  }
  /** The in-place moves along the upgrade path: one per hop, and only on a live deployment. */
  beforeUpgrade() {
    if (this.deploys !== 1) throw new Error("deploy-count guard: upgrade attempted without a live deployment");
    if (this.upgrades >= this.hops)
      throw new Error(`deploy-count guard: upgrade ${this.upgrades + 1} was attempted, but the upgrade path has ${this.hops} hop(s)`);
    this.upgrades++;
  }
};

// src/recipe/refused-key.ts
var REFUSALS = [
  {
    re: /(\S+) Additional property (\S+) is not allowed/,
    key: (m) => m[2],
    fix: (m) => `"${m[2]}" is not a key the compose file format allows there; fix its spelling or remove it`
  },
  {
    re: /invalid interpolation format for (\S+?):? "?required variable (\w+)/,
    fix: (m) => `set ${m[2]} in .env.sample, or in install_steps.sh when it is generated`
  },
  { re: /invalid interpolation format for (\S+?):/, fix: () => "write $$ for a literal $, and ${NAME} or ${NAME:-default} for a variable" },
  { re: /(\S+) must be a ([\w ,]+)/, fix: (m) => `write it as a ${m[2].trim()}` },
  { re: /(\S+) Does not match format '(\w+)'/, fix: (m) => `write it in the compose file's ${m[2]} format` }
];
var ESCAPE_ADVICE = /; you may need to escape any \$ with another \$$/;
function locateRefusal(e, compose, shown = (f) => f) {
  for (const r of REFUSALS) {
    const m = r.re.exec(e.message);
    if (!m) continue;
    const field = m[1] === "(root)" ? [] : m[1].split(".");
    const found = findDotted(compose, r.key ? [...field, r.key(m)] : field) ?? findDotted(compose, field);
    if (!found) return e;
    const at2 = { ...found, file: shown(found.file) };
    return new DeployRejected(`${at2.file}:${at2.line}: ${e.message.replace(ESCAPE_ADVICE, "")}; ${r.fix(m)}`, e.lines, at2);
  }
  return e;
}
function findDotted(compose, segments) {
  for (const { yaml } of compose.files) {
    const keys = keysOf(yaml.data, segments);
    const line = keys && yaml.lineOf(keys);
    if (line !== void 0) return { file: yaml.shown, line };
  }
  return void 0;
}
function keysOf(data, segments) {
  const keys = [];
  let node = data;
  for (let i = 0; i < segments.length; ) {
    const seg = segments[i];
    if (Array.isArray(node)) {
      if (seg === "[]") return keys;
      if (!/^\d+$/.test(seg)) return void 0;
      keys.push(Number(seg));
      node = node[Number(seg)];
      i++;
      continue;
    }
    if (!node || typeof node !== "object") return void 0;
    const map = node;
    let j = segments.length;
    while (j > i && !Object.hasOwn(map, segments.slice(i, j).join("."))) j--;
    if (j === i) return void 0;
    const key2 = segments.slice(i, j).join(".");
    keys.push(key2);
    node = map[key2];
    i = j;
  }
  return keys;
}

// src/engine/deployment.ts
var Deployment = class {
  constructor(prepared, backend, masker) {
    this.prepared = prepared;
    this.backend = backend;
    this.masker = masker;
    this.guard = new DeployGuard(prepared.path.length);
  }
  prepared;
  backend;
  masker;
  guard;
  /** The plan currently deployed (null until the deploy). */
  current = null;
  /** Hops made so far. */
  hops = 0;
  /**
   * Resolves with the time the deploy was issued (task history before it is not this deploy's).
   * Re-plans first: install_steps.sh may have changed the app env file.
   */
  async deploy(signal) {
    this.guard.beforeDeploy();
    const { app, path, head, extraCompose } = this.prepared;
    return this.apply(planDeploy(app, path[0]?.tree ?? head, extraCompose), signal);
  }
  async upgrade(signal) {
    this.guard.beforeUpgrade();
    const { app, head, extraCompose, overlays, path } = this.prepared;
    const to = path[++this.hops]?.tree ?? head;
    const addedKeys = addNewSampleKeys(to, app.envFile);
    if (this.hops === 1) appendEnv(app.envFile, overlays.config.upgrade?.env ?? {}, "added by cc-ci from config.yml upgrade.env");
    const plan = planDeploy(app, to, extraCompose);
    return { since: await this.apply(plan, signal), plan, addedKeys };
  }
  async apply(plan, signal) {
    enforceHostPolicy(hostReach(plan.compose, plan.env.values), this.prepared.hostPolicy);
    const secrets = plan.secrets.map(({ name, key: key2, version, length, charset, manual }) => ({
      name,
      key: key2,
      version,
      length,
      charset,
      manual
    }));
    await this.backend.provideSecrets(secrets, (value) => this.masker.add(value));
    const since = /* @__PURE__ */ new Date();
    const { app } = this.prepared;
    await this.backend.deploy(
      {
        recipe: app.recipe.name,
        dir: plan.tree.dir,
        composeFiles: plan.compose.files.map((f) => f.path),
        env: plan.env.values,
        exposedEnv: plan.exposedEnv,
        envFile: app.envFile
      },
      signal
    ).catch((e) => {
      throw e instanceof DeployRejected ? locateRefusal(e, plan.compose, (file) => shownIn(plan.tree, file)) : e;
    });
    this.current = plan;
    return since;
  }
};

// src/engine/diagnose.ts
import { mkdirSync as mkdirSync3 } from "node:fs";
import { join as join9 } from "node:path";
var CAPTURE_MS = 2e4;
async function autopsyOf(backend, stateDir, op, outcome) {
  const failure = outcome.failure;
  let diag = {};
  if (failure?.service && !failure.lines) {
    const dir = join9(stateDir, "logs", "services");
    mkdirSync3(dir, { recursive: true });
    const timer = new AbortController();
    const timeout = setTimeout(() => timer.abort(), CAPTURE_MS);
    try {
      diag = await Promise.race([
        backend.diagnose(failure.service, failure.containerId, join9(dir, `${op}-${failure.service}.log`), timer.signal),
        new Promise(
          (resolve) => timer.signal.addEventListener("abort", () => resolve({ problem: `capture took over ${CAPTURE_MS / 1e3}s` }))
        )
      ]);
    } catch (e) {
      diag = { problem: e.message };
    } finally {
      clearTimeout(timeout);
    }
  }
  return buildAutopsy(op, outcome, diag);
}

// src/engine/masker.ts
import { readdirSync as readdirSync2, readFileSync, statSync as statSync2, writeFileSync as writeFileSync3 } from "node:fs";
import { join as join10 } from "node:path";
var Masker = class {
  constructor(onAdd = () => {
  }) {
    this.onAdd = onAdd;
  }
  onAdd;
  secrets = /* @__PURE__ */ new Set();
  add(secret) {
    if (secret.length < 4 || this.secrets.has(secret)) return;
    this.secrets.add(secret);
    this.onAdd(secret);
  }
  redact(text) {
    let out = text;
    for (const s of this.secrets) out = out.split(s).join("***");
    return out;
  }
  /** redact() on bytes (a line of a log as it is written): each secret's UTF-8 bytes become `***`, other bytes stay. */
  redactBytes(bytes) {
    if (!this.secrets.size) return bytes;
    const text = bytes.toString("latin1");
    const redacted = this.redactLatin1(text);
    return redacted === text ? bytes : Buffer.from(redacted, "latin1");
  }
  /** Bytes as latin1 (which round-trips any bytes), each secret's UTF-8 bytes the same way. */
  redactLatin1(text) {
    let out = text;
    for (const secret of this.secrets) out = out.split(Buffer.from(secret).toString("latin1")).join("***");
    return out;
  }
  /** Redacts every string in a JSON-like value. */
  redactDeep(value) {
    if (typeof value === "string") return this.redact(value);
    if (Array.isArray(value)) return value.map((v) => this.redactDeep(v));
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.redactDeep(v)]));
    return value;
  }
  /**
   * Redacts, in place, every file under `dir` that holds a secret: the logs of hooks, tests and
   * failed services are written as their processes print them, and go into the artifact.
   */
  redactFiles(dir) {
    if (!this.secrets.size) return;
    let names;
    try {
      names = readdirSync2(dir, { recursive: true, encoding: "utf8" });
    } catch {
      return;
    }
    for (const name of names) {
      const path = join10(dir, name);
      if (!statSync2(path, { throwIfNoEntry: false })?.isFile()) continue;
      const text = readFileSync(path, "latin1");
      const redacted = this.redactLatin1(text);
      if (redacted !== text) writeFileSync3(path, redacted, "latin1");
    }
  }
};

// src/engine/orchestrator.ts
async function runOps(registry, opts) {
  const results = [];
  const outputs = {};
  const record = (op, outcome, durationMs, status = outcome.status, autopsy = null) => {
    const result = {
      op,
      status,
      reason: outcome.reason,
      durationMs,
      assertions: outcome.assertions,
      autopsy,
      ...outcome.hops ? { hops: outcome.hops } : {}
    };
    results.push(result);
    opts.onProgress?.(results);
    opts.events.opFinished(result);
  };
  const statusOf = (op) => results.find((r) => r.op === op)?.status;
  for (const name of OP_NAMES) {
    if (!opts.selected.includes(name)) continue;
    const op = registry.find((o) => o.name === name);
    if (!op) throw new Error(`no operation registered for ${name}`);
    const blocker = op.needs.find((n) => statusOf(n) === "fail" || statusOf(n) === "blocked");
    if (opts.runSignal.aborted) {
      record(name, { status: "skip", reason: "not run: the run was interrupted", assertions: [] }, 0, "skip");
      continue;
    }
    if (blocker) {
      record(
        name,
        { status: "skip", reason: `${blocker} ${statusOf(blocker) === "fail" ? "failed" : "was blocked"}`, assertions: [] },
        0,
        "blocked"
      );
      continue;
    }
    const seconds2 = opts.timeoutSeconds(name);
    const { signal, dispose } = linkedSignal([opts.runSignal], seconds2 * 1e3, () => new OpTimeout(seconds2));
    const held = op.blockedBy?.(opts.context(name, signal, outputs));
    if (held) {
      dispose();
      record(name, { status: "skip", reason: held.reason, assertions: held.assertions }, 0, "blocked");
      continue;
    }
    opts.events.opStarted(name);
    opts.events.debug(`${name}: time limit ${seconds2}s`);
    const started = Date.now();
    const waitedBefore = waitedMs();
    let outcome;
    try {
      outcome = await op.run(opts.context(name, signal, { ...outputs }));
      Object.assign(outputs, outcome.output);
    } catch (e) {
      outcome = thrown(e, signal);
    } finally {
      dispose();
    }
    if (outcome.status === "fail" && signal.aborted && signal.reason instanceof Interrupted)
      outcome = interruptedOp(signal.reason, outcome);
    const durationMs = Date.now() - started;
    opts.events.debug(
      `${name}: ${outcome.status} after ${durationMs} ms, ${waitedMs() - waitedBefore} ms of them waiting on Docker and the app`
    );
    const autopsy = outcome.status === "fail" && opts.autopsy ? await opts.autopsy(name, outcome) : null;
    record(name, outcome, durationMs, outcome.status, autopsy);
  }
  return results;
}
function interruptedOp(stop, outcome) {
  if (outcome.failure?.reason === "interrupted") return outcome;
  return {
    ...outcome,
    reason: `${stop.message}; ${outcome.reason}`,
    failure: { reason: "interrupted", event: stop.message, ...outcome.failure?.lines ? { lines: outcome.failure.lines } : {} }
  };
}

// src/engine/prepare.ts
import { existsSync as existsSync2, mkdirSync as mkdirSync4, rmdirSync, rmSync, writeFileSync as writeFileSync4 } from "node:fs";
import { join as join11 } from "node:path";
var RUN_CONFIG = "config.json";
async function prepare(opts) {
  const head = loadRecipe(opts.recipeDir, opts.recipe);
  const overlays = loadOverlays({
    recipeDir: head.dir,
    recipe: head.name,
    bundledDir: opts.bundledOverlaysDir,
    repoLocalTrusted: opts.repoLocalTrusted
  });
  const git = await readRecipeGit(head.dir);
  const domain = opts.domain ?? defaultDomain(head.name);
  checkDomain(domain);
  const stack = stackName(domain);
  const extraCompose = overlays.composeCi ? [{ path: overlays.composeCi.path, shown: overlays.composeCi.shown }] : [];
  const config = overlays.config;
  const envText = (tree, upgrade2) => appEnvText(tree, domain) + envBlock(config.env ?? {}, "added by cc-ci from config.yml env") + (upgrade2 ? envBlock(config.upgrade?.env ?? {}, "added by cc-ci from config.yml upgrade.env") : "");
  const plan = (tree, upgrade2) => planFromEnv(deployEnvOf(envText(tree, upgrade2), { domain, stack }, tree), { stack }, tree, extraCompose);
  const headFirst = plan(head, false);
  const headPlan = plan(head, true);
  let reach = mergeReach(...[headFirst, headPlan].map((p) => hostReach(p.compose, p.env.values)));
  const hostPolicy = opts.hostPolicy ?? ALLOW_HOST;
  enforceHostPolicy(reach, hostPolicy);
  const configuredFrom = overlays.config.upgrade?.from;
  const upgradeFrom = opts.upgradeFrom ?? (configuredFrom ? parseUpgradeFrom(configuredFrom, "upgrade.from", overlays.configAt(["upgrade", "from"])) : "previous");
  const resolution = opts.ops.includes("upgrade") ? resolvePath(git, upgradeFrom) : { path: [], reason: "upgrade not selected" };
  const stateDir = join11(opts.stateRoot, stack);
  const rootExisted = existsSync2(opts.stateRoot);
  mkdirSync4(stateDir, { recursive: true });
  writeFileSync4(join11(stateDir, RUN_CONFIG), JSON.stringify(overlays.config), { mode: 384 });
  try {
    const path = [];
    for (const release of resolution.path) {
      const dir = join11(stateDir, `base-${release.tag}`);
      mkdirSync4(dir, { recursive: true });
      await exportTree(head.dir, release.tag, dir);
      const first = path.length === 0;
      const tree = { ...inRelease(release.tag, () => loadRecipe(dir, head.name), first), release: release.tag };
      path.push({ release, tree, intended: inRelease(release.tag, () => plan(tree, true), first) });
    }
    const base = path[0];
    const app = { recipe: head, domain, stack, envFile: join11(stateDir, `${domain}.env`) };
    writeFileSync4(app.envFile, envText(base?.tree ?? head, false), { mode: 384 });
    const firstPlan = base ? inRelease(base.release.tag, () => planDeploy(app, base.tree, extraCompose)) : headFirst;
    for (const [i, r] of path.entries()) {
      const deployed = i === 0 ? firstPlan : r.intended;
      const releaseReach = hostReach(deployed.compose, deployed.env.values);
      enforceHostPolicy(releaseReach, hostPolicy);
      reach = mergeReach(reach, releaseReach);
    }
    const findings = lint({
      recipe: head,
      git,
      compose: headPlan.compose,
      env: headPlan.env.values,
      secrets: headPlan.secrets,
      stack,
      convergeSeconds: convergeSeconds(headPlan, opts.timeout ?? overlays.config.timeouts?.install ?? DEFAULT_TIMEOUT_SECONDS),
      routing: planProbes(labelledServices(headPlan.compose, headPlan.env.values, stack), routingOptions(domain, overlays.config.traefik)).findings
    });
    return {
      head,
      git,
      overlays,
      path,
      noBaseReason: "reason" in resolution ? resolution.reason : "",
      app,
      stateDir,
      extraCompose,
      firstPlan,
      headPlan,
      findings,
      hostReach: reach,
      hostPolicy
    };
  } catch (e) {
    rmSync(stateDir, { recursive: true, force: true });
    if (!rootExisted) removeIfEmpty(opts.stateRoot);
    throw e;
  }
}
function removeIfEmpty(dir) {
  try {
    rmdirSync(dir);
  } catch {
  }
}
function inRelease(tag, read, first = true) {
  try {
    return read();
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    throw new UserError(
      `${e.message} (in release ${tag}, ${first ? "where the upgrade starts" : "on the upgrade path"}); fix it in a new release, or start from another with upgrade-from (or none)`,
      e.file ? shownIn({ release: tag }, e.file) : void 0,
      e.line
    );
  }
}

// src/engine/teardown.ts
var teardownCommand = (stack) => `node dist/cli.js teardown ${stack}`;
async function tearDown(backend, strategy, failed, events) {
  const { stack } = backend.target;
  if (strategy === "never" || strategy === "on-success" && failed) {
    const how = teardownCommand(stack);
    events.warn(
      `kept stack ${stack} (teardown: ${strategy}); remove it with: ${how} (or docker stack rm ${stack}, then remove its volumes and secrets labelled com.docker.stack.namespace / cc-ci.stack=${stack})`
    );
    return { strategy, status: "kept", leftovers: [], detail: `remove with: ${how}` };
  }
  try {
    const report = await backend.teardown();
    for (const p of report.problems) events.warn(`teardown: ${p}`);
    if (report.leftovers.length) events.warn(`teardown left ${report.leftovers.length} resource(s): ${report.leftovers.join(", ")}`);
    return { strategy, status: report.leftovers.length ? "failed" : "done", leftovers: report.leftovers };
  } catch (e) {
    events.warn(`teardown failed: ${errorMessage(e)}`);
    return { strategy, status: "failed", leftovers: [], detail: errorMessage(e) };
  }
}
async function settleLease(lease, teardown, events) {
  try {
    if (teardown.status === "kept") await lease.keep();
    else if (teardown.status === "done") await lease.release();
    else await lease.abandon();
  } catch (e) {
    events.warn(`the run's record on the host: ${errorMessage(e)}`);
  }
}

// src/engine/run.ts
async function runSuite(opts, events) {
  const startedAt = /* @__PURE__ */ new Date();
  const waitedBefore = waitedMs();
  const selected = normalizeOps(opts.ops);
  const prepared = await prepare({ ...opts, ops: selected, bundledOverlaysDir: bundledOverlaysDir() });
  const added = selected.filter((op) => !opts.ops.includes(op));
  if (added.length) events.info(`${added.join(", ")} added: the selected ops need ${added.length > 1 ? "them" : "it"}`);
  const { app, stateDir, overlays } = prepared;
  const manifestPath = join12(stateDir, "manifest.json");
  const resultsFile = opts.resultsFile ?? join12(stateDir, "results.json");
  const manifest = {
    stack: app.stack,
    domain: app.domain,
    backend: opts.backend.name,
    stateDir,
    teardown: opts.teardown,
    finished: false,
    resultsFile
  };
  let lease;
  try {
    await opts.backend.setupHost({ initSwarm: opts.initSwarm, log: (m) => events.info(m) });
    const runs = opts.backend.runs();
    if (opts.reap) for (const line of reapLines(await reapRuns(runs, opts.reap))) events.info(line);
    writeManifest(manifestPath, manifest);
    lease = await runs.claim({ stack: app.stack, domain: app.domain, backend: opts.backend.name, stateDir, owner: currentOwner() });
  } catch (e) {
    rmSync2(stateDir, { recursive: true, force: true });
    throw e;
  }
  opts.onManifest?.(manifestPath);
  const route = prepared.path.length ? `: ${[...prepared.path.map((r) => r.release.tag), "head"].join(" \u2192 ")}` : "";
  events.info(
    `recipe ${app.recipe.name}${route} as ${app.domain} (stack ${app.stack}, backend ${opts.backend.name}); state in ${stateDir}`
  );
  events.debug(
    `recipe checkout ${app.recipe.dir}; app env file ${app.envFile}; results file ${resultsFile}; bundled overlays ${bundledOverlaysDir()}`
  );
  announceCustomization(overlays, events);
  for (const h of prepared.hostReach) events.info(`host access: ${h.file}:${h.line ?? 1}: service ${h.service} ${h.what}`);
  const backend = opts.backend.forApp({ stack: app.stack, domain: app.domain, stateDir, debug: (m) => events.debug(m) });
  const masker = new Masker((secret) => events.mask(secret));
  const logsDir = join12(stateDir, "logs");
  const deployment = new Deployment(prepared, backend, masker);
  const context = (op, signal, from) => ({
    op,
    app,
    facts: prepared,
    backend,
    deploys: deployment,
    from,
    generic: genericEnabled(overlays, op),
    signal,
    progress: (d) => events.opProgress(op, d),
    redact: (line) => masker.redactBytes(line)
  });
  const record = {
    prepared,
    backend: backend.name,
    startedAt,
    deployCount: () => deployment.guard.count,
    dockerWaitMs: () => waitedMs() - waitedBefore
  };
  const results = (ops2, teardown2) => masker.redactDeep(buildResults(record, ops2, teardown2));
  const pending = { strategy: opts.teardown, status: "pending", leftovers: [] };
  let unsaved = false;
  const save = (r) => {
    try {
      writeResults(resultsFile, r);
    } catch (e) {
      if (typeof e.code !== "string") throw e;
      if (!unsaved) events.warn(`cannot write the results to ${resultsFile}: ${errorMessage(e)}; the run goes on and tears down`);
      unsaved = true;
    }
  };
  let ops = [];
  let crash;
  try {
    ops = await runOps(OPERATIONS.map(withOverlays), {
      selected,
      // An upgrade path's limit is per hop: a chain of N releases may take N times one upgrade's.
      timeoutSeconds: (op) => (opts.timeout ?? overlays.config.timeouts?.[op] ?? DEFAULT_TIMEOUT_SECONDS) * (op === "upgrade" ? Math.max(1, prepared.path.length) : 1),
      runSignal: opts.signal,
      events,
      context,
      autopsy: (op, outcome) => autopsyOf(backend, stateDir, op, outcome),
      // Partial results after each op: if this process dies, the post step still has them.
      onProgress: (sofar) => {
        masker.redactFiles(logsDir);
        save(results(sofar, pending));
      }
    });
  } catch (e) {
    crash = { thrown: e };
  }
  masker.redactFiles(logsDir);
  const failed = crash !== void 0 || ops.some(failing);
  const teardown = deployment.guard.count > 0 ? await tearDown(backend, opts.teardown, failed, events) : { strategy: opts.teardown, status: "done", leftovers: [], detail: "nothing was deployed" };
  await settleLease(lease, teardown, events);
  if (crash !== void 0) {
    writeManifest(manifestPath, { ...manifest, finished: true });
    throw crash.thrown;
  }
  const out = results(ops, teardown);
  save(out);
  writeManifest(manifestPath, { ...manifest, finished: true });
  return out;
}

// src/engine/interrupt.ts
function abortOnSignals(onSignal = () => {
}) {
  const abort = new AbortController();
  const handler = (sig) => {
    onSignal(sig, !abort.signal.aborted);
    if (!abort.signal.aborted) abort.abort(new Interrupted(sig));
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return {
    signal: abort.signal,
    dispose: () => {
      process.off("SIGINT", handler);
      process.off("SIGTERM", handler);
    }
  };
}
var SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 };
function signalExitCode(reason) {
  return reason instanceof Interrupted && SIGNAL_EXIT[reason.signal] || 130;
}

// src/report/matrix.ts
function grid(legs) {
  const verdict = (l) => !l.results ? "missing" : l.results.status === "fail" || l.error ? "fail" : "pass";
  const rank = { fail: 0, missing: 1, pass: 2 };
  const rows = legs.map((leg) => ({
    leg,
    verdict: verdict(leg),
    cells: OP_NAMES.map((op) => leg.results ? leg.results.ops.find((o) => o.op === op)?.status ?? null : void 0)
  })).sort((a, b) => rank[a.verdict] - rank[b.verdict] || a.leg.recipe.localeCompare(b.leg.recipe));
  const count = (v) => rows.filter((r) => r.verdict === v).length;
  const ops = (s) => legs.reduce((n, l) => n + (l.results?.ops.filter((o) => o.status === s).length ?? 0), 0);
  return {
    rows,
    passed: count("pass"),
    failed: count("fail"),
    missing: count("missing"),
    opTotals: `Ops: ${ops("pass")} passed, ${ops("fail")} failed, ${ops("blocked")} blocked, ${ops("skip")} skipped. \xB7 = not run.`
  };
}
function renderMatrix(legs, runUrl) {
  const g = grid(legs);
  const result = { fail: "\u274C fail", missing: "\u2753 missing", pass: "\u2705 pass" };
  return [
    `## ${g.failed || g.missing ? "\u274C" : "\u2705"} cc-ci: ${legs.length} recipe(s)`,
    "",
    `**${g.passed} passed** \xB7 **${g.failed} failed** \xB7 **${g.missing} missing** (no results uploaded)${runUrl ? ` \xB7 [run](${runUrl})` : ""}`,
    "",
    `| recipe | result | ${OP_NAMES.join(" | ")} | leg |`,
    `| --- | --- | ${OP_NAMES.map(() => ":---:").join(" | ")} | --- |`,
    ...g.rows.map(({ leg: l, verdict, cells }) => {
      const link = [l.url ? `[logs](${l.url})` : "", l.attempt && l.attempt > 1 ? `attempt ${l.attempt}` : ""].filter(Boolean).join(" \xB7 ");
      const shown = cells.map((c) => c ? STATUS_SYMBOL[c] : c === null ? "\xB7" : "");
      return `| ${mdText(l.recipe)} | ${result[verdict]} | ${shown.join(" | ")} | ${link} |`;
    }),
    "",
    g.opTotals,
    ""
  ].join("\n");
}
function textMatrix(legs) {
  const g = grid(legs);
  const result = {
    fail: `${TERMINAL_SYMBOL.fail} fail`,
    missing: "? missing",
    pass: `${TERMINAL_SYMBOL.pass} pass`
  };
  const detail = (l) => {
    const failed = l.results?.ops.find((o) => o.status === "fail");
    return oneLine(l.error ?? (failed ? `${failed.op}: ${failed.reason}` : ""));
  };
  const table = [
    ["recipe", "result", ...OP_NAMES, "detail"],
    ...g.rows.map(({ leg, verdict, cells }) => [
      oneLine(leg.recipe),
      result[verdict],
      ...cells.map((c) => c ? TERMINAL_SYMBOL[c] : c === null ? "\xB7" : ""),
      verdict === "pass" ? "" : detail(leg)
    ])
  ];
  const lines = alignColumns(table);
  const head = `${legs.length} recipe(s): ${g.passed} passed, ${g.failed} failed, ${g.missing} missing (no results)`;
  return noCommands([...lines, "", head, g.opTotals].join("\n"));
}

export {
  ALLOW_HOST,
  refuseHost,
  ConfigSchema,
  distDir,
  RUN_CONFIG,
  probePlans,
  probeOnce,
  TerminalEvents,
  runSuite,
  abortOnSignals,
  signalExitCode,
  renderMatrix,
  textMatrix
};
