import { parseArgs } from 'node:util';
import { UserError } from '../engine/errors';
import { OP_NAMES, TeardownStrategy, type OpName } from '../report/schema';
import { parseOps } from '../engine/options';

export const USAGE = `Usage:
  cc-ci test [RECIPE_DIR] [--ops LIST] [--backend swarm] [--results FILE] [--domain D]
             [--recipe NAME] [--teardown always|on-success|never] [--timeout SECONDS]
  cc-ci setup                 prepare this Docker host (swarm, proxy network, helper image)
  cc-ci teardown STACK        remove a stack a run kept (teardown: never / on-success)

Ops: ${OP_NAMES.join(', ')} (default: install). Exit codes: 0 all passed or skipped, 1 an op
failed, 2 usage, config or environment error, 130/143 interrupted.`;

export type Command =
  | { kind: 'help' }
  | { kind: 'setup' }
  | { kind: 'teardown'; stack: string }
  | {
      kind: 'test';
      recipeDir: string;
      recipe?: string;
      ops: OpName[];
      domain?: string;
      results?: string;
      teardown: TeardownStrategy;
      timeout?: number;
    };

export function parseCommand(argv: string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        ops: { type: 'string' },
        backend: { type: 'string', default: 'swarm' },
        results: { type: 'string' },
        domain: { type: 'string' },
        recipe: { type: 'string' },
        teardown: { type: 'string', default: 'always' },
        timeout: { type: 'string' },
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
  if (v.backend !== 'swarm') throw new UserError(`--backend ${v.backend} is not available in this version; use --backend swarm`);
  const teardown = TeardownStrategy.safeParse(v.teardown);
  if (!teardown.success) throw new UserError(`--teardown must be always, on-success or never, not "${v.teardown}"`);
  let timeout: number | undefined;
  if (v.timeout !== undefined) {
    timeout = Number(v.timeout);
    if (!Number.isInteger(timeout) || timeout < 1) throw new UserError(`--timeout must be a whole number of seconds, not "${v.timeout}"`);
  }
  return {
    kind: 'test',
    recipeDir: rest[0] ?? '.',
    recipe: v.recipe,
    ops: parseOps(v.ops ?? 'install', '--ops'),
    domain: v.domain,
    results: v.results,
    teardown: teardown.data,
    timeout,
  };
}
