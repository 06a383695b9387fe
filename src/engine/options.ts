import { OP_NAMES, OpName, TeardownStrategy } from '../report/schema';
import { parseUpgradeFrom, type UpgradeFrom } from '../recipe/releases';
import { UserError } from '../errors';
import { didYouMean } from '../util/nearest';
import { badBackendName, isBackendName, type BackendName } from '../backends/backend';

/** Ops that work on the deployment, so they need install (which is the deploy) to run first. */
const DEPLOYED: readonly OpName[] = ['upgrade', 'backup', 'restore', 'custom'];

export const DEFAULT_OPS = 'lint,install,upgrade,backup,restore,custom';

/** Seconds an op may take when neither the flag/input nor config.yml says. */
export const DEFAULT_TIMEOUT_SECONDS = 300;

/** The run settings both front ends take, as the user typed them (flags or action inputs). */
export interface RawRunOptions {
  ops?: string;
  backend?: string;
  teardown?: string;
  timeout?: string;
  'upgrade-from'?: string;
  'host-access'?: string;
}

export interface RunSettings {
  ops: OpName[];
  /** Which backend deploys the app (the front end gets it from backends/registry.ts). */
  backend: BackendName;
  teardown: TeardownStrategy;
  /** Undefined when not given, so config.yml may set it. */
  timeout?: number;
  upgradeFrom?: UpgradeFrom;
  /** Bind mounts, capabilities and the like: auto (the front end decides), allow or refuse. */
  hostAccess: HostAccessSetting;
}

export type HostAccessSetting = 'auto' | 'allow' | 'refuse';

/**
 * Validates the shared settings; `named` says how the user wrote a setting (`--ops` for the CLI,
 * `input ops` for the action), so the one-line error points at what to change.
 */
export function parseRunOptions(raw: RawRunOptions, named: (key: keyof RawRunOptions) => string): RunSettings {
  const backend = raw.backend || 'swarm';
  if (!isBackendName(backend)) throw new UserError(badBackendName(backend, named('backend')));
  const teardown = TeardownStrategy.safeParse(raw.teardown || 'always');
  if (!teardown.success) throw new UserError(`${named('teardown')} must be always, on-success or never, not "${raw.teardown}"`);
  let timeout: number | undefined;
  if (raw.timeout) {
    timeout = Number(raw.timeout);
    if (!Number.isInteger(timeout) || timeout < 1)
      throw new UserError(`${named('timeout')} is "${raw.timeout}"; give a whole number of seconds, e.g. 600`);
  }
  const hostAccess = raw['host-access'] || 'auto';
  if (hostAccess !== 'auto' && hostAccess !== 'allow' && hostAccess !== 'refuse')
    throw new UserError(`${named('host-access')} must be auto, allow or refuse, not "${hostAccess}"`);
  return {
    backend,
    hostAccess,
    ops: parseOps(raw.ops || DEFAULT_OPS, named('ops')),
    teardown: teardown.data,
    timeout,
    upgradeFrom: raw['upgrade-from'] ? parseUpgradeFrom(raw['upgrade-from'], named('upgrade-from')) : undefined,
  };
}

/** `install,upgrade` or `install upgrade`. */
export function parseOps(list: string, source: string): OpName[] {
  const names = list.split(/[\s,]+/).filter(Boolean);
  if (names.length === 0) throw new UserError(`${source} is empty; give one or more of ${OP_NAMES.join(', ')}`);
  return names.map((n, i) => {
    const op = OpName.safeParse(n);
    if (!op.success) throw new UserError(`${source}: unknown op "${n}"; ${didYouMean(n, OP_NAMES)}use ${OP_NAMES.join(', ')}`);
    if (names.indexOf(n) !== i)
      throw new UserError(`${source} lists ${n} twice; list each op once (they always run in the order ${OP_NAMES.join(', ')})`);
    return op.data;
  });
}

/**
 * The selected ops in canonical order, with what they cannot run without added: install (the
 * deploy) for any op on the deployment, backup (the snapshot) for restore.
 */
export function normalizeOps(selected: readonly OpName[]): OpName[] {
  const wanted = new Set(selected);
  if (selected.some((op) => DEPLOYED.includes(op))) wanted.add('install');
  if (selected.includes('restore')) wanted.add('backup');
  return OP_NAMES.filter((op) => wanted.has(op));
}
