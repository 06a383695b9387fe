import { createRequire as __ccciRequire } from 'node:module'; const require = __ccciRequire(import.meta.url);
import {
  ALLOW_HOST,
  TerminalEvents,
  abortOnSignals,
  refuseHost,
  runSuite
} from "./chunks/chunk-HEIKRSP7.js";
import {
  failStep
} from "./chunks/chunk-M4SPXM6C.js";
import "./chunks/chunk-ALVK5QS4.js";
import {
  artifactPrefix,
  downloadRunArtifacts,
  failedOps,
  report,
  resultsFilesUnder,
  saveManifestPath,
  setOutputs,
  writeJobSummary
} from "./chunks/chunk-A7EASJPT.js";
import {
  STATUS_SYMBOL,
  markdownTable,
  mdCode,
  mdText,
  noCommands,
  oneLine,
  readResults
} from "./chunks/chunk-VSXIZ6XJ.js";
import {
  allowRepoLocalInput,
  feedbackInputs,
  githubToken,
  mode,
  recipeInput,
  reportInputs,
  testInputs
} from "./chunks/chunk-LQTYVDYY.js";
import {
  OP_NAMES,
  OpName,
  RECIPE_NAME,
  UserError,
  backendKind,
  errorMessage,
  seconds
} from "./chunks/chunk-TJIZKUOS.js";
import {
  context,
  getOctokit,
  retry
} from "./chunks/chunk-B2VA2PLQ.js";
import {
  info,
  setFailed,
  setOutput,
  setSecret,
  warning
} from "./chunks/chunk-JZRYXA2R.js";
import "./chunks/chunk-I3NGZZSY.js";

// src/github/client.ts
function gitHubClient(token) {
  if (!token) throw new UserError("input github-token is empty; pass ${{ github.token }} (the default) or a token with the permissions listed in docs/github.md");
  const baseUrl = process.env.GITHUB_API_URL || "https://api.github.com";
  return getOctokit(token, { baseUrl, retry: { retries: 3 } }, retry);
}
async function call(what, permission, fn) {
  try {
    return await fn();
  } catch (e) {
    const err = e;
    if (err.status === 403) {
      throw new UserError(`GitHub refused to ${what} (403: ${err.message?.split("\n")[0] ?? "forbidden"}); add "${permission}" to the job's permissions`);
    }
    throw e;
  }
}

// src/github/testme.ts
var TESTME = "!testme";
var TESTME_USAGE = "`!testme` runs every op; `!testme install upgrade` runs those; `!testme from=1.2.0+1.0` (or `from=none`) picks the upgrade base";
var TRUSTED = ["OWNER", "MEMBER", "COLLABORATOR"];
function parseTestme(body) {
  const text = body.trim();
  if (text.includes("\n") || !(text === TESTME || text.startsWith(`${TESTME} `))) return { kind: "none" };
  const ops = [];
  let upgradeFrom;
  for (const word of text.slice(TESTME.length).trim().split(/\s+/).filter(Boolean)) {
    const op = OpName.safeParse(word);
    if (op.success) ops.push(op.data);
    else if (/^from=[\w.+-]+$/.test(word)) upgradeFrom = word.slice(5);
    else return { kind: "invalid", why: `"${mdText(word.slice(0, 40))}" is neither an op (${OP_NAMES.join(", ")}) nor from=<release>` };
  }
  return { kind: "run", ops, upgradeFrom };
}
async function gateComment(gh, ev, status) {
  if (!ev.isPullRequest) return { run: false, reason: "the comment is not on a pull request" };
  const parsed = parseTestme(ev.body);
  if (parsed.kind === "none") return { run: false, reason: "the comment is not a !testme command" };
  const { owner, repo } = ev;
  const react = (content) => call("react to the comment", "pull-requests: write", () => gh.rest.reactions.createForIssueComment({ owner, repo, comment_id: ev.commentId, content }));
  const reply = (body) => call("comment on the pull request", "pull-requests: write", () => gh.rest.issues.createComment({ owner, repo, issue_number: ev.number, body }));
  if (!TRUSTED.includes(ev.association)) {
    await react("eyes");
    await reply(`Thanks for the nudge, @${ev.author}! cc-ci runs on \`!testme\` from maintainers of this repository (owners, members and collaborators), because it deploys the pull request's code. A maintainer can comment \`!testme\` to start it.`);
    return { run: false, reason: `@${ev.author} (${ev.association}) may not start cc-ci` };
  }
  if (parsed.kind === "invalid") {
    await react("confused");
    await reply(`cc-ci did not start: ${parsed.why}. ${TESTME_USAGE}.`);
    return { run: false, reason: `invalid command: ${parsed.why}` };
  }
  await react("rocket");
  const pr = await call("read the pull request", "pull-requests: read", () => gh.rest.pulls.get({ owner, repo, pull_number: ev.number }));
  const sha = pr.data.head.sha;
  await setStatus(gh, { owner, repo, sha }, "pending", "cc-ci is testing this commit", status);
  return { run: true, sha, pr: ev.number, ops: parsed.ops.join(","), upgradeFrom: parsed.upgradeFrom ?? "" };
}
async function setStatus(gh, at, state, description, status) {
  await call(
    "set the commit status",
    "statuses: write",
    () => gh.rest.repos.createCommitStatus({ ...at, state, context: status.context, description: description.slice(0, 140), target_url: status.runUrl })
  );
}

