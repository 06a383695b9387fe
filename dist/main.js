import { createRequire as __ccciRequire } from 'node:module'; const require = __ccciRequire(import.meta.url);
import {
  ALLOW_HOST,
  TerminalEvents,
  abortOnSignals,
  refuseHost,
  renderMatrix,
  runSuite
} from "./chunks/chunk-GFMEY4DE.js";
import {
  failStep
} from "./chunks/chunk-OT6HVCFT.js";
import "./chunks/chunk-QGSLCRJN.js";
import {
  attemptOf,
  downloadRunArtifacts,
  failedOps,
  recipeInWorkspace,
  report,
  resultsFilesUnder,
  saveManifestPath,
  setOutputs,
  writeJobSummary
} from "./chunks/chunk-REBNLGPB.js";
import {
  markdownTable,
  readResults
} from "./chunks/chunk-E2UVBTEE.js";
import {
  allowRepoLocalInput,
  feedbackInputs,
  githubToken,
  mode,
  recipeInput,
  recipePathInput,
  reportInputs,
  testInputs
} from "./chunks/chunk-54KRV55O.js";
import {
  OP_NAMES,
  OpName,
  RECIPE_NAME,
  UserError,
  backendKind,
  errorMessage,
  mdCode,
  mdText,
  noCommands,
  oneLine,
  plainLines,
  seconds
} from "./chunks/chunk-3ENYTVF4.js";
import {
  context,
  getOctokit,
  require_light,
  retry
} from "./chunks/chunk-SNPM7W3R.js";
import {
  debug,
  endGroup,
  info,
  setFailed,
  setOutput,
  setSecret,
  startGroup,
  warning
} from "./chunks/chunk-ADTZBRDJ.js";
import {
  __toESM
} from "./chunks/chunk-I3NGZZSY.js";

