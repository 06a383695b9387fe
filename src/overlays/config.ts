import { existsSync } from 'node:fs';
import { z } from 'zod';

import { OP_NAMES, OpName } from '../report/schema';
import { readYamlFile, type YamlFile } from '../util/yaml-file';
import { UserError } from '../errors';
import { didYouMean } from '../util/nearest';

const EnvMap = z
  .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'env keys are variable names: letters, digits, _'), z.union([z.string(), z.number(), z.boolean()]).transform(String))
  .describe('Variables as KEY: value');

const Status = z.number().int().min(100).max(599);

function isRegExp(s: string): boolean {
  try {
    new RegExp(s);
    return true;
  } catch {
    return false;
  }
}

/** A map keyed by op name; strict, so a misspelt op is an error rather than ignored. */
const perOp = <T extends z.ZodType>(value: T) => z.strictObject(Object.fromEntries(OP_NAMES.map((op) => [op, value.optional()])) as Record<OpName, z.ZodOptional<T>>);

/**
 * `.cc-ci/config.yml` (and a bundled overlay's config.yml): declarative settings, deep-merged
 * repo-local over bundled over these defaults. Strict: an unknown key is an error, not ignored.
 */
export const ConfigSchema = z
  .strictObject({
    env: EnvMap.describe("Extra variables added to the app's env file before the deploy (like `abra app config`).").optional(),
    upgrade: z
      .strictObject({
        from: z.string().min(1).describe(
            'Where the upgrade starts and which releases it passes through: previous, none, a release tag, chain (every release before head), chain:N (the last N) or TAG,TAG,... (oldest first). The upgrade-from input or flag, when given, wins.',
          ).optional(),
        env: EnvMap.describe("Extra variables added to the app's env file just before the upgrade deploy.").optional(),
      })
      .describe('Settings for the upgrade op.')
      .optional(),
    probe: z
      .strictObject({
        service: z.string().min(1).describe("Probe only the routers of this service (the recipe's name for it, e.g. app).").optional(),
        path: z.string().startsWith('/').describe('Path to GET instead of the router rule\'s path, e.g. /health.').optional(),
        status: z.array(Status).min(1).describe('Statuses that count as serving (default: 200-399 and 401). 404 is never allowed.').optional(),
        body: z
          .string()
          .min(1)
          .refine(isRegExp, 'is not a valid regular expression; escape a literal ( [ { . * + ? with a backslash')
          .describe('A regular expression the response body must match.')
          .optional(),
      })
      .describe('The serving check (install, upgrade, restore, and `cc-ci http`).')
      .optional(),
    traefik: z
      .strictObject({
        version: z.enum(['v2', 'v3']).describe("The traefik major the recipe's operators run (default v3): it decides stripprefix's forceSlash default and the provider's label names.").optional(),
        'rule-syntax': z.enum(['v2', 'v3']).describe('Rule syntax for routers without a ruleSyntax label, as traefik\'s core.defaultRuleSyntax (default v2, which Host(`a`, `b`) needs).').optional(),
      })
      .describe('How the serving check reads the traefik labels (docs/routing.md).')
      .optional(),
    timeouts: perOp(z.number().int().positive())
      .describe('Time limit per op in seconds (default 300). The timeout input or flag, when given, wins.')
      .optional(),
    skip: perOp(z.string().min(1))
      .describe('Ops this recipe does not run, each with the reason shown in the summary ("disabled by config: <reason>").')
      .optional(),
    'skip-generic': z
      .array(OpName)
      .describe("Ops whose generic assertions (serving, images, version label, snapshot completeness, restore proof) are not run; only the overlay's tests judge them. Flagged in the summary.")
      .optional(),
  })
  .describe('cc-ci overlay configuration (.cc-ci/config.yml)');

export type Config = z.infer<typeof ConfigSchema>;

/**
 * Reads and validates one config.yml; errors name the file, the line, and what to change. Where
 * it may be, and that it is a regular file of bounded size, was checked by the overlay listing
 * (listOverlayRoot), the only source of its path; what it holds is checked here.
 */
export function loadConfig(path: string, shown: string): Config {
  return readConfig(path, shown).config;
}