// src/action/github-context.ts
function runUrl() {
  const { GITHUB_SERVER_URL: server = "https://github.com", GITHUB_REPOSITORY: repo = "", GITHUB_RUN_ID: run = "" } = process.env;
  return `${server}/${repo}/actions/runs/${run}`;
}
function statusContext() {
  const recipe = recipeInput();
  return recipe ? `cc-ci/${recipe}` : "cc-ci";
}
function repoOf() {
  if (!process.env.GITHUB_REPOSITORY) throw new UserError("GITHUB_REPOSITORY is not set; this mode runs in a GitHub Actions workflow");
  return context.repo;
}
function pullRequestNumber() {
  const p = context.payload;
  if (p.pull_request) return p.pull_request.number;
  if (p.issue?.pull_request) return p.issue.number;
  return void 0;
}

// src/action/run-comment.ts
async function runComment() {
  const { eventName, payload } = context;
  if (eventName !== "issue_comment") throw new UserError(`mode: comment handles issue_comment events, not ${eventName || "none"}; see docs/github.md`);
  const comment = payload.comment;
  const gate = await gateComment(
    gitHubClient(githubToken()),
    {
      ...repoOf(),
      number: payload.issue.number,
      isPullRequest: Boolean(payload.issue?.pull_request),
      commentId: comment.id,
      body: comment.body ?? "",
      author: comment.user.login,
      association: comment.author_association
    },
    { context: statusContext(), runUrl: runUrl() }
  );
  setOutput("run", String(gate.run));
  if (gate.run) {
    setOutput("sha", gate.sha);
    setOutput("pr", gate.pr);
    setOutput("ops", gate.ops);
    setOutput("upgrade-from", gate.upgradeFrom);
    info(`cc-ci: !testme accepted; testing ${gate.sha}`);
  } else {
    setOutput("reason", gate.reason);
    info(`cc-ci: not running: ${gate.reason}`);
  }
}

// src/action/run-feedback.ts
import { lstatSync } from "node:fs";

// src/github/pr-comment.ts
var marker = (recipe) => `<!-- cc-ci:pr-comment recipe=${recipe.replace(/[^a-z0-9-]/g, "_")} -->`;
async function upsertComment(gh, at, recipe, body) {
  const text = `${marker(recipe)}
${body}`;
  const comments = await call(
    "list the pull request comments",
    "pull-requests: read",
    () => gh.paginate(gh.rest.issues.listComments, { owner: at.owner, repo: at.repo, issue_number: at.number, per_page: 100 })
  );
  const mine = comments.find((c) => c.user?.type === "Bot" && c.body?.startsWith(`${marker(recipe)}
`));
  if (mine) {
    await call("edit the cc-ci comment", "pull-requests: write", () => gh.rest.issues.updateComment({ owner: at.owner, repo: at.repo, comment_id: mine.id, body: text }));
    return "updated";
  }
  await call("comment on the pull request", "pull-requests: write", () => gh.rest.issues.createComment({ owner: at.owner, repo: at.repo, issue_number: at.number, body: text }));
  return "created";
}