// node_modules/@octokit/plugin-throttling/dist-bundle/index.js
var import_light = __toESM(require_light(), 1);
var VERSION = "0.0.0-development";
var noop = () => Promise.resolve();
function wrapRequest(state, request, options) {
  return state.retryLimiter.schedule(doRequest, state, request, options);
}
async function doRequest(state, request, options) {
  const { pathname } = new URL(options.url, "http://github.test");
  const isAuth = isAuthRequest(options.method, pathname);
  const isWrite = !isAuth && options.method !== "GET" && options.method !== "HEAD";
  const isSearch = options.method === "GET" && pathname.startsWith("/search/");
  const isGraphQL = pathname.startsWith("/graphql");
  const retryCount = ~~request.retryCount;
  const jobOptions = retryCount > 0 ? { priority: 0, weight: 0 } : {};
  if (state.clustering) {
    jobOptions.expiration = 1e3 * 60;
  }
  if (isWrite || isGraphQL) {
    await state.write.key(state.id).schedule(jobOptions, noop);
  }
  if (isWrite && state.triggersNotification(pathname)) {
    await state.notifications.key(state.id).schedule(jobOptions, noop);
  }
  if (isSearch) {
    await state.search.key(state.id).schedule(jobOptions, noop);
  }
  const req = (isAuth ? state.auth : state.global).key(state.id).schedule(jobOptions, request, options);
  if (isGraphQL) {
    const res = await req;
    if (res.data.errors != null && res.data.errors.some((error) => error.type === "RATE_LIMITED")) {
      const error = Object.assign(new Error("GraphQL Rate Limit Exceeded"), {
        response: res,
        data: res.data
      });
      throw error;
    }
  }
  return req;
}
function isAuthRequest(method, pathname) {
  return method === "PATCH" && // https://docs.github.com/en/rest/apps/apps?apiVersion=2022-11-28#create-a-scoped-access-token
  /^\/applications\/[^/]+\/token\/scoped$/.test(pathname) || method === "POST" && // https://docs.github.com/en/rest/apps/oauth-applications?apiVersion=2022-11-28#reset-a-token
  (/^\/applications\/[^/]+\/token$/.test(pathname) || // https://docs.github.com/en/rest/apps/apps?apiVersion=2022-11-28#create-an-installation-access-token-for-an-app
  /^\/app\/installations\/[^/]+\/access_tokens$/.test(pathname) || // https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps
  pathname === "/login/oauth/access_token");
}
var triggers_notification_paths_default = [
  "/orgs/{org}/invitations",
  "/orgs/{org}/invitations/{invitation_id}",
  "/orgs/{org}/teams/{team_slug}/discussions",
  "/orgs/{org}/teams/{team_slug}/discussions/{discussion_number}/comments",
  "/repos/{owner}/{repo}/collaborators/{username}",
  "/repos/{owner}/{repo}/commits/{commit_sha}/comments",
  "/repos/{owner}/{repo}/issues",
  "/repos/{owner}/{repo}/issues/{issue_number}/comments",
  "/repos/{owner}/{repo}/issues/{issue_number}/sub_issue",
  "/repos/{owner}/{repo}/issues/{issue_number}/sub_issues/priority",
  "/repos/{owner}/{repo}/pulls",
  "/repos/{owner}/{repo}/pulls/{pull_number}/comments",
  "/repos/{owner}/{repo}/pulls/{pull_number}/comments/{comment_id}/replies",
  "/repos/{owner}/{repo}/pulls/{pull_number}/merge",
  "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers",
  "/repos/{owner}/{repo}/pulls/{pull_number}/reviews",
  "/repos/{owner}/{repo}/releases",
  "/teams/{team_id}/discussions",
  "/teams/{team_id}/discussions/{discussion_number}/comments"
];
function routeMatcher(paths) {
  const regexes = paths.map(
    (path) => path.split("/").map((c) => c.startsWith("{") ? "(?:.+?)" : c).join("/")
  );
  const regex2 = `^(?:${regexes.map((r) => `(?:${r})`).join("|")})[^/]*$`;
  return new RegExp(regex2, "i");
}
var regex = routeMatcher(triggers_notification_paths_default);
var triggersNotification = regex.test.bind(regex);
var groups = {};
var createGroups = function(Bottleneck, common) {
  groups.global = new Bottleneck.Group({
    id: "octokit-global",
    maxConcurrent: 10,
    ...common
  });
  groups.auth = new Bottleneck.Group({
    id: "octokit-auth",
    maxConcurrent: 1,
    ...common
  });
  groups.search = new Bottleneck.Group({
    id: "octokit-search",
    maxConcurrent: 1,
    minTime: 2e3,
    ...common
  });
  groups.write = new Bottleneck.Group({
    id: "octokit-write",
    maxConcurrent: 1,
    minTime: 1e3,
    ...common
  });
  groups.notifications = new Bottleneck.Group({
    id: "octokit-notifications",
    maxConcurrent: 1,
    minTime: 3e3,
    ...common
  });
};
function throttling(octokit, octokitOptions) {
  const {
    enabled = true,
    Bottleneck = import_light.default,
    id = "no-id",
    timeout = 1e3 * 60 * 2,
    // Redis TTL: 2 minutes
    connection
  } = octokitOptions.throttle || {};
  if (!enabled) {
    return {};
  }
  const common = { timeout };
  if (typeof connection !== "undefined") {
    common.connection = connection;
  }
  const state = Object.assign(
    {
      clustering: connection != null,
      triggersNotification,
      fallbackSecondaryRateRetryAfter: 60,
      retryAfterBaseValue: 1e3,
      id
    },
    octokitOptions.throttle
  );
  if (typeof state.onSecondaryRateLimit !== "function" || typeof state.onRateLimit !== "function") {
    throw new Error(`octokit/plugin-throttling error:
        You must pass the onSecondaryRateLimit and onRateLimit error handlers.
        See https://octokit.github.io/rest.js/#throttling

        const octokit = new Octokit({
          throttle: {
            onSecondaryRateLimit: (retryAfter, options) => {/* ... */},
            onRateLimit: (retryAfter, options) => {/* ... */}
          }
        })
    `);
  }
  let initialized = false;
  const initializeBottleneck = () => {
    if (initialized) {
      return;
    }
    initialized = true;
    if (groups.global == null) {
      createGroups(Bottleneck, common);
    }
    state.global = state.global ?? groups.global;
    state.auth = state.auth ?? groups.auth;
    state.search = state.search ?? groups.search;
    state.write = state.write ?? groups.write;
    state.notifications = state.notifications ?? groups.notifications;
    state.retryLimiter = state.retryLimiter ?? new Bottleneck();
    const events = {};
    const emitter = new Bottleneck.Events(events);
    events.on("secondary-limit", state.onSecondaryRateLimit);
    events.on("rate-limit", state.onRateLimit);
    events.on(
      "error",
      (e) => octokit.log.warn("Error in throttling-plugin limit handler", e)
    );
    state.retryLimiter.on("failed", async function(error, info2) {
      const [state2, request, options] = info2.args;
      const { pathname } = new URL(options.url, "http://github.test");
      const shouldRetryGraphQL = pathname.startsWith("/graphql") && error.status !== 401;
      if (!(shouldRetryGraphQL || error.status === 403 || error.status === 429)) {
        return;
      }
      const retryCount = ~~request.retryCount;
      request.retryCount = retryCount;
      options.request.retryCount = retryCount;
      const { wantRetry, retryAfter = 0 } = await (async function() {
        if (/\bsecondary rate\b/i.test(error.message)) {
          const retryAfter2 = Number(error.response.headers["retry-after"]) || state2.fallbackSecondaryRateRetryAfter;
          const wantRetry2 = await emitter.trigger(
            "secondary-limit",
            retryAfter2,
            options,
            octokit,
            retryCount
          );
          return { wantRetry: wantRetry2, retryAfter: retryAfter2 };
        }
        if (error.response.headers != null && error.response.headers["x-ratelimit-remaining"] === "0" || (error.response.data?.errors ?? []).some(
          (error2) => error2.type === "RATE_LIMITED"
        )) {
          const rateLimitReset = new Date(
            ~~error.response.headers["x-ratelimit-reset"] * 1e3
          ).getTime();
          const retryAfter2 = Math.max(
            // Add one second so we retry _after_ the reset time
            // https://docs.github.com/en/rest/overview/resources-in-the-rest-api?apiVersion=2022-11-28#exceeding-the-rate-limit
            Math.ceil((rateLimitReset - Date.now()) / 1e3) + 1,
            0
          );
          const wantRetry2 = await emitter.trigger(
            "rate-limit",
            retryAfter2,
            options,
            octokit,
            retryCount
          );
          return { wantRetry: wantRetry2, retryAfter: retryAfter2 };
        }
        return {};
      })();
      if (wantRetry) {
        request.retryCount++;
        return retryAfter * state2.retryAfterBaseValue;
      }
    });
  };
  octokit.hook.wrap("request", (request, options) => {
    initializeBottleneck();
    return wrapRequest(state, request, options);
  });
  return {};
}
throttling.VERSION = VERSION;
throttling.triggersNotification = triggersNotification;

