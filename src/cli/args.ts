import { parseArgs } from 'node:util';
import { UserError } from '../engine/errors';
import { DEFAULT_OPS, parseRunOptions, type RunSettings } from '../engine/options';

export const USAGE = `Usage:
  cc-ci test [RECIPE_DIR] [--ops LIST] [--backend swarm] [--results FILE] [--domain D] [--recipe NAME]
             [--upgrade-from previous|none|TAG] [--teardown always|on-success|never] [--timeout SECONDS]
  cc-ci setup                 prepare this Docker host (swarm, proxy network, helper image)
  cc-ci teardown STACK        remove a stack a run kept (teardown: never / on-success)

Ops (default ${DEFAULT_OPS}) always run in that order against one deployment.
Exit codes: 0 all passed or skipped, 1 an op failed, 2 usage, config or environment error,
130/143 interrupted (after tearing down).`;

export type Command =
  | { kind: 'help' }
  | { kind: 'setup' }
  | { kind: 'teardown'; stack: string }
  | ({ kind: 'test'; recipeDir: string; recipe?: string; domain?: string; results?: string } & RunSettings);

export function parseCommand(argv: string[]): Command {
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
        domain: { type: 'string' },
        recipe: { type: 'string' },
        teardown: { type: 'string' },
        timeout: { type: 'string' },
        'upgrade-from': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UserError(`${(e as Error).message.split(/\.\s|\n/)[0]}; see cc-ci --help`);
  }
  const { values: v, positionals: [cmd, ...rest] } = parsed;
  if (v.help || !cmd || cmd === 'help') return { kind: 'help' };
  if (cmd === 'setup') return { kind: 'setup' };
  if (cmd === 'teardown') {
    if (rest.length !== 1) throw new UserError('teardown takes exactly one STACK name; see cc-ci --help');
    return { kind: 'teardown', stack: rest[0]! };
  }
  if (cmd !== 'test') throw new UserError(`unknown command "${cmd}"; use test, setup or teardown`);
  if (rest.length > 1) throw new UserError(`test takes one RECIPE_DIR, got ${rest.length}; see cc-ci --help`);
  return {
    kind: 'test',
    recipeDir: rest[0] ?? '.',
    recipe: v.recipe,
    domain: v.domain,
    results: v.results,
    ...parseRunOptions(v, (key) => `--${key}`),
  };
}