// src/report/pr-comment.ts
function renderComment(r, runUrl2) {
  const head = r.head.version === null ? "head" : mdText(r.head.version);
  const range = r.base ? `${mdText(r.base.version)} \u2192 ${head}` : head;
  const commit = /^[0-9a-f]{40}$/.test(r.head.ref) ? ` \xB7 commit ${r.head.ref.slice(0, 8)}` : "";
  const failures = r.ops.filter((o) => o.autopsy).map((o) => `- **${o.op}**: ${o.autopsy.reason.replace(/_/g, " ")}${o.autopsy.service ? ` in ${mdCode(o.autopsy.service)}` : ""}. ${mdText(o.autopsy.hint.split(". ")[0])}.`);
  return [
    `### ${r.status === "pass" ? "\u2705" : "\u274C"} cc-ci: ${mdText(r.recipe)} ${r.status === "pass" ? "passed" : "failed"}`,
    "",
    `${range} \xB7 ${r.deployCount} deploy \xB7 ${seconds(r.durationMs)}${commit} \xB7 [logs and autopsy](${runUrl2})`,
    "",
    markdownTable(r),
    ...failures.length ? ["", ...failures] : [],
    "",
    `<sub>Updated ${mdText(r.startedAt.replace("T", " ").replace(/\.\d+Z$/, " UTC"))}. Comment \`!testme\` to run again.</sub>`
  ].join("\n");
}

// src/action/run-feedback.ts
var SHA = /^[0-9a-f]{40}$/;
var MAX_RESULTS_BYTES = 8 << 20;
var untrusted = (s) => noCommands(oneLine(s)).slice(0, 300);
async function verdictOf(sha, recipe, resultsDir) {
  let dir = resultsDir;
  try {
    dir ||= await downloadRunArtifacts(artifactPrefix(recipe));
  } catch (e) {
    warning(`cc-ci feedback: could not download the test job's artifacts: ${untrusted(errorMessage(e))}`);
    return { error: "the test job's artifact could not be downloaded", recipe };
  }
  const files = resultsFilesUnder(dir);
  if (files.length !== 1) return { error: files.length ? `${files.length} results files, expected one` : "the test job uploaded no results", recipe };
  let results;
  try {
    const st = lstatSync(files[0]);
    if (!st.isFile() || st.size > MAX_RESULTS_BYTES) throw new Error(`not a regular file of at most ${MAX_RESULTS_BYTES} bytes`);
    results = readResults(files[0]);
  } catch (e) {
    warning(`cc-ci feedback: results.json is not valid: ${untrusted(errorMessage(e))}`);
    return { error: "the test job's results.json is not valid", recipe };
  }
  if (recipe && results.recipe !== recipe) return { error: `the results are not for recipe ${recipe}`, recipe };
  if (!RECIPE_NAME.test(results.recipe)) return { error: "the results name a recipe that is not a valid name" };
  if (results.head.ref !== sha) return { error: `the results are not for commit ${sha.slice(0, 8)}`, recipe: results.recipe };
  return { results, recipe: results.recipe };
}
function noResultsComment(recipe, sha, error) {
  return [`### \u26A0\uFE0F cc-ci: ${recipe} has no results`, "", `commit ${sha.slice(0, 8)} \xB7 ${error} \xB7 [the run](${runUrl()})`, "", "<sub>Comment `!testme` to run again.</sub>"].join("\n");
}
async function runFeedback() {
  const { sha, recipe, resultsDir, token, comment } = feedbackInputs();
  if (!SHA.test(sha)) throw new UserError(`mode: feedback needs input sha, the commit the gate resolved (needs.gate.outputs.sha), as 40 hex digits`);
  if (recipe && !RECIPE_NAME.test(recipe)) throw new UserError(`input recipe must match ${RECIPE_NAME.source} in mode: feedback`);
  const number = pullRequestNumber();
  if (!number) throw new UserError("mode: feedback reports to a pull request; this event has none (see docs/github.md)");
  const gh = gitHubClient(token);
  const at = { ...repoOf(), sha };
  const status = { context: statusContext(), runUrl: runUrl() };
  const v = await verdictOf(sha, recipe, resultsDir);
  if ("error" in v) {
    await setStatus(gh, at, "error", `no results: ${v.error}`, status);
    if (comment && v.recipe) await upsertComment(gh, { ...repoOf(), number }, v.recipe, noResultsComment(v.recipe, sha, v.error));
    setOutput("status", "error");
    setFailed(`cc-ci: no results for ${sha}: ${v.error}`);
    return;
  }
  const r = v.results;
  const failed = failedOps(r);
  await setStatus(gh, at, r.status === "pass" ? "success" : "failure", r.status === "pass" ? "all ops passed" : `${failed.join(", ") || "the run"} failed`, status);
  if (comment) info(`cc-ci: ${await upsertComment(gh, { ...repoOf(), number }, v.recipe, renderComment(r, runUrl()))} the pull request comment`);
  setOutput("status", r.status);
  setOutput("failed-ops", failed.join(","));
  if (r.status === "fail") setFailed(`cc-ci: ${v.recipe}: ${failed.join(", ") || "the run"} failed`);
}

