import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type {
  AppTarget,
  Backend,
  BackendKind,
  DeploySource,
  HostSetupOptions,
  HttpTarget,
  SecretRequest,
  TeardownReport,
  VolumeStore,
} from '../backend';
import { DeployRejected, UserError } from '../../errors';
import { formatEnvLine, parseEnvFile } from '../../recipe/env-file';
import { generateSecret } from '../../recipe/secrets';
import { SwarmBackend, swarmKind } from '../swarm/swarm-backend';
import { AbraCli, abraVersion } from './abra-cli';
import {
  ABRA_SERVER,
  appDeploy,
  appEnvPath,
  appNew,
  recipeDirPath,
  secretGenerate,
  secretInsert,
  serverAddDefault,
  serverAddLocal,
} from './commands';
import { failureLine, generatedSecrets, lastLines, printed } from './output';
import { AbraBackupTool } from './backupbot';
import { removeAbraApp, removeLeftoverSecrets } from './remove-app';
import { stageRecipe } from './stage';

/** The real abra CLI, driven as an operator drives it, on the local swarm. */
export const abraKind: BackendKind = {
  name: 'abra',
  async setupHost(opts: HostSetupOptions) {
    // abra first: without it there is nothing to set the swarm up for.
    const version = await abraVersion();
    await swarmKind.setupHost(opts);
    opts.log(`abra: ${version}`);
  },
  forApp: (target: AppTarget) => new AbraBackend(target),
  // abra deploys onto the same swarm: its runs are recorded, and reaped, the same way.
  runs: () => swarmKind.runs(),
};

/** How long `abra app deploy` may take (each other step: AbraCli's default). */
const DEPLOY_MS = 600_000;
/** The names of the secrets abra created for the app, kept for teardown (abra does not label them). */
const SECRETS_FILE = 'cc-ci-secrets.json';

export interface AbraBackendOptions {
  /** Reads (services, logs, exec, http, volumes, convergence) and the final sweep, over the same Engine API. */
  swarm?: SwarmBackend;
  cli?: AbraCli;
  /** The run's backupbot stack, read over the Engine API (tests give a stand-in). */
  botSwarm?: SwarmBackend;
}

/**
 * Drives `abra` for one app, with a private ABRA_DIR in the run's state dir ($stateDir/abra):
 * the local daemon registered as the server `default`, the recipe staged as a git repository in
 * $ABRA_DIR/recipes/<recipe>, `abra app new`, cc-ci's app env file copied over abra's, abra's
 * own secret generation and insertion, and `abra app deploy --chaos`; the upgrade stages head's
 * tree and deploys again with --force. Everything that reads state is the swarm backend's.
 *
 * Secrets are generated at the start of deploy(), not in provideSecrets(): abra generates them
 * from the app's env file and the recipe's compose files, which exist only once deploy() has the
 * tree. Each value still reaches `mask` before anything runs that could print it.
 */
export class AbraBackend implements Backend {
  readonly name = 'abra' as const;
  readonly abraDir: string;
  readonly volumes: VolumeStore;
  /** backup-bot-two, deployed by abra on first use, driven by `abra app backup create` and `abra app restore`. */
  readonly backupTool: AbraBackupTool;
  private readonly swarm: SwarmBackend;
  private readonly cli: AbraCli;
  private pending: SecretRequest[] = [];
  private mask: (value: string) => void = () => {};
  private deploys = 0;

  constructor(
    readonly target: AppTarget,
    opts: AbraBackendOptions = {},
  ) {
    this.abraDir = join(target.stateDir, 'abra');
    this.swarm = opts.swarm ?? new SwarmBackend(target);
    this.cli = opts.cli ?? new AbraCli(this.abraDir);
    this.volumes = this.swarm.volumes;
    this.backupTool = new AbraBackupTool({
      cli: this.cli,
      abraDir: this.abraDir,
      target,
      api: this.swarm.api,
      mask: (v) => this.mask(v),
      swarm: opts.botSwarm,
    });
  }

  private get domain(): string {
    return this.target.domain;
  }

  private get envPath(): string {
    return appEnvPath(this.abraDir, this.domain);
  }

