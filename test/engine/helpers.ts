import { join } from 'node:path';
import { silentEvents, type RunEvents } from '../../src/engine/events';
import { runSuite, type SuiteOptions } from '../../src/engine/run';
import { stackName } from '../../src/recipe/app';
import type { OpName, Results } from '../../src/report/schema';
import { fakeKind, type CallLog, type FakeBackend, type FakeScript } from '../support/fake-backend';
import { fixture, tempDir } from '../support/cli';
import { recipeRepo } from '../support/recipe-repo';

export { fixture };

/** Every run deploys as this domain: each test has its own state root, so stacks never collide. */
const DOMAIN = 'engine.ci.local';
export const STACK = stackName(DOMAIN);
export const APP = `${STACK}_app`;

/** real-shaped's one secret, as the fake's log shows it created. */
export const SECRET = 'secret engine_ci_local_api_key_v1';
/** The call log of real-shaped's install up to serving: the host, its secret, the deploy, converged, probed. */
export const INSTALLED = ['setupHost', SECRET, 'deploy 0', 'waitConverged', `http ${APP}:8787 GET /`];

/** real-shaped backs up `dump.sql` and `uploads` of its data volume: both must exist to pass. */
export const REAL_SEED: FakeScript['seed'] = { data: { 'dump.sql': 'dump of 42 bytes\n', 'uploads/photo.jpg': 'jpeg' } };

/** real-shaped's backupbot hook labels, as the fake's log shows them run (`exec <service> <argv>`). */
const hook = (command: string) => `exec ${APP} bash -c set -o pipefail;${command}`;
export const REAL_HOOKS = {
  pre: hook(
    'mkdir -p /data/uploads && echo "dump of $(cat /run/secrets/api_key | wc -c) bytes" | tee /data/dump.sql > /data/uploads/last-dump.txt',
  ),
  post: hook('rm -f /data/uploads/last-dump.txt'),
  // backupbot unwraps a label's own `sh -c '…'` before running it through bash.
  restorePost: hook('test -s /data/dump.sql && grep -q "^dump of" /data/dump.sql'),
};

/** A snapshot summary as backup reports it (the id is random). */
export const SNAPSHOT_SUMMARY = /^snapshot (snap-\d{8}T\d{6}-[0-9a-f]{6}): (\d+) files, (\d+) bytes from (\d+) volume\(s\)$/;

export type Overrides = Partial<SuiteOptions> & { events?: Partial<RunEvents> };

/** A run not started yet: for tests that expect runSuite to throw, or that need the fake first. */
export function harness(recipeDir: string, ops: OpName[], script: FakeScript = {}, over: Overrides = {}) {
  const log: CallLog = [];
  const kind = fakeKind(script, log);
  const { events, ...rest } = over;
  const opts: SuiteOptions = {
    recipeDir,
    ops,
    backend: kind,
    teardown: 'always',
    repoLocalTrusted: true,
    stateRoot: tempDir('cc-ci-engine-'),
    initSwarm: false,
    signal: new AbortController().signal,
    domain: DOMAIN,
    ...rest,
  };
  return {
    log,
    stateDir: join(opts.stateRoot, STACK),
    /** The app's backend (created by runSuite). */
    fake: (): FakeBackend => kind.apps[0]!,
    start: (): Promise<Results> => runSuite(opts, { ...silentEvents, ...events }),
  };
}

/** Runs the engine on a recipe with the fake backend; the call log and the app's fake for assertions. */
export async function run(recipeDir: string, ops: OpName[], script: FakeScript = {}, over: Overrides = {}) {
  const h = harness(recipeDir, ops, script, over);
  const results = await h.start();
  return { results, log: h.log, fake: h.fake(), stateDir: h.stateDir };
}

const repos = new Map<string, string>();
/** A fixture's release repository (test/support/recipe-repo.ts), built once per test file: runs only read it. */
export function releaseRepo(name: string): string {
  if (!repos.has(name)) repos.set(name, recipeRepo(fixture(name)));
  return repos.get(name)!;
}

/** op → [status, reason], for one exact comparison of a whole run. */
export const verdicts = (r: Results) => Object.fromEntries(r.ops.map((o) => [o.op, [o.status, o.reason]]));

export function opOf(r: Results, op: OpName) {
  const found = r.ops.find((o) => o.op === op);
  if (!found) throw new Error(`no result for ${op} in ${r.ops.map((o) => o.op).join(', ')}`);
  return found;
}