/** loadConfig, keeping the parsed file so a key's line can be named later (a tag upgrade.from names). */
export function readConfig(path: string, shown: string): { config: Config; yaml?: YamlFile } {
  if (!existsSync(path)) return { config: {} };
  const yaml = readYamlFile(path, shown);
  if (yaml.data === null || yaml.data === undefined) return { config: {}, yaml };
  const parsed = ConfigSchema.safeParse(yaml.data);
  if (parsed.success) return { config: parsed.data, yaml };
  throw configError(yaml, parsed.error.issues[0]!);
}

function configError(yaml: YamlFile, issue: z.core.$ZodIssue): UserError {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const where = path.join('.') || 'the file';
  const line = yaml.lineOf(path) ?? yaml.lineOf(path.slice(0, -1));
  const error = (message: string, at = line) => new UserError(message, yaml.shown, at);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const key = [...path, issue.keys[0]!];
      return error(`unknown key "${key.join('.')}"; ${didYouMean(issue.keys[0]!, knownKeys(path))}use one of: ${knownKeys(path).join(', ')}`, yaml.lineOf(key) ?? line);
    }
    case 'invalid_type':
      if (!path.length) return error('the file must be a mapping (key: value lines); start it with a key such as env: or probe:');
      return error(`${where} must be ${EXPECTED[issue.expected] ?? `${issue.expected}; see docs/config.md`}`);
    case 'invalid_value': {
      const value = valueAt(yaml.data, path);
      return error(`${where} is ${JSON.stringify(value)}; ${didYouMean(String(value), issue.values.map(String))}use one of: ${issue.values.join(', ')}`);
    }
    case 'invalid_key':
      return error(`key "${path.at(-1)}": ${issue.issues[0]?.message ?? issue.message}; rename it`);
    case 'invalid_union':
      return error(`${where} must be a string, a number or true/false, not a list or mapping; quote it if it is text`);
    case 'invalid_format':
      return error(issue.format === 'starts_with' ? `${where} must start with "${(issue as { prefix?: string }).prefix}"; write it like /health` : `${where} is not a valid ${issue.format}; see docs/config.md`);
    case 'too_small':
      if (issue.origin === 'array') return error(`${where} must be a list of at least ${issue.minimum} item(s); add one, or remove the key`);
      if (issue.origin === 'string') return error(`${where} is empty; give it a value, or remove the key`);
      return error(`${where} must be ${issue.inclusive ? `at least ${issue.minimum}` : `greater than ${issue.minimum}`}; raise it`);
    case 'too_big':
      return error(`${where} must be at most ${issue.maximum}; lower it`);
    default:
      return error(`${where}: ${issue.message}`);
  }
}

/** What a value of the wrong type should have been, and how to write it. */
const EXPECTED: Record<string, string> = {
  object: 'a mapping (key: value lines); write the keys under it, indented',
  array: 'a list; write it as [a, b] or one "- item" per line',
  number: 'a number; write it without quotes or units, e.g. 300',
  int: 'a whole number; drop the fraction',
  string: 'a string; quote it',
};

const valueAt = (data: unknown, path: (string | number)[]): unknown => path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined), data);

/** The keys allowed where an unknown one was found, for the error message. */
function knownKeys(path: (string | number)[]): string[] {
  let shape: z.ZodType = ConfigSchema;
  for (const p of path) {
    const inner = unwrap(shape);
    if (!(inner instanceof z.ZodObject)) break;
    shape = inner.shape[p as string] as z.ZodType;
  }
  const inner = unwrap(shape);
  return inner instanceof z.ZodObject ? Object.keys(inner.shape) : [];
}

function unwrap(t: z.ZodType): z.ZodType {
  return t instanceof z.ZodOptional ? unwrap(t.unwrap() as z.ZodType) : t;
}

/** Deep merge, later configs winning key by key (maps merge; lists and scalars replace). */
export function mergeConfigs(...configs: Config[]): Config {
  const merge = (a: unknown, b: unknown): unknown => {
    if (isPlain(a) && isPlain(b)) {
      const out: Record<string, unknown> = { ...a };
      for (const [k, v] of Object.entries(b)) out[k] = k in out ? merge(out[k], v) : v;
      return out;
    }
    return b === undefined ? a : b;
  };
  return configs.reduce((acc, c) => merge(acc, c) as Config, {} as Config);
}

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
