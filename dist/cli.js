import { createRequire as __ccciRequire } from 'node:module'; const require = __ccciRequire(import.meta.url);
import {
  ALLOW_HOST,
  ConfigSchema,
  RUN_CONFIG,
  TerminalEvents,
  abortOnSignals,
  distDir,
  probeOnce,
  probePlans,
  refuseHost,
  runSuite,
  signalExitCode,
  textMatrix
} from "./chunks/chunk-GFMEY4DE.js";
import {
  DEFAULT_STALE_SECONDS,
  describeOutcome,
  reapLines,
  reapRuns
} from "./chunks/chunk-QGSLCRJN.js";
import {
  checkResultsPath,
  readResults,
  textAutopsies,
  textTable
} from "./chunks/chunk-E2UVBTEE.js";
import {
  DEFAULT_OPS,
  DockerApiError,
  UserError,
  backendKind,
  errorMessage,
  loadRecipe,
  noCommands,
  oneLine,
  parseRunOptions,
  readManifest
} from "./chunks/chunk-3ENYTVF4.js";
import "./chunks/chunk-I3NGZZSY.js";

// src/cli/main.ts
import { existsSync as existsSync2 } from "node:fs";
import { tmpdir as tmpdir2 } from "node:os";
import { join as join5 } from "node:path";

