import { createRequire as __ccciRequire } from 'node:module'; const require = __ccciRequire(import.meta.url);
import {
  TerminalEvents,
  runSuite,
  textTable
} from "./chunks/chunk-ZSQUSLRA.js";
import {
  setupSwarm
} from "./chunks/chunk-4MY4FY2L.js";
import {
  teardownStack
} from "./chunks/chunk-HHQXM3EC.js";
import {
  DEFAULT_OPS,
  DockerApi,
  Interrupted,
  UserError,
  errorMessage,
  parseRunOptions
} from "./chunks/chunk-XBFKV7RT.js";

// src/cli/main.ts
import { tmpdir } from "node:os";
import { join } from "node:path";

// src/cli/args.ts
import { parseArgs } from "node:util";
var USAGE = `Usage:
  cc-ci test [RECIPE_DIR] [--ops LIST] [--backend swarm] [--results FILE] [--domain D] [--recipe NAME]
             [--upgrade-from previous|none|TAG] [--teardown always|on-success|never] [--timeout SECONDS]
  cc-ci setup                 prepare this Docker host (swarm, proxy network, helper image)
  cc-ci teardown STACK        remove a stack a run kept (teardown: never / on-success)

Ops (default ${DEFAULT_OPS}) always run in that order against one deployment.
Exit codes: 0 all passed or skipped, 1 an op failed, 2 usage, config or environment error,
130/143 interrupted (after tearing down).`;
function parseCommand(argv) {
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
        domain: { type: "string" },
        recipe: { type: "string" },
        teardown: { type: "string" },
        timeout: { type: "string" },
        "upgrade-from": { type: "string" },
        help: { type: "boolean", short: "h" }
      }
    });
  } catch (e) {
    throw new UserError(`${e.message.split(/\.\s|\n/)[0]}; see cc-ci --help`);
  }
  const { values: v, positionals: [cmd, ...rest] } = parsed;
  if (v.help || !cmd || cmd === "help") return { kind: "help" };
  if (cmd === "setup") return { kind: "setup" };
  if (cmd === "teardown") {
    if (rest.length !== 1) throw new UserError("teardown takes exactly one STACK name; see cc-ci --help");
    return { kind: "teardown", stack: rest[0] };
  }
  if (cmd !== "test") throw new UserError(`unknown command "${cmd}"; use test, setup or teardown`);
  if (rest.length > 1) throw new UserError(`test takes one RECIPE_DIR, got ${rest.length}; see cc-ci --help`);
  return {
    kind: "test",
    recipeDir: rest[0] ?? ".",
    recipe: v.recipe,
    domain: v.domain,
    results: v.results,
    ...parseRunOptions(v, (key) => `--${key}`)
  };
}

// src/cli/main.ts
var SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 };
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
        await setupSwarm(new DockerApi(), { initSwarm: true, log: (m) => events.info(m) });
        return 0;
      case "teardown": {
        const report = await teardownStack(new DockerApi(), cmd.stack);
        for (const p of report.problems) events.warn(p);
        events.info(report.leftovers.length ? `left behind: ${report.leftovers.join(", ")}` : `stack ${cmd.stack}: nothing left`);
        return report.leftovers.length ? 1 : 0;
      }
      case "test": {
        const abort = new AbortController();
        const onSignal = (sig) => {
          if (abort.signal.aborted) return events.warn(`${sig}: still tearing down, please wait`);
          events.warn(`${sig}: stopping the current op and tearing down`);
          abort.abort(new Interrupted(sig));
        };
        process.on("SIGINT", onSignal);
        process.on("SIGTERM", onSignal);
        try {
          const results = await runSuite(
            {
              recipeDir: cmd.recipeDir,
              recipe: cmd.recipe,
              ops: cmd.ops,
              domain: cmd.domain,
              upgradeFrom: cmd.upgradeFrom,
              teardown: cmd.teardown,
              timeouts: cmd.timeout ? Object.fromEntries(cmd.ops.map((op) => [op, cmd.timeout])) : void 0,
              stateRoot: join(tmpdir(), "cc-ci"),
              resultsFile: cmd.results,
              initSwarm: true,
              signal: abort.signal
            },
            events
          );
          process.stdout.write(`
${events.redact(textTable(results))}

`);
          events.info(`deploys: ${results.deployCount}; teardown: ${results.teardown.status}${results.teardown.leftovers.length ? ` (${results.teardown.leftovers.length} left)` : ""}; results: ${cmd.results ?? join(tmpdir(), "cc-ci", results.stack, "results.json")}`);
          if (abort.signal.aborted) return SIGNAL_EXIT[abort.signal.reason.signal] ?? 130;
          return results.status === "pass" ? 0 : 1;
        } finally {
          process.off("SIGINT", onSignal);
          process.off("SIGTERM", onSignal);
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

// src/entrypoints/cli.ts
process.exitCode = await main(process.argv.slice(2));