// src/github/client.ts
var RATE_LIMIT_RETRIES = 2;
var MAX_RATE_LIMIT_WAIT_S = 600;
function gitHubClient(token, timing = {}) {
  if (!token)
    throw new UserError(
      "input github-token is empty; pass ${{ github.token }} (the default) or a token with the permissions listed in docs/github.md"
    );
  const { msPerSecond = 1e3, log = warning } = timing;
  const onLimit = (kind) => (retryAfter, options, _octokit, retryCount) => {
    const again = retryCount < RATE_LIMIT_RETRIES && retryAfter <= MAX_RATE_LIMIT_WAIT_S;
    const then = again ? `waiting ${retryAfter}s, then retry ${retryCount + 1} of ${RATE_LIMIT_RETRIES}` : `giving up (${retryCount} retries done; GitHub asks for ${retryAfter}s more)`;
    log(`GitHub's ${kind} rate limit stopped ${options.method} ${options.url}; ${then}`);
    return again;
  };
  const baseUrl = process.env.GITHUB_API_URL || "https://api.github.com";
  return getOctokit(
    token,
    {
      baseUrl,
      retry: { retries: 3, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451], retryAfterBaseValue: msPerSecond },
      throttle: { onRateLimit: onLimit("primary"), onSecondaryRateLimit: onLimit("secondary"), retryAfterBaseValue: msPerSecond }
    },
    retry,
    throttling
  );
}
function isRateLimited(e) {
  const err = e;
  if (err?.status !== 403 && err?.status !== 429) return false;
  return err.status === 429 || err.response?.headers?.["x-ratelimit-remaining"] === "0" || /rate limit/i.test(err.message ?? "");
}
async function call(what, permission, fn) {
  try {
    return await fn();
  } catch (e) {
    const err = e;
    const said = `${err.status}: ${err.message?.split("\n")[0] ?? "forbidden"}`;
    if (isRateLimited(e)) {
      const reset = Number(err.response?.headers?.["x-ratelimit-reset"]);
      const when = reset ? `after ${new Date(reset * 1e3).toISOString().slice(11, 16)} UTC, when it resets` : "in a few minutes";
      throw new UserError(`GitHub's API rate limit stopped cc-ci from trying to ${what} (${said}); re-run the job ${when}`);
    }
    if (err.status === 403) throw new UserError(`GitHub refused to ${what} (${said}); add "${permission}" to the job's permissions`);
    throw e;
  }
}