  async provideSecrets(secrets: SecretRequest[], mask: (value: string) => void): Promise<void> {
    this.mask = mask;
    for (const s of secrets) if (!this.pending.some((p) => p.name === s.name)) this.pending.push(s);
  }

  async deploy(src: DeploySource, signal: AbortSignal): Promise<void> {
    const upgrade = this.deploys++ > 0;
    mkdirSync(this.abraDir, { recursive: true, mode: 0o700 });
    await this.ensureServer(signal);
    const envText = readFileSync(src.envFile, 'utf8');
    const recipe = abraRecipeName(src, envText);
    const staged = await stageRecipe(
      src.dir,
      src.composeFiles,
      recipeDirPath(this.abraDir, recipe),
      `cc-ci: ${upgrade ? 'upgrade to' : 'deploy'} ${src.dir}`,
    );
    if (!existsSync(this.envPath)) await this.cli.runOrThrow('abra app new', appNew(recipe, this.domain), DeployRejected, { signal });
    writeFileSync(this.envPath, abraEnvText(envText, src.envFile, recipe, staged.composeFile), { mode: 0o600 });
    await this.createSecrets(signal);
    await this.cli.runOrThrow('abra app deploy', appDeploy(this.domain, upgrade), DeployRejected, { signal, timeoutMs: DEPLOY_MS });
  }

  /** Registers the local daemon once per ABRA_DIR: `server add --local`, or `server add default` where --local is unknown. */
  private async ensureServer(signal: AbortSignal): Promise<void> {
    if (existsSync(join(this.abraDir, 'servers', ABRA_SERVER))) return;
    let r = await this.cli.run(serverAddLocal(), { signal });
    if (r.code !== 0 && /unknown flag|flag provided but not defined/i.test(printed(r)))
      r = await this.cli.run(serverAddDefault(), { signal });
    if (r.code !== 0) throw new DeployRejected(`abra server add --local failed: ${failureLine(r)}`, lastLines(r));
  }

  private async createSecrets(signal: AbortSignal): Promise<void> {
    const done = new Set(this.createdSecrets());
    for (const s of this.pending) {
      if (done.has(s.name)) continue;
      if (s.manual) await this.insertSecret(s, signal);
      else await this.generateSecret(s, signal);
      done.add(s.name);
      this.recordSecrets([...done]);
    }
    this.pending = [];
  }

  /** `abra app secret generate`: abra picks the value; cc-ci learns it from --machine output to mask it. */
  private async generateSecret(s: SecretRequest, signal: AbortSignal): Promise<void> {
    const r = await this.cli.run(secretGenerate(this.domain, s.key, s.version), { signal });
    const values = generatedSecrets(r.stdout);
    for (const v of values) this.mask(v.value);
    if (r.code !== 0) throw new DeployRejected(`abra app secret generate ${s.key} ${s.version} failed: ${failureLine(r)}`, lastLines(r));
    if (!values.length) {
      // What it printed stays out of the report: a value in an unexpected format could not be masked.
      throw new DeployRejected(
        `abra app secret generate ${s.key} ${s.version} printed no value cc-ci could read (it prints none for a secret that already exists: does another app use the domain ${this.domain}?), so the value cannot be masked in logs; cc-ci stops here`,
      );
    }
  }

  /** A `generate=false` secret: a random value an operator would choose, inserted from a file so it is on no command line. */
  private async insertSecret(s: SecretRequest, signal: AbortSignal): Promise<void> {
    const value = generateSecret(s);
    this.mask(value);
    const file = join(this.abraDir, `.secret-${randomBytes(6).toString('hex')}`);
    writeFileSync(file, value, { mode: 0o600 });
    try {
      await this.cli.runOrThrow(
        `abra app secret insert ${s.key} ${s.version}`,
        secretInsert(this.domain, s.key, s.version, file),
        DeployRejected,
        { signal },
      );
    } finally {
      rmSync(file, { force: true });
    }
  }