// src/cli/args.ts
import { parseArgs } from "node:util";
var MAX_JOBS = 16;
var USAGE = `Usage:
  cc-ci test [RECIPE_DIR] [--ops LIST] [--backend swarm|abra] [--results FILE] [--domain D] [--recipe NAME]
             [--upgrade-from previous|none|chain|chain:N|TAG[,TAG...]] [--teardown always|on-success|never]
             [--timeout SECONDS] [--host-access allow|refuse]
                              host access: bind mounts, capabilities, devices, host network (default allow)
  cc-ci test RECIPE_DIR... [--jobs N] [--results-dir DIR] [same flags but --results, --domain, --recipe]
                              several recipes, N at a time (default 1, at most ${MAX_JOBS}), each its own
                              run; writes DIR/<recipe>.json each and prints a recipe \xD7 op grid
  cc-ci setup [--backend B]   prepare this Docker host (swarm, proxy network, helper image; abra on PATH)
  cc-ci teardown STACK        remove a stack a run kept (teardown: never / on-success), with the
                              backend that deployed it (from the run's manifest; else swarm)
  cc-ci reap [--dry-run] [--older-than DURATION]
                              remove what dead runs left on this Docker host: runs whose process
                              is gone (same host), or, from other hosts, silent for DURATION
                              (default ${DEFAULT_STALE_SECONDS / 60}m; e.g. 90s, 30m, 2h). Live runs and kept apps stay.
                              \`cc-ci test\` reaps the same way before it starts.

In hooks and tests (they get CCCI_STACK and CCCI_DOMAIN from cc-ci):
  cc-ci exec SERVICE -- CMD [ARG...]                 run a command in the service's container
  cc-ci http PATH [--expect STATUS] [--body REGEX] [--service S]
                                                     GET the app as the serving check does
  cc-ci logs SERVICE [--tail N]                      the service's last log lines

Ops (default ${DEFAULT_OPS}) always run in that order against one deployment.
Exit codes: 0 all passed or skipped, 1 an op failed (with several recipes: any recipe failed,
a config error included), 2 usage, config or environment error, 130/143 interrupted (after tearing down).`;
var PASSED_ON = ["ops", "backend", "teardown", "timeout", "upgrade-from", "host-access"];
function parseCommand(argv) {
  if (argv[0] === "exec") return parseExec(argv.slice(1));
  if (argv[0] === "http" || argv[0] === "logs") return parseHelper(argv[0], argv.slice(1));
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        ops: { type: "string" },
        backend: { type: "string" },
        results: { type: "string" },
        "results-dir": { type: "string" },
        jobs: { type: "string" },
        domain: { type: "string" },
        recipe: { type: "string" },
        teardown: { type: "string" },
        timeout: { type: "string" },
        "upgrade-from": { type: "string" },
        "host-access": { type: "string" },
        "dry-run": { type: "boolean" },
        "older-than": { type: "string" },
        help: { type: "boolean", short: "h" }
      }
    });
  } catch (e) {
    throw new UserError(`${e.message.split(/\.\s|\n/)[0]}; see cc-ci --help`);
  }
  const {
    values: v,
    positionals: [cmd, ...rest]
  } = parsed;
  if (v.help || !cmd || cmd === "help") return { kind: "help" };
  if (cmd === "setup") return { kind: "setup", backend: parseRunOptions({ backend: v.backend }, (key) => `--${key}`).backend };
  if (cmd === "teardown") {
    if (rest.length !== 1) throw new UserError("teardown takes exactly one STACK name; see cc-ci --help");
    if (!/^[A-Za-z0-9][\w-]*$/.test(rest[0])) throw new UserError(`teardown: "${rest[0]}" is not a stack name (letters, digits, _ and -)`);
    return { kind: "teardown", stack: rest[0] };
  }
  if (cmd === "reap") {
    if (rest.length) throw new UserError("reap takes no positional arguments; see cc-ci --help");
    return {
      kind: "reap",
      dryRun: v["dry-run"] ?? false,
      staleSeconds: v["older-than"] === void 0 ? DEFAULT_STALE_SECONDS : duration(v["older-than"], "--older-than")
    };
  }
  if (v["dry-run"] !== void 0 || v["older-than"] !== void 0)
    throw new UserError("--dry-run and --older-than belong to cc-ci reap; see cc-ci --help");
  if (cmd !== "test") throw new UserError(`unknown command "${cmd}"; use test, setup, teardown or reap`);
  const settings = parseRunOptions(v, (key) => `--${key}`);
  if (rest.length > 1 || v.jobs !== void 0 || v["results-dir"] !== void 0) {
    for (const flag of ["results", "domain"])
      if (v[flag] !== void 0)
        throw new UserError(
          `--${flag} is for one recipe; with several RECIPE_DIRs, --jobs or --results-dir each run gets its own domain and results file: use --results-dir DIR`
        );
    if (v.recipe !== void 0)
      throw new UserError(
        "--recipe is for one recipe; with several RECIPE_DIRs, --jobs or --results-dir each is named by TYPE= in its .env.sample, else its directory name"
      );
    if (v["results-dir"] === "") throw new UserError("--results-dir is empty; give a directory for the results files, e.g. ./results");
    return {
      kind: "jobs",
      recipeDirs: rest.length ? rest : ["."],
      jobs: jobCount(v.jobs),
      resultsDir: v["results-dir"],
      backend: settings.backend,
      runArgs: PASSED_ON.flatMap((key) => v[key] === void 0 ? [] : [`--${key}`, v[key]])
    };
  }
  return {
    kind: "test",
    recipeDir: rest[0] ?? ".",
    recipe: v.recipe,
    domain: v.domain,
    results: v.results,
    ...settings
  };
}
function jobCount(text) {
  if (text === void 0) return 1;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > MAX_JOBS)
    throw new UserError(`--jobs must be a whole number from 1 to ${MAX_JOBS}, not "${text}"`);
  return n;
}
function parseExec(args) {
  const dash = args.indexOf("--");
  const [service, ...extra] = dash < 0 ? args : args.slice(0, dash);
  const argv = dash < 0 ? [] : args.slice(dash + 1);
  if (!service || extra.length || argv.length === 0) throw new UserError("usage: cc-ci exec SERVICE -- CMD [ARG...]");
  return { kind: "exec", service, argv };
}
function parseHelper(kind, args) {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: { expect: { type: "string" }, body: { type: "string" }, service: { type: "string" }, tail: { type: "string" } }
    });
  } catch (e) {
    throw new UserError(`${e.message.split(/\.\s|\n/)[0]}; see cc-ci --help`);
  }
  const { values: v, positionals } = parsed;
  const number = (name, value, fallback) => {
    if (value === void 0) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new UserError(`--${name} must be a whole number, not "${value}"`);
    return n;
  };
  if (positionals.length !== 1)
    throw new UserError(
      kind === "http" ? "usage: cc-ci http PATH [--expect STATUS] [--body REGEX] [--service S]" : "usage: cc-ci logs SERVICE [--tail N]"
    );
  if (kind === "logs") return { kind, service: positionals[0], tail: number("tail", v.tail, 100) };
  if (!positionals[0].startsWith("/")) throw new UserError(`cc-ci http: PATH must start with /, not "${positionals[0]}"`);
  if (v.body !== void 0) {
    try {
      new RegExp(v.body);
    } catch {
      throw new UserError(`--body is not a valid regular expression: ${v.body}`);
    }
  }
  return { kind, path: positionals[0], expect: number("expect", v.expect), body: v.body, service: v.service };
}
var UNIT_SECONDS = { "": 1, s: 1, m: 60, h: 3600, d: 86400 };
function duration(text, flag) {
  const m = /^(\d{1,7})([smhd]?)$/.exec(text.trim());
  if (!m) throw new UserError(`${flag} must be a duration like 90s, 30m, 2h or 1d, not "${text}"`);
  return Number(m[1]) * UNIT_SECONDS[m[2]];
}