// src/github/testme.ts
var TESTME = "!testme";
var TESTME_USAGE = "`!testme` runs every op; `!testme install upgrade` runs those; `!testme from=1.2.0+1.0` (or `from=none`, `from=chain:3`, `from=1.0.0+1,1.2.0+1`) picks the upgrade path";
var TRUSTED = ["OWNER", "MEMBER", "COLLABORATOR"];
function parseTestme(body) {
  const text = body.trim();
  if (text.includes("\n") || !(text === TESTME || text.startsWith(`${TESTME} `))) return { kind: "none" };
  const ops = [];
  let upgradeFrom;
  for (const word of text.slice(TESTME.length).trim().split(/\s+/).filter(Boolean)) {
    const op = OpName.safeParse(word);
    if (op.success) ops.push(op.data);
    else if (/^from=[\w.+:,-]+$/.test(word)) upgradeFrom = word.slice(5);
    else return { kind: "invalid", why: `"${mdText(word.slice(0, 40))}" is neither an op (${OP_NAMES.join(", ")}) nor from=<release>` };
  }
  return { kind: "run", ops, upgradeFrom };
}
async function gateComment(gh, ev, status) {
  if (!ev.isPullRequest) return { run: false, reason: "the comment is not on a pull request" };
  const parsed = parseTestme(ev.body);
  if (parsed.kind === "none") return { run: false, reason: "the comment is not a !testme command" };
  const { owner, repo } = ev;
  const react = (content) => call(
    "react to the comment",
    "pull-requests: write",
    () => gh.rest.reactions.createForIssueComment({ owner, repo, comment_id: ev.commentId, content })
  );
  const reply = (body) => call(
    "comment on the pull request",
    "pull-requests: write",
    () => gh.rest.issues.createComment({ owner, repo, issue_number: ev.number, body })
  );
  if (!TRUSTED.includes(ev.association)) {
    await react("eyes");
    await reply(
      `Thanks for the nudge, @${ev.author}! cc-ci runs on \`!testme\` from maintainers of this repository (owners, members and collaborators), because it deploys the pull request's code. A maintainer can comment \`!testme\` to start it.`
    );
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
    () => gh.rest.repos.createCommitStatus({
      ...at,
      state,
      context: status.context,
      description: description.slice(0, 140),
      target_url: status.runUrl
    })
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
  if (eventName !== "issue_comment")
    throw new UserError(`mode: comment handles issue_comment events, not ${eventName || "none"}; see docs/github.md`);
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
async function authorTest(gh) {
  try {
    const { data } = await gh.rest.users.getAuthenticated();
    return (user) => user?.login === data.login;
  } catch (e) {
    const status = e.status;
    if ((status === 401 || status === 403 || status === 404) && !isRateLimited(e)) return (user) => user?.type === "Bot";
    throw e;
  }
}
async function upsertComment(gh, at, recipe, body) {
  const text = `${marker(recipe)}
${body}`;
  const byThisToken = await authorTest(gh);
  const comments = await call(
    "list the pull request comments",
    "pull-requests: read",
    () => gh.paginate(gh.rest.issues.listComments, { owner: at.owner, repo: at.repo, issue_number: at.number, per_page: 100 })
  );
  const mine = comments.find((c) => byThisToken(c.user) && c.body?.startsWith(`${marker(recipe)}
`));
  if (mine) {
    await call(
      "edit the cc-ci comment",
      "pull-requests: write",
      () => gh.rest.issues.updateComment({ owner: at.owner, repo: at.repo, comment_id: mine.id, body: text })
    );
    return "updated";
  }
  await call(
    "comment on the pull request",
    "pull-requests: write",
    () => gh.rest.issues.createComment({ owner: at.owner, repo: at.repo, issue_number: at.number, body: text })
  );
  return "created";
}

// src/report/pr-comment.ts
function renderComment(r, runUrl2) {
  const head = r.head.version === null ? "head" : mdText(r.head.version);
  const range = r.base ? `${mdText(r.base.version)} \u2192 ${head}` : head;
  const commit = /^[0-9a-f]{40}$/.test(r.head.ref) ? ` \xB7 commit ${r.head.ref.slice(0, 8)}` : "";
  const failures = r.ops.filter((o) => o.autopsy).map(
    (o) => `- **${o.op}**: ${o.autopsy.reason.replace(/_/g, " ")}${o.autopsy.service ? ` in ${mdCode(o.autopsy.service)}` : ""}. ${mdText(o.autopsy.hint.split(". ")[0])}.`
  );
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
    dir ||= await downloadRunArtifacts(recipe);
  } catch (e) {
    warning(`cc-ci feedback: could not download the test job's artifacts: ${untrusted(errorMessage(e))}`);
    return { error: "the test job's artifact could not be downloaded", recipe };
  }
  const files = resultsFilesUnder(dir);
  if (files.length !== 1)
    return { error: files.length ? `${files.length} results files, expected one` : "the test job uploaded no results", recipe };
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
  return [
    `### \u26A0\uFE0F cc-ci: ${recipe} has no results`,
    "",
    `commit ${sha.slice(0, 8)} \xB7 ${error} \xB7 [the run](${runUrl()})`,
    "",
    "<sub>Comment `!testme` to run again.</sub>"
  ].join("\n");
}
async function runFeedback() {
  const { sha, recipe, resultsDir, token, comment } = feedbackInputs();
  if (!SHA.test(sha))
    throw new UserError(`mode: feedback needs input sha, the commit the gate resolved (needs.gate.outputs.sha), as 40 hex digits`);
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
  await setStatus(
    gh,
    at,
    r.status === "pass" ? "success" : "failure",
    r.status === "pass" ? "all ops passed" : `${failed.join(", ") || "the run"} failed`,
    status
  );
  if (comment)
    info(`cc-ci: ${await upsertComment(gh, { ...repoOf(), number }, v.recipe, renderComment(r, runUrl()))} the pull request comment`);
  setOutput("status", r.status);
  setOutput("failed-ops", failed.join(","));
  if (r.status === "fail") setFailed(`cc-ci: ${v.recipe}: ${failed.join(", ") || "the run"} failed`);
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
  const dir = resultsDir || await downloadRunArtifacts();
  const legs = /* @__PURE__ */ new Map();
  for (const recipe of recipes) legs.set(recipe, { recipe });
  const link = await jobLinks(token);
  for (const file of resultsFilesUnder(dir)) {
    try {
      const results = readResults(file);
      if (legs.get(results.recipe)?.results)
        warning(`cc-ci report: more than one results.json for ${results.recipe}; showing ${file}`);
      legs.set(results.recipe, { recipe: results.recipe, results, attempt: attemptOf(file), url: link(results.recipe) ?? runUrl() });
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
  group;
  onExit = () => this.close();
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
  debug(message) {
    for (const l of plainLines(message)) debug(noCommands(this.redact(l)));
  }
  opStarted(op) {
    this.open(op);
    super.opStarted(op);
  }
  /** An op that never started (skipped, blocked) gets a group too, holding its verdict. */
  opFinished(r) {
    if (this.group !== r.op) this.open(r.op);
    super.opFinished(r);
    this.close();
  }
  /** Ends the open op group, if any. */
  close() {
    if (!this.group) return;
    this.group = void 0;
    process.off("exit", this.onExit);
    endGroup();
  }
  open(op) {
    this.close();
    this.group = op;
    process.once("exit", this.onExit);
    startGroup(op);
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
  if (v !== "auto") return v;
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
    info(
      "cc-ci: a !testme test job writes nothing to GitHub; the workflow's mode: feedback job sets the status and the comment (docs/github.md)"
    );
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
  const events = new ActionEvents();
  let results;
  try {
    results = await runSuite(
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
      events
    );
  } finally {
    events.close();
  }
  setOutputs(results, inputs.results);
  await report(results, { recipePath: inputs.recipePath, resultsFile: inputs.results, stateDir, retentionDays: inputs.retentionDays });
  await prFeedback(results, { prComment: inputs.prComment, token: githubToken() });
  if (results.status === "fail") setFailed(`cc-ci: ${results.recipe}: ${failedOps(results).join(", ")} failed`);
}

// src/entrypoints/action-main.ts
var modes = { test: runTest, comment: runComment, feedback: runFeedback, report: runReport };
var m;
try {
  m = mode();
  await modes[m]();
} catch (e) {
  failStep(e, m === "test" ? recipeInWorkspace(recipePathInput()) : void 0);
}
