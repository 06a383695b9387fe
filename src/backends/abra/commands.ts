/**
 * The abra command lines the abra backend runs, one function per step, and the environment they
 * run with. Pure: no I/O, so the exact argv of every step is unit-tested (test/unit/abra-*.test.ts)
 * and the sources each is based on are listed in one place (/tmp/notes/abra-backend.md has the
 * long version).
 *
 * Flags go right after the subcommand and before the positional arguments: the cobra CLI of
 * abra >= 0.10 takes them anywhere, the urfave/cli one of older releases only there. Every step
 * that could prompt gets --no-input (-n).
 */
import { DOCKER_ENDPOINT_VARS } from '../swarm/endpoint';

/**
 * The server name `abra server add --local` registers the local Docker daemon as (no SSH); app env
 * files then live in $ABRA_DIR/servers/default/. (Observed in operators' scripts: `abra server add
 * --local` followed by `abra app new … --server=default` and `/root/.abra/servers/default/<domain>.env`.)
 */
export const ABRA_SERVER = 'default';

/** What `abra --version` prints, e.g. `abra version 0.13.0-beta-06a57de`. */
export const versionCheck = (): string[] => ['--version'];

/** Registers the local Docker daemon as the server `default` (abra >= 0.9: `server add --local`). */
export const serverAddLocal = (): string[] => ['server', 'add', '--local', '--no-input'];

/** The same for a release without --local: the server named `default` is the local daemon. */
export const serverAddDefault = (): string[] => ['server', 'add', '--no-input', ABRA_SERVER];

/**
 * Creates the app: abra copies the recipe's .env.sample to $ABRA_DIR/servers/<server>/<domain>.env
 * and sets DOMAIN. --chaos: use the recipe directory as it is (abra would otherwise check out the
 * recipe's latest published version, a tag the staged repository does not have).
 */
export const appNew = (recipe: string, domain: string, server = ABRA_SERVER): string[] => [
  'app',
  'new',
  '--server',
  server,
  '--domain',
  domain,
  '--chaos',
  '--no-input',
  recipe,
];

/**
 * Generates one secret (`abra app secret generate <domain> <secret> <version>`), honouring the
 * length= and charset= modifiers of its SECRET_<NAME>_VERSION line; --machine prints the
 * generated values as JSON instead of a table, which is how cc-ci learns them to mask them.
 */
export const secretGenerate = (domain: string, key: string, version: string): string[] => [
  'app',
  'secret',
  'generate',
  '--machine',
  '--no-input',
  domain,
  key,
  version,
];

/**
 * Inserts a value an operator chose (`generate=false` secrets). --file: the last argument is a
 * file holding the value, so the value is never on a command line (/proc/<pid>/cmdline).
 */
export const secretInsert = (domain: string, key: string, version: string, valueFile: string): string[] => [
  'app',
  'secret',
  'insert',
  '--file',
  '--no-input',
  domain,
  key,
  version,
  valueFile,
];

/**
 * Deploys the recipe directory as it is (--chaos: no version checkout, no lint, a chaos version
 * label) without abra's own convergence wait (--no-converge-checks: cc-ci's waitConverged judges,
 * with the same timeout label) and without the DNS check of the domain (--no-domain-checks: CI
 * domains do not resolve). The in-place upgrade adds --force: redeploy an app that is deployed,
 * as an operator does after checking out an unreleased commit of the recipe.
 */
export function appDeploy(domain: string, upgrade: boolean): string[] {
  return ['app', 'deploy', '--chaos', ...(upgrade ? ['--force'] : []), '--no-domain-checks', '--no-converge-checks', '--no-input', domain];
}

/** Removes the stack (services, networks; volumes and secrets stay). */
export const appUndeploy = (domain: string): string[] => ['app', 'undeploy', '--no-input', domain];

/** Removes the app's volumes; --force selects all of them instead of asking which. */
export const volumeRemove = (domain: string): string[] => ['app', 'volume', 'remove', '--force', '--no-input', domain];

/** Removes every secret the recipe defines for the app. */
export const secretRemoveAll = (domain: string): string[] => ['app', 'secret', 'remove', '--all', '--no-input', domain];

/** Removes what is left of the app (its env file, and volumes, secrets and configs abra still finds); no prompt. */
export const appRemove = (domain: string): string[] => ['app', 'remove', '--force', '--no-input', domain];

/**
 * Co-op Cloud's backup tool. `abra app backup create` and `abra app restore` find its container on
 * the server by label and run its `create` / `restore` for the app's stack there, so an operator
 * deploys it as an app of its own first (docs.coopcloud.tech: backups; cc-ci's research notes).
 */
export const BACKUPBOT_RECIPE = 'backup-bot-two';

/** The run's own backupbot app: one per app under test, so its restic repository holds this run's backups only. */
export const backupbotDomain = (domain: string): string => `backups.${domain}`;

/**
 * Creates an app from the recipe catalogue's latest release (no --chaos): abra fetches the
 * recipe into $ABRA_DIR/recipes/ and copies its .env.sample, as for any operator's app.
 */
export const appNewRelease = (recipe: string, domain: string, server = ABRA_SERVER): string[] => [
  'app',
  'new',
  '--server',
  server,
  '--domain',
  domain,
  '--no-input',
  recipe,
];

/** Generates every secret the app's recipe defines (--all), values printed as JSON (--machine) to be masked. */
export const secretGenerateAll = (domain: string): string[] => ['app', 'secret', 'generate', '--all', '--machine', '--no-input', domain];

/** Deploys a released app at the version abra chose for it; cc-ci waits for convergence itself. */
export const appDeployRelease = (domain: string): string[] => [
  'app',
  'deploy',
  '--no-domain-checks',
  '--no-converge-checks',
  '--no-input',
  domain,
];

/** Takes a backup of the app: abra runs backupbot's `create` for the app's stack (its hooks, then restic). */
export const backupCreate = (domain: string): string[] => ['app', 'backup', 'create', '--no-input', domain];

/** Restores the app from the named restic snapshot, or backupbot's latest when none is named (its restore hooks around it). */
export const appRestore = (domain: string, snapshot: string): string[] => [
  'app',
  'restore',
  ...(snapshot ? ['--snapshot', snapshot] : []),
  '--no-input',
  domain,
];

/**
 * The environment of every abra process: cc-ci's own allowlisted environment (`base`, from
 * ownEnv()), the private ABRA_DIR, and ABRA_CI=1 (abra's formatter then prints its tables without
 * asking the terminal for its width, which fails with "inappropriate ioctl for device" when
 * stdout is a pipe). Never the recipe's env: that reaches abra only through the app env file.
 * `docker`: the daemon cc-ci resolved (endpointEnv), in place of the caller's DOCKER_HOST,
 * DOCKER_CONTEXT and TLS variables, so abra deploys where cc-ci watches.
 */
export function abraEnv(base: Readonly<Record<string, string>>, abraDir: string, docker?: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  const replaced = (k: string) => docker !== undefined && (DOCKER_ENDPOINT_VARS as readonly string[]).includes(k);
  for (const [k, v] of Object.entries(base)) if (!k.startsWith('ABRA_') && !replaced(k)) env[k] = v;
  return { ...env, ...docker, ABRA_DIR: abraDir, ABRA_CI: '1' };
}

/** Where abra keeps the app's env file, and the recipe directory it deploys from. */
export const appEnvPath = (abraDir: string, domain: string, server = ABRA_SERVER) => `${abraDir}/servers/${server}/${domain}.env`;
export const recipeDirPath = (abraDir: string, recipe: string) => `${abraDir}/recipes/${recipe}`;
