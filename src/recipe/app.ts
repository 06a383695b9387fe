import { randomBytes } from 'node:crypto';
import { appendFileSync, readFileSync } from 'node:fs';
import { formatEnvLine, parseEnvFile, readEnvFile, type EnvFile } from './env-file';
import type { SourcePos } from './compose';
import type { Recipe } from './recipe';
import { UserError } from '../errors';

/** One deployment of a recipe: abra's "app", identified by its domain. */
export interface App {
  recipe: Recipe;
  domain: string;
  /** Swarm stack name, as abra derives it from the domain (stackName). */
  stack: string;
  /** The app's env file (abra's `<domain>.env`), copied from .env.sample; hooks may edit it. */
  envFile: string;
}

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** abra trims longer stack names to this many characters (MAX_SANITISED_APP_NAME_LENGTH). */
export const STACK_NAME_MAX = 45;

/** The stack name abra gives an app: its domain with dots as underscores, cut to 45 characters. */
export function stackName(domain: string): string {
  return domain.replace(/\./g, '_').slice(0, STACK_NAME_MAX);
}

/** The recipe's name for a swarm service (`<stack>_app` → `app`). */
export function recipeService(app: Pick<App, 'stack'>, swarmName: string): string {
  return swarmName.startsWith(`${app.stack}_`) ? swarmName.slice(app.stack.length + 1) : swarmName;
}

/** Short and unique, so names like `<stack>_<secret>_v1` stay under Docker's 64 characters. */
export function defaultDomain(recipe: string): string {
  return `${recipe.slice(0, 10).replace(/-+$/, '')}-${randomBytes(3).toString('hex')}.ci.local`;
}

export function checkDomain(domain: string): void {
  if (!HOSTNAME.test(domain)) {
    throw new UserError(`--domain "${domain}" is not a lowercase host name with at least one dot; use one like myapp.ci.local`);
  }
}

/**
 * The app env file as `abra app new` writes it: the recipe's .env.sample, text kept (comments
 * and hints included), with DOMAIN set to the app's domain. The text is the one loadRecipe read
 * and checked, never the checkout's file read again.
 */
export function appEnvText(recipe: Recipe, domain: string): string {
  const lines = recipe.envSample.text.split('\n');
  const at = lines.findIndex((l) => /^\s*(export\s+)?DOMAIN=/.test(l));
  if (at >= 0) lines[at] = `DOMAIN=${domain}`;
  else lines.unshift(`DOMAIN=${domain}`);
  return lines.join('\n');
}

/**
 * Before an upgrade, adds the keys head's .env.sample has and the app env file lacks (the lines
 * as written, comments included), as an operator following the release notes would.
 */
export function addNewSampleKeys(tree: Recipe, envFile: string): string[] {
  const current = readEnvFile(envFile).values;
  const sampleLines = tree.envSample.text.split('\n');
  const added = tree.envSample.entries.filter((e) => !Object.hasOwn(current, e.key) && e.key !== 'DOMAIN');
  if (added.length)
    appendFileSync(envFile, `\n# added from the upgraded recipe's .env.sample\n${added.map((e) => sampleLines[e.line - 1]).join('\n')}\n`);
  return added.map((e) => e.key);
}

/** The lines appendEnv adds: `abra app config`'s way of setting variables (later lines win). */
export function envBlock(vars: Record<string, string>, why: string): string {
  const lines = Object.entries(vars).map(([k, v]) => formatEnvLine(k, v));
  return lines.length ? `\n# ${why}\n${lines.join('\n')}\n` : '';
}

/** Sets variables in the app env file, as `abra app config` would: later lines win. */
export function appendEnv(envFile: string, vars: Record<string, string>, why: string): void {
  const block = envBlock(vars, why);
  if (block) appendFileSync(envFile, block);
}

export interface DeployEnv {
  /** What `docker stack deploy` interpolates the compose files with. */
  values: Record<string, string>;
  envFile: EnvFile;
  /** Where COMPOSE_FILE was set, for errors about the files it lists. */
  composeListedAt: SourcePos;
}

/**
 * Reads the app env file back (after any install hook changed it) into the environment a deploy
 * of `tree` (head, or a base release) runs with: abra.sh exports come from the tree deployed.
 */
export function readDeployEnv(app: App, tree: Recipe = app.recipe): DeployEnv {
  return deployEnvOf(readFileSync(app.envFile, 'utf8'), app, tree, app.envFile);
}

/** The deploy env of an app env file with this text (readDeployEnv without the file); `path` names it in errors. */
export function deployEnvOf(text: string, app: Pick<App, 'domain' | 'stack'>, tree: Recipe, path = `${app.domain}.env`): DeployEnv {
  const envFile = parseEnvFile(path, text);
  envFile.path = `${app.domain}.env`;
  const values = { COMPOSE_FILE: 'compose.yml', ...envFile.values, ...tree.abraExports, STACK_NAME: app.stack, DOMAIN: app.domain };
  const listed = [...envFile.entries].reverse().find((e) => e.key === 'COMPOSE_FILE');
  return { values, envFile, composeListedAt: { file: '.env.sample', line: listed?.line } };
}