// src/cli/helpers.ts
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
function appFromEnv() {
  const { CCCI_STACK: stack, CCCI_DOMAIN: domain, CCCI_BACKEND: name = "swarm", CCCI_STATE_DIR: stateDir = "" } = process.env;
  if (!stack || !domain) throw new UserError("this helper runs inside a cc-ci hook or test (CCCI_STACK and CCCI_DOMAIN are not set)");
  const saved = stateDir ? join(stateDir, RUN_CONFIG) : void 0;
  const config = saved && existsSync(saved) ? ConfigSchema.parse(JSON.parse(readFileSync(saved, "utf8"))) : {};
  return { stack, domain, backend: backendKind(name, "CCCI_BACKEND").forApp({ stack, domain, stateDir }), config };
}
async function helperExec(service, argv) {
  const { stack, backend } = appFromEnv();
  const code = await backend.execAttached(`${stack}_${service}`, argv);
  if (code === -1) throw new UserError(`service ${service} has no running container in stack ${stack}`);
  return code;
}
async function helperLogs(service, tail) {
  const { stack, backend } = appFromEnv();
  const lines = await backend.logs(`${stack}_${service}`, tail);
  process.stdout.write(lines.map((l) => `${l}
`).join(""));
  return 0;
}
async function helperHttp(path, opts) {
  const app = appFromEnv();
  const plans = probePlans(await app.backend.services(), app, app.config, { path, service: opts.service });
  if (typeof plans === "string") throw new UserError(plans);
  const plan = plans[0];
  if (!plan) throw new UserError("the app declares no HTTP router (traefik.enable=true and a router rule) to send the request to");
  const r = await probeOnce(
    app.backend,
    plan,
    { status: opts.expect ? [opts.expect] : void 0, body: opts.body },
    AbortSignal.timeout(3e4)
  );
  if (r.response) process.stdout.write(`HTTP ${r.response.status}
${r.response.body}${r.response.body.endsWith("\n") ? "" : "\n"}`);
  if (!r.ok) process.stderr.write(`cc-ci http: ${plan.label}: ${r.detail}
`);
  return r.ok ? 0 : 1;
}

// src/engine/state-dir.ts
import { readdirSync, rmSync } from "node:fs";
import { join as join2 } from "node:path";
var KEEP = /* @__PURE__ */ new Set(["results.json", "manifest.json", "logs"]);
var SNAPSHOTS = "snapshots";
var SNAPSHOT_KEEP = "manifest.json";
function shrinkStateDir(dir) {
  for (const entry of entries(dir)) {
    const path = join2(dir, entry.name);
    if (entry.isSymbolicLink()) rmSync(path, { force: true });
    else if (entry.name === SNAPSHOTS && entry.isDirectory())
      for (const snap of entries(path)) keepOnly(join2(path, snap.name), snap.isDirectory() && !snap.isSymbolicLink());
    else if (!KEEP.has(entry.name)) rmSync(path, { recursive: true, force: true });
  }
}
function keepOnly(path, isDir) {
  if (!isDir) return rmSync(path, { force: true });
  for (const e of entries(path)) if (e.name !== SNAPSHOT_KEEP || !e.isFile()) rmSync(join2(path, e.name), { recursive: true, force: true });
}
var entries = (dir) => readdirSync(dir, { withFileTypes: true });

// src/cli/jobs.ts
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join as join4 } from "node:path";

// src/cli/jobs-plan.ts
import { join as join3 } from "node:path";
function planJobs(dirs, resultsDir) {
  const seen = /* @__PURE__ */ new Map();
  return dirs.map((dir) => {
    let recipe;
    try {
      recipe = loadRecipe(dir).name;
    } catch (e) {
      if (e instanceof UserError) return { recipe: dir, dir, error: e.oneLine };
      throw e;
    }
    const other = seen.get(recipe);
    if (other !== void 0)
      throw new UserError(
        `${other} and ${dir} are both recipe "${recipe}"; test each recipe once, or give a copy another TYPE= in its .env.sample`
      );
    seen.set(recipe, dir);
    const results = join3(resultsDir, `${recipe}.json`);
    checkResultsPath(results, "--results-dir", "pass a directory cc-ci may write files in, e.g. ./results");
    return { recipe, dir, results };
  });
}