// src/report/matrix.ts
function renderMatrix(legs, runUrl2) {
  const rank = (l) => !l.results ? 1 : l.results.status === "fail" ? 0 : 2;
  const sorted = [...legs].sort((a, b) => rank(a) - rank(b) || a.recipe.localeCompare(b.recipe));
  const cell = (l, op) => {
    const o = l.results?.ops.find((x) => x.op === op);
    return o ? STATUS_SYMBOL[o.status] : l.results ? "\xB7" : "";
  };
  const count = (s) => legs.reduce((n, l) => n + (l.results?.ops.filter((o) => o.status === s).length ?? 0), 0);
  const failed = legs.filter((l) => l.results?.status === "fail").length;
  const missing = legs.filter((l) => !l.results).length;
  const passed = legs.length - failed - missing;
  return [
    `## ${failed || missing ? "\u274C" : "\u2705"} cc-ci: ${legs.length} recipe(s)`,
    "",
    `**${passed} passed** \xB7 **${failed} failed** \xB7 **${missing} missing** (no results uploaded)${runUrl2 ? ` \xB7 [run](${runUrl2})` : ""}`,
    "",
    `| recipe | result | ${OP_NAMES.join(" | ")} | leg |`,
    `| --- | --- | ${OP_NAMES.map(() => ":---:").join(" | ")} | --- |`,
    ...sorted.map((l) => {
      const result = !l.results ? "\u2753 missing" : l.results.status === "pass" ? "\u2705 pass" : "\u274C fail";
      const link = l.url ? `[logs](${l.url})` : "";
      return `| ${mdText(l.recipe)} | ${result} | ${OP_NAMES.map((op) => cell(l, op)).join(" | ")} | ${link} |`;
    }),
    "",
    `Ops: ${count("pass")} passed, ${count("fail")} failed, ${count("blocked")} blocked, ${count("skip")} skipped. \xB7 = not run.`,
    ""
  ].join("\n");
}

// src/action/run-report.ts
async function jobLinks(token) {
  if (!token || !process.env.GITHUB_RUN_ID) return () => void 0;
  try {
    const gh = gitHubClient(token);
    const jobs = await call(
      "list the jobs of this run",
      "actions: read",
      () => gh.paginate(gh.rest.actions.listJobsForWorkflowRun, { ...repoOf(), run_id: Number(process.env.GITHUB_RUN_ID), per_page: 100 })
    );
    return (recipe) => jobs.find((j) => new RegExp(`[(, ]${recipe.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}[,)]`).test(j.name))?.html_url ?? void 0;
  } catch (e) {
    warning(`cc-ci report: links go to the run, not to each job: ${errorMessage(e)}`);
    return () => void 0;
  }
}
async function runReport() {
  const { resultsDir, recipes, token } = reportInputs();
  const dir = resultsDir || await downloadRunArtifacts(artifactPrefix());
  const legs = /* @__PURE__ */ new Map();
  for (const recipe of recipes) legs.set(recipe, { recipe });
  const link = await jobLinks(token);
  for (const file of resultsFilesUnder(dir)) {
    try {
      const results = readResults(file);
      legs.set(results.recipe, { recipe: results.recipe, results, url: link(results.recipe) ?? runUrl() });
    } catch (e) {
      warning(`cc-ci report: ${file} is not a valid results.json (${errorMessage(e).split("\n")[0]}); that leg counts as missing`);
    }
  }
  const all = [...legs.values()];
  await writeJobSummary(renderMatrix(all, process.env.GITHUB_RUN_ID ? runUrl() : void 0));
  const bad = all.filter((l) => !l.results || l.results.status === "fail").map((l) => l.recipe);
  setOutput("status", bad.length ? "fail" : "pass");
  setOutput("failed-recipes", bad.join(","));
  if (bad.length) setFailed(`cc-ci: ${bad.length} of ${all.length} recipe(s) failed or reported nothing: ${bad.join(", ")}`);
}

