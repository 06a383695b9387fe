import { parseArgs } from 'node:util';

import { DEFAULT_OPS, parseRunOptions, type RunSettings } from '../engine/options';
import { UserError } from '../errors';
import { DEFAULT_STALE_SECONDS } from '../engine/reap';
import type { BackendName } from '../backends/backend';

/** Most recipes `test --jobs` runs at once: each is a process with its own deploy on one Docker host. */
export const MAX_JOBS = 16;

export const USAGE = `Usage:
  cc-ci test [RECIPE_DIR] [--ops LIST] [--backend swarm|abra] [--results FILE] [--domain D] [--recipe NAME]
             [--upgrade-from previous|none|chain|chain:N|TAG[,TAG...]] [--teardown always|on-success|never]
             [--timeout SECONDS] [--host-access allow|refuse]
                              host access: bind mounts, capabilities, devices, host network (default allow)
  cc-ci test RECIPE_DIR... [--jobs N] [--results-dir DIR] [same flags but --results, --domain, --recipe]
                              several recipes, N at a time (default 1, at most ${MAX_JOBS}), each its own
                              run; writes DIR/<recipe>.json each and prints a recipe × op grid
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

/** The run flags every recipe of `test --jobs` gets, passed on to its own `cc-ci test` as typed. */
const PASSED_ON = ['ops', 'backend', 'teardown', 'timeout', 'upgrade-from', 'host-access'] as const;

export type Command =
  | { kind: 'help' }
  | { kind: 'setup'; backend: BackendName }
  | { kind: 'teardown'; stack: string }
  | { kind: 'reap'; dryRun: boolean; staleSeconds: number }
  | { kind: 'exec'; service: string; argv: string[] }
  | { kind: 'http'; path: string; expect?: number; body?: string; service?: string }
  | { kind: 'logs'; service: string; tail: number }
  | ({ kind: 'test'; recipeDir: string; recipe?: string; domain?: string; results?: string } & RunSettings)
  | {
      kind: 'jobs';
      recipeDirs: string[];
      jobs: number;
      resultsDir?: string;
      backend: BackendName;
      /** The validated run flags as typed, for each recipe's own `cc-ci test`. */
      runArgs: string[];
    };

export function parseCommand(argv: string[]): Command {
  if (argv[0] === 'exec') return parseExec(argv.slice(1));
  if (argv[0] === 'http' || argv[0] === 'logs') return parseHelper(argv[0], argv.slice(1));
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        ops: { type: 'string' },
        backend: { type: 'string' },
        results: { type: 'string' },
        'results-dir': { type: 'string' },
        jobs: { type: 'string' },
        domain: { type: 'string' },
        recipe: { type: 'string' },
        teardown: { type: 'string' },
        timeout: { type: 'string' },
        'upgrade-from': { type: 'string' },
        'host-access': { type: 'string' },
        'dry-run': { type: 'boolean' },
        'older-than': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UserError(`${(e as Error).message.split(/\.\s|\n/)[0]}; see cc-ci --help`);
  }
  const {
    values: v,
    positionals: [cmd, ...rest],
  } = parsed;
  if (v.help || !cmd || cmd === 'help') return { kind: 'help' };
  if (cmd === 'setup') return { kind: 'setup', backend: parseRunOptions({ backend: v.backend }, (key) => `--${key}`).backend };
  if (cmd === 'teardown') {
    if (rest.length !== 1) throw new UserError('teardown takes exactly one STACK name; see cc-ci --help');
    if (!/^[A-Za-z0-9][\w-]*$/.test(rest[0]!)) throw new UserError(`teardown: "${rest[0]}" is not a stack name (letters, digits, _ and -)`);
    return { kind: 'teardown', stack: rest[0]! };
  }
  if (cmd === 'reap') {
    if (rest.length) throw new UserError('reap takes no positional arguments; see cc-ci --help');
    return {
      kind: 'reap',
      dryRun: v['dry-run'] ?? false,
      staleSeconds: v['older-than'] === undefined ? DEFAULT_STALE_SECONDS : duration(v['older-than'], '--older-than'),
    };
  }
  if (v['dry-run'] !== undefined || v['older-than'] !== undefined)
    throw new UserError('--dry-run and --older-than belong to cc-ci reap; see cc-ci --help');
  if (cmd !== 'test') throw new UserError(`unknown command "${cmd}"; use test, setup, teardown or reap`);
  const settings = parseRunOptions(v, (key) => `--${key}`);
  if (rest.length > 1 || v.jobs !== undefined || v['results-dir'] !== undefined) {
    for (const flag of ['results', 'domain'] as const)
      if (v[flag] !== undefined)
        throw new UserError(
          `--${flag} is for one recipe; with several RECIPE_DIRs, --jobs or --results-dir each run gets its own domain and results file: use --results-dir DIR`,
        );
    if (v.recipe !== undefined)
      throw new UserError(
        '--recipe is for one recipe; with several RECIPE_DIRs, --jobs or --results-dir each is named by TYPE= in its .env.sample, else its directory name',
      );
    if (v['results-dir'] === '') throw new UserError('--results-dir is empty; give a directory for the results files, e.g. ./results');
    return {
      kind: 'jobs',
      recipeDirs: rest.length ? rest : ['.'],
      jobs: jobCount(v.jobs),
      resultsDir: v['results-dir'],
      backend: settings.backend,
      runArgs: PASSED_ON.flatMap((key) => (v[key] === undefined ? [] : [`--${key}`, v[key]])),
    };
  }
  return {
    kind: 'test',
    recipeDir: rest[0] ?? '.',
    recipe: v.recipe,
    domain: v.domain,
    results: v.results,
    ...settings,
  };
}

function jobCount(text: string | undefined): number {
  if (text === undefined) return 1;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > MAX_JOBS)
    throw new UserError(`--jobs must be a whole number from 1 to ${MAX_JOBS}, not "${text}"`);
  return n;
}

/** `exec SERVICE -- CMD...`: everything after `--` is the command, untouched. */
function parseExec(args: string[]): Command {
  const dash = args.indexOf('--');
  const [service, ...extra] = dash < 0 ? args : args.slice(0, dash);
  const argv = dash < 0 ? [] : args.slice(dash + 1);
  if (!service || extra.length || argv.length === 0) throw new UserError('usage: cc-ci exec SERVICE -- CMD [ARG...]');
  return { kind: 'exec', service, argv };
}

function parseHelper(kind: 'http' | 'logs', args: string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: { expect: { type: 'string' }, body: { type: 'string' }, service: { type: 'string' }, tail: { type: 'string' } },
    });
  } catch (e) {
    throw new UserError(`${(e as Error).message.split(/\.\s|\n/)[0]}; see cc-ci --help`);
  }
  const { values: v, positionals } = parsed;
  const number = (name: string, value: string | undefined, fallback?: number) => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new UserError(`--${name} must be a whole number, not "${value}"`);
    return n;
  };
  if (positionals.length !== 1)
    throw new UserError(
      kind === 'http' ? 'usage: cc-ci http PATH [--expect STATUS] [--body REGEX] [--service S]' : 'usage: cc-ci logs SERVICE [--tail N]',
    );
  if (kind === 'logs') return { kind, service: positionals[0]!, tail: number('tail', v.tail, 100)! };
  if (!positionals[0]!.startsWith('/')) throw new UserError(`cc-ci http: PATH must start with /, not "${positionals[0]}"`);
  if (v.body !== undefined) {
    try {
      new RegExp(v.body);
    } catch {
      throw new UserError(`--body is not a valid regular expression: ${v.body}`);
    }
  }
  return { kind, path: positionals[0]!, expect: number('expect', v.expect), body: v.body, service: v.service };
}

const UNIT_SECONDS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };

/** `90`, `90s`, `30m`, `2h`, `1d` as seconds. */
export function duration(text: string, flag: string): number {
  const m = /^(\d{1,7})([smhd]?)$/.exec(text.trim());
  if (!m) throw new UserError(`${flag} must be a duration like 90s, 30m, 2h or 1d, not "${text}"`);
  return Number(m[1]) * UNIT_SECONDS[m[2]!]!;
}