// src/cli/jobs-run.ts
import { spawn } from "node:child_process";
import { once } from "node:events";
import { rmSync as rmSync2 } from "node:fs";
import { createInterface } from "node:readline";
async function runJobs(planned, o) {
  const legs = new Map(planned.filter((j) => j.error).map((j) => [j, { recipe: j.recipe, error: j.error }]));
  const queue = planned.filter((j) => !j.error);
  const width = Math.max(0, ...queue.map((j) => j.recipe.length));
  const running = /* @__PURE__ */ new Set();
  const stop = () => {
    for (const child of running) child.kill(o.signal.reason.signal);
  };
  o.signal.addEventListener("abort", stop, { once: true });
  const worker = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      legs.set(job, o.signal.aborted ? { recipe: job.recipe, error: "not started: interrupted" } : await runOne(job));
    }
  };
  const runOne = async (job) => {
    rmSync2(job.results, { force: true });
    const { file, args } = o.command(job);
    const child = spawn(file, args, { stdio: ["ignore", "pipe", "pipe"], detached: true });
    running.add(child);
    const prefix = `${job.recipe.padEnd(width)} | `;
    let lastError;
    const relay = (stream) => {
      const lines = createInterface({ input: stream, crlfDelay: Infinity });
      lines.on("line", (line) => {
        if (line.startsWith("cc-ci: ")) lastError = line.slice("cc-ci: ".length);
        o.out.write(`${`${prefix}${noCommands(oneLine(line))}`.trimEnd()}
`);
      });
      return once(lines, "close");
    };
    const exited = new Promise((done) => {
      child.on("error", (e) => done(`could not start: ${errorMessage(e)}`));
      child.on("exit", (code, sig) => done(sig ? `stopped by ${sig}` : `exited ${code}`));
    });
    const [exit] = await Promise.all([exited, relay(child.stdout), relay(child.stderr)]);
    running.delete(child);
    return legOf(job.recipe, job.results, exit, lastError);
  };
  await Promise.all(Array.from({ length: Math.min(o.jobs, queue.length) }, worker));
  o.signal.removeEventListener("abort", stop);
  return planned.map((j) => legs.get(j));
}
function legOf(recipe, path, exit, lastError) {
  let results;
  try {
    results = readResults(path);
  } catch (e) {
    if (e.code !== "ENOENT") return { recipe, error: `${path}: ${oneLine(errorMessage(e))}` };
  }
  if (!results) return { recipe, error: lastError ?? `${exit} without writing results` };
  return exit === "exited 0" || results.status === "fail" ? { recipe, results } : { recipe, results, error: lastError ?? exit };
}

// src/cli/jobs.ts
async function testJobs(cmd, events, reap2) {
  const resultsDir = cmd.resultsDir ?? mkdtempSync(join4(tmpdir(), "cc-ci-results-"));
  const planned = planJobs(cmd.recipeDirs, resultsDir);
  const interrupt = abortOnSignals(
    (sig, first) => events.warn(first ? `${sig}: stopping every recipe's current op and tearing down` : `${sig}: still tearing down, please wait`)
  );
  try {
    const kind = backendKind(cmd.backend, "--backend");
    await kind.setupHost({ initSwarm: true, log: (m) => events.info(m) });
    for (const line of reapLines(await reapRuns(kind.runs(), reap2))) events.info(line);
    events.info(`${planned.length} recipe(s), at most ${cmd.jobs} at once; results in ${resultsDir}`);
    const cli = join4(distDir(), "cli.js");
    const legs = await runJobs(planned, {
      jobs: cmd.jobs,
      // `--` before the directory: one named like a flag stays a directory.
      command: (job) => ({
        file: process.execPath,
        args: [...process.execArgv, cli, "test", "--results", job.results, ...cmd.runArgs, "--", job.dir]
      }),
      signal: interrupt.signal,
      out: process.stderr
    });
    process.stdout.write(`
${report(legs)}
`);
    if (interrupt.signal.aborted) return signalExitCode(interrupt.signal.reason);
    return legs.every((l) => l.results?.status === "pass" && !l.error) ? 0 : 1;
  } finally {
    interrupt.dispose();
  }
}
function report(legs) {
  const autopsies = legs.flatMap((l) => {
    const text = l.results ? textAutopsies(l.results) : "";
    return text ? [`${l.recipe}:
${text}`] : [];
  });
  return [textMatrix(legs), ...autopsies].join("\n\n") + "\n";
}