// src/action/run-test.ts
import { dirname } from "node:path";

// src/action/events.ts
var ActionEvents = class extends TerminalEvents {
  constructor() {
    super(process.stdout);
  }
  mask(secret) {
    super.mask(secret);
    setSecret(secret);
  }
  warn(message) {
    warning(this.redact(message));
  }
};

// src/action/trust.ts
function isForkPullRequest(payload) {
  const pr = payload.pull_request;
  if (!pr) return false;
  const head = pr.head?.repo?.full_name;
  const base = pr.base?.repo?.full_name;
  return !head || head !== base;
}
function repoLocalTrusted() {
  const v = allowRepoLocalInput();
  if (v !== "auto") return v === "true";
  return !isForkPullRequest(context.payload);
}
function hostPolicy(setting, trusted) {
  if (setting === "allow") return ALLOW_HOST;
  if (setting === "refuse") return refuseHost("the workflow's host-access: refuse");
  if (trusted || process.env.RUNNER_ENVIRONMENT === "github-hosted") return ALLOW_HOST;
  return {
    allow: false,
    why: "refused on an untrusted run (a fork's pull request) on a self-hosted runner, whose host outlives the job; a maintainer can approve it with !testme, or the workflow can set host-access: allow"
  };
}

// src/action/pr-feedback.ts
async function prFeedback(r, opts) {
  if (context.eventName === "issue_comment") {
    info("cc-ci: a !testme test job writes nothing to GitHub; the workflow's mode: feedback job sets the status and the comment (docs/github.md)");
    return;
  }
  const number = pullRequestNumber();
  const { token } = opts;
  if (!opts.prComment || !number || !token) return;
  try {
    const how = await upsertComment(gitHubClient(token), { ...repoOf(), number }, r.recipe, renderComment(r, runUrl()));
    info(`cc-ci: ${how} the pull request comment`);
  } catch (e) {
    warning(`cc-ci: could not comment on the pull request: ${errorMessage(e)}`);
  }
}

// src/action/run-test.ts
async function runTest() {
  const inputs = testInputs();
  const interrupt = abortOnSignals();
  let stateDir = "";
  const backend = backendKind(inputs.backend, "input backend");
  const trusted = repoLocalTrusted();
  const results = await runSuite(
    {
      ...inputs,
      backend,
      hostPolicy: hostPolicy(inputs.hostAccess, trusted),
      repoLocalTrusted: trusted,
      recipeDir: inputs.recipePath,
      resultsFile: inputs.results,
      signal: interrupt.signal,
      onManifest: (path) => {
        saveManifestPath(path);
        stateDir = dirname(path);
      }
    },
    new ActionEvents()
  );
  setOutputs(results, inputs.results);
  await report(results, { recipePath: inputs.recipePath, resultsFile: inputs.results, stateDir });
  await prFeedback(results, { prComment: inputs.prComment, token: githubToken() });
  if (results.status === "fail") setFailed(`cc-ci: ${results.recipe}: ${failedOps(results).join(", ")} failed`);
}

// src/entrypoints/action-main.ts
var modes = { test: runTest, comment: runComment, feedback: runFeedback, report: runReport };
try {
  await modes[mode()]();
} catch (e) {
  failStep(e);
}
