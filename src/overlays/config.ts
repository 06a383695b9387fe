import { existsSync } from 'node:fs';
import { z } from 'zod';

import { OP_NAMES, OpName } from '../report/schema';
import { readYamlFile, type YamlFile } from '../util/yaml-file';
import { UserError } from '../errors';

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
        from: z.string().min(1).describe('The release the upgrade starts from: previous, none, or a release tag. The upgrade-from input or flag, when given, wins.').optional(),
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
          .refine(isRegExp, 'is not a valid regular expression')
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
  if (!existsSync(path)) return {};
  const yaml = readYamlFile(path, shown);
  if (yaml.data === null || yaml.data === undefined) return {};
  const parsed = ConfigSchema.safeParse(yaml.data);
  if (parsed.success) return parsed.data;
  throw configError(yaml, parsed.error.issues[0]!);
}

function configError(yaml: YamlFile, issue: z.core.$ZodIssue): UserError {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const where = path.join('.') || 'the file';
  const line = yaml.lineOf(path) ?? yaml.lineOf(path.slice(0, -1));
  const kinds: Record<string, string> = { object: 'a mapping (key: value lines)', array: 'a list', number: 'a number', string: 'a string' };
  switch (issue.code) {
    case 'unrecognized_keys': {
      const key = [...path, issue.keys[0]!];
      return new UserError(`unknown key "${key.join('.')}"; use one of: ${knownKeys(path).join(', ')}`, yaml.shown, yaml.lineOf(key) ?? line);
    }
    case 'invalid_type':
      return new UserError(`${where} must be ${kinds[issue.expected] ?? issue.expected}`, yaml.shown, line);
    case 'invalid_value':
      return new UserError(`${where} must be one of: ${issue.values.join(', ')}`, yaml.shown, line);
    case 'invalid_key':
      return new UserError(`key "${path.at(-1)}": ${issue.issues[0]?.message ?? issue.message}`, yaml.shown, line);
    case 'too_small':
      return new UserError(`${where} must be ${issue.origin === 'array' ? `a list of at least ${issue.minimum}` : `at least ${issue.minimum}`}`, yaml.shown, line);
    case 'too_big':
      return new UserError(`${where} must be at most ${issue.maximum}`, yaml.shown, line);
    default:
      return new UserError(`${where}: ${issue.message}`, yaml.shown, line);
  }
}

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