// src/cli/main.ts
var STATE_ROOT = join5(tmpdir2(), "cc-ci");
async function main(argv) {
  const events = new TerminalEvents();
  try {
    const cmd = parseCommand(argv);
    switch (cmd.kind) {
      case "help":
        process.stdout.write(`${USAGE}
`);
        return 0;
      case "setup":
        await backendKind(cmd.backend).setupHost({ initSwarm: true, log: (m) => events.info(m) });
        return 0;
      case "teardown":
        return await teardown(cmd.stack, events);
      case "reap":
        return await reap(cmd.dryRun, cmd.staleSeconds, events);
      case "exec":
        return await helperExec(cmd.service, cmd.argv);
      case "http":
        return await helperHttp(cmd.path, cmd);
      case "logs":
        return await helperLogs(cmd.service, cmd.tail);
      case "jobs":
        return await testJobs(cmd, events, reapSettings(DEFAULT_STALE_SECONDS));
      case "test": {
        if (cmd.results) checkResultsPath(cmd.results, "--results");
        const interrupt = abortOnSignals(
          (sig, first) => events.warn(first ? `${sig}: stopping the current op and tearing down` : `${sig}: still tearing down, please wait`)
        );
        try {
          const results = await runSuite(
            {
              ...cmd,
              backend: backendKind(cmd.backend, "--backend"),
              resultsFile: cmd.results,
              stateRoot: STATE_ROOT,
              initSwarm: true,
              repoLocalTrusted: true,
              // The operator runs their own recipe on their own host: listed, refused only when asked.
              hostPolicy: cmd.hostAccess === "refuse" ? refuseHost("--host-access refuse") : ALLOW_HOST,
              signal: interrupt.signal,
              reap: reapSettings(DEFAULT_STALE_SECONDS)
            },
            events
          );
          if (results.teardown.status === "done") shrinkStateDir(join5(STATE_ROOT, results.stack));
          const autopsies = textAutopsies(results);
          process.stdout.write(`
${events.redact(textTable(results))}

${autopsies ? `${events.redact(autopsies)}

` : ""}`);
          events.info(
            `deploys: ${results.deployCount}; teardown: ${results.teardown.status}${results.teardown.leftovers.length ? ` (${results.teardown.leftovers.length} left)` : ""}; results: ${cmd.results ?? join5(STATE_ROOT, results.stack, "results.json")}`
          );
          if (interrupt.signal.aborted) return signalExitCode(interrupt.signal.reason);
          return results.status === "pass" ? 0 : 1;
        } finally {
          interrupt.dispose();
        }
      }
    }
  } catch (e) {
    if (e instanceof UserError) {
      events.info(`cc-ci: ${e.oneLine}`);
      return 2;
    }
    events.info(`cc-ci: internal error: ${errorMessage(e)}`);
    if (process.env.CCCI_DEBUG) console.error(e);
    return 1;
  }
}
async function teardown(stack, events) {
  const path = join5(STATE_ROOT, stack, "manifest.json");
  const m = readManifest(path);
  const kind = backendKind(m?.backend ?? "swarm");
  const backend = kind.forApp({ stack, domain: m?.domain ?? "", stateDir: m?.stateDir ?? join5(STATE_ROOT, stack) });
  const report2 = await backend.teardown();
  for (const p of report2.problems) events.warn(p);
  events.info(report2.leftovers.length ? `left behind: ${report2.leftovers.join(", ")}` : `stack ${stack}: nothing left`);
  if (report2.leftovers.length) return 1;
  await kind.runs().forget(stack);
  if (existsSync2(join5(STATE_ROOT, stack))) shrinkStateDir(join5(STATE_ROOT, stack));
  return 0;
}
var reapSettings = (staleSeconds) => ({
  staleSeconds,
  kindOf: (name) => backendKind(name, "a run record"),
  stateRoot: STATE_ROOT
});
async function reap(dryRun, staleSeconds, events) {
  const outcomes = await reapRuns(backendKind("swarm").runs(), reapSettings(staleSeconds), dryRun).catch((e) => {
    throw e instanceof DockerApiError ? new UserError(`reap: ${e.message}`) : e;
  });
  for (const o of outcomes) events.info(describeOutcome(o));
  if (!outcomes.length) events.info("no cc-ci runs recorded on this Docker host");
  return outcomes.some((o) => o.action === "left") ? 1 : 0;
}

// src/entrypoints/cli.ts
for (const stream of [process.stdout, process.stderr]) stream.on("error", () => {
});
process.exitCode = await main(process.argv.slice(2));