  private createdSecrets(): string[] {
    try {
      const names: unknown = JSON.parse(readFileSync(join(this.abraDir, SECRETS_FILE), 'utf8'));
      return Array.isArray(names) ? names.filter((n): n is string => typeof n === 'string') : [];
    } catch {
      return [];
    }
  }

  private recordSecrets(names: string[]): void {
    writeFileSync(join(this.abraDir, SECRETS_FILE), JSON.stringify(names), { mode: 0o600 });
  }

  waitConverged(since: Date, signal: AbortSignal, onProgress?: (detail: string) => void) {
    return this.swarm.waitConverged(since, signal, onProgress);
  }

  services() {
    return this.swarm.services();
  }

  http(target: HttpTarget, signal: AbortSignal) {
    return this.swarm.http(target, signal);
  }

  exec(swarmService: string, argv: string[], signal?: AbortSignal) {
    return this.swarm.exec(swarmService, argv, signal);
  }

  execAttached(swarmService: string, argv: string[]) {
    return this.swarm.execAttached(swarmService, argv);
  }

  logs(swarmService: string, tail: number, signal?: AbortSignal) {
    return this.swarm.logs(swarmService, tail, signal);
  }

  scale(replicas: Record<string, number>, signal: AbortSignal) {
    return this.swarm.scale(replicas, signal);
  }

  diagnose(service: string, containerId: string | undefined, logFile: string, signal?: AbortSignal) {
    return this.swarm.diagnose(service, containerId, logFile, signal);
  }

  /**
   * abra's own removal of the app (removeAbraApp), then of the run's backupbot when backup
   * deployed one, then the swarm backend's sweep, which removes whatever still carries the
   * stack's labels and counts it; abra labels none of the secrets it creates, so those are looked
   * up by the names recorded at creation.
   */
  async teardown(): Promise<TeardownReport> {
    const problems: string[] = [];
    if (this.domain && existsSync(this.envPath))
      problems.push(...(await removeAbraApp(this.cli, this.swarm.api, this.domain, this.target.stack)));
    const secrets = await removeLeftoverSecrets(this.swarm.api, { names: this.createdSecrets() });
    problems.push(...secrets.problems);
    const leftovers = secrets.leftovers;
    const bot = this.domain ? await this.backupTool.teardown() : { problems: [], leftovers: [] };
    const swept = await this.swarm.teardown();
    return {
      problems: [...problems, ...bot.problems, ...swept.problems],
      leftovers: [...new Set([...leftovers, ...bot.leftovers, ...swept.leftovers])],
    };
  }
}

/** The recipe name abra reads from the app env file, whose text is `text` (RECIPE=, or the older TYPE=, without a `:version`). */
function abraRecipeName(src: Pick<DeploySource, 'recipe' | 'envFile'>, text: string): string {
  const values = parseEnvFile(src.envFile, text).values;
  const name = (values.RECIPE || values.TYPE || src.recipe).split(':')[0]!.trim();
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(name) || name.includes('..')) {
    throw new UserError(
      `the app env file names the recipe "${name}" (RECIPE= or TYPE=), which is not a recipe directory name abra can use; set TYPE=${src.recipe} in .env.sample`,
      src.envFile,
    );
  }
  return name;
}

/**
 * abra's copy of the app env file: cc-ci's own, which started as .env.sample and has the
 * overlay's additions and install_steps.sh's edits, so both backends deploy the same env. Added
 * at the end when needed (later lines win): TYPE= when the file names no recipe, and COMPOSE_FILE
 * when the deploy's files are not those the file lists (an overlay's compose.ci.yml).
 */
export function abraEnvText(text: string, path: string, recipe: string, composeFile: string): string {
  const values = parseEnvFile(path, text).values;
  const added: string[] = [];
  if (!values.RECIPE && !values.TYPE) added.push(formatEnvLine('TYPE', recipe));
  if ((values.COMPOSE_FILE ?? 'compose.yml') !== composeFile) added.push(formatEnvLine('COMPOSE_FILE', composeFile));
  if (!added.length) return text;
  return `${text}${text.endsWith('\n') || !text ? '' : '\n'}\n# added by cc-ci for abra\n${added.join('\n')}\n`;
}
