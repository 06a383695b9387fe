import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BackendKind } from '../../src/backends/backend';
import { writeManifest, type Manifest } from '../../src/engine/manifest';
import { SCHEMA_ID, type Results } from '../../src/report/schema';
import { fakeKind, type FakeScript } from '../support/fake-backend';

// The post step runs at import. Its backend comes from the registry (a fake here, no Docker) and
// report() (summary, annotations, artifact upload) is recorded rather than run: what post hands
// it is what this tests.
const st = vi.hoisted((): { kind: unknown; names: string[]; reports: { results: unknown; where: unknown; note?: string }[] } => ({
  kind: undefined,
  names: [],
  reports: [],
}));
vi.mock('../../src/backends/registry', () => ({
  backendKind: (name: string) => (st.names.push(name), st.kind as BackendKind),
}));
vi.mock('../../src/action/report', () => ({
  report: async (results: unknown, where: unknown, note?: string) => void st.reports.push({ results, where, note }),
}));

const STACK = 'recipe_ci_local';
const dir = mkdtempSync(join(tmpdir(), 'cc-ci-post-'));
// @actions/core keeps the first summary file it opened: one for the whole file, emptied per test.
const summary = join(dir, 'summary.md');
let n = 0;
let printed = '';
let log: string[] = [];

function manifest(m: Partial<Manifest>, script: FakeScript = {}): { path: string; kind: ReturnType<typeof fakeKind> } {
  const stateDir = join(dir, `run${++n}`);
  mkdirSync(stateDir);
  const path = join(stateDir, 'manifest.json');
  writeManifest(path, {
    stack: STACK,
    domain: 'recipe.ci.local',
    backend: 'swarm',
    stateDir,
    teardown: 'always',
    finished: false,
    resultsFile: null,
    ...m,
  });
  const kind = fakeKind(script, log, log);
  kind.records.records.set(STACK, {
    stack: STACK,
    domain: 'recipe.ci.local',
    backend: 'swarm',
    stateDir,
    owner: { host: 'h', boot: '', pidNamespace: '', pid: 1, processStart: '' },
    heartbeat: new Date(),
    state: 'running',
  });
  st.kind = kind;
  return { path, kind };
}

function partialResults(): Results {
  return {
    schema: SCHEMA_ID,
    recipe: 'recipe',
    backend: 'swarm',
    domain: 'recipe.ci.local',
    stack: STACK,
    base: null,
    head: { version: null, ref: 'abc' },
    deployCount: 1,
    status: 'pass',
    ops: [],
    customization: [],
    hostAccess: [],
    teardown: { strategy: 'never', status: 'pending', leftovers: [] },
    sources: {},
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1,
    dockerWaitMs: 0,
  };
}

/** Runs the post step once, as the runner would, with main's saved manifest path (if any). */
async function post(env: { manifest?: string; mode?: string; retentionDays?: string } = {}): Promise<void> {
  vi.stubEnv('STATE_manifest', env.manifest ?? '');
  vi.stubEnv('INPUT_MODE', env.mode ?? '');
  vi.stubEnv('INPUT_RETENTION-DAYS', env.retentionDays ?? '');
  vi.resetModules();
  await import('../../src/entrypoints/action-post');
}

beforeEach(() => {
  printed = '';
  log = [];
  st.names = [];
  st.reports = [];
  writeFileSync(summary, '');
  vi.stubEnv('GITHUB_STEP_SUMMARY', summary);
  vi.stubEnv('RUNNER_TEMP', join(dir, `runner${n}`));
  vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((printed += String(c)), true));
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('the post step', () => {
  it('outside mode test, with no saved manifest, it looks for none and has nothing to tear down', async () => {
    // An unfinished manifest under RUNNER_TEMP is only looked for in mode test.
    const runnerTemp = join(dir, 'runner-temp-comment');
    manifest({});
    const m = JSON.parse(readFileSync(join(dir, `run${n}`, 'manifest.json'), 'utf8')) as Manifest;
    mkdirSync(join(runnerTemp, 'cc-ci', 'run'), { recursive: true });
    writeManifest(join(runnerTemp, 'cc-ci', 'run', 'manifest.json'), m);
    vi.stubEnv('RUNNER_TEMP', runnerTemp);
    await post({ mode: 'comment' });
    expect(printed).toBe('cc-ci post: nothing was created; nothing to tear down\n');
    expect(log).toEqual([]);
  });

  it('finds the unfinished manifest under RUNNER_TEMP in mode test when main saved no state', async () => {
    const runnerTemp = join(dir, 'runner-temp');
    mkdirSync(join(runnerTemp, 'cc-ci', 'run'), { recursive: true });
    const { kind } = manifest({ resultsFile: null });
    const m = JSON.parse(readFileSync(join(dir, `run${n}`, 'manifest.json'), 'utf8')) as Manifest;
    writeManifest(join(runnerTemp, 'cc-ci', 'run', 'manifest.json'), m);
    vi.stubEnv('RUNNER_TEMP', runnerTemp);
    await post();
    expect(log).toEqual(['teardown', `release ${STACK}`]);
    expect(kind.records.records.has(STACK)).toBe(false);
  });

  it('a manifest it cannot read is a warning, never a failure', async () => {
    const path = join(dir, 'broken-manifest.json');
    writeFileSync(path, '{"stack": 1');
    await post({ manifest: path });
    expect(printed).toMatch(/^::warning::cc-ci post: .*JSON/);
    expect(process.exitCode ?? 0).toBe(0);
  });

  it('teardown never: keeps the stack, marks its record kept, says how to remove it', async () => {
    const { path, kind } = manifest({ teardown: 'never' });
    await post({ manifest: path });
    expect(printed).toContain(
      `::warning::cc-ci post: main did not finish; stack ${STACK} kept (teardown: never); remove it with: node dist/cli.js teardown ${STACK}`,
    );
    expect(log).toEqual([`kept ${STACK}`]);
    expect(kind.records.records.get(STACK)?.state).toBe('kept');
    // No results file: the summary says what happened and that no op results could be read.
    expect(readFileSync(summary, 'utf8')).toBe(
      `## ❌ cc-ci: recipe.ci.local\n\nThe main step did not finish. The post step kept stack \`${STACK}\`: kept by strategy. No results of the ops that ran could be read.\n\n`,
    );
    expect(st.reports).toEqual([]);
  });

  it('kept, with partial results: the run is reported failed with the kept teardown', async () => {
    const resultsFile = join(dir, `results-kept.json`);
    writeFileSync(resultsFile, JSON.stringify(partialResults()));
    const { path } = manifest({ teardown: 'on-success', resultsFile });
    await post({ manifest: path, retentionDays: '5' });
    const teardown = { strategy: 'on-success', status: 'kept', leftovers: [] };
    expect(JSON.parse(readFileSync(resultsFile, 'utf8'))).toMatchObject({ status: 'fail', teardown });
    expect(st.reports).toHaveLength(1);
    expect(st.reports[0]).toMatchObject({
      results: { status: 'fail', teardown },
      where: { recipePath: '.', resultsFile, retentionDays: 5 },
      note: `The main step did not finish. The post step kept stack \`${STACK}\`: kept by strategy.`,
    });
  });

  it('teardown that leaves resources: the record stays for a later reap, each problem and the leftovers are warnings', async () => {
    const leftovers = [`${STACK}_data`, `${STACK}_internal`];
    const { path, kind } = manifest({}, { teardown: { problems: ['volume in use'], leftovers } });
    await post({ manifest: path });
    expect(log).toEqual(['teardown']);
    expect(kind.records.records.has(STACK)).toBe(true);
    expect(printed).toContain('::warning::teardown: volume in use');
    expect(printed).toContain(`::warning::cc-ci post: 2 resource(s) left: ${leftovers.join(', ')}`);
    expect(readFileSync(summary, 'utf8')).toContain(
      `The post step tore down stack \`${STACK}\`: 2 resource(s) left. No results of the ops that ran could be read.`,
    );
  });

  it('leftovers with partial results: the teardown is reported failed with them', async () => {
    const resultsFile = join(dir, 'results-left.json');
    writeFileSync(resultsFile, JSON.stringify(partialResults()));
    const { path } = manifest({ resultsFile }, { teardown: { problems: [], leftovers: ['v1'] } });
    await post({ manifest: path });
    expect(st.reports[0]).toMatchObject({
      results: {
        status: 'fail',
        teardown: { strategy: 'always', status: 'failed', leftovers: ['v1'], detail: 'torn down by the post step' },
      },
      note: `The main step did not finish. The post step tore down stack \`${STACK}\`: 1 resource(s) left.`,
    });
  });

  it('a results file main never wrote: the summary says no results could be read', async () => {
    const { path } = manifest({ resultsFile: join(dir, 'never-written.json') });
    await post({ manifest: path });
    expect(readFileSync(summary, 'utf8')).toContain(
      `The post step tore down stack \`${STACK}\`: nothing left. No results of the ops that ran could be read.`,
    );
    expect(st.reports).toEqual([]);
  });

  it('unreadable partial results are a one-line warning and the summary still says what happened', async () => {
    const resultsFile = join(dir, 'results-bad.json');
    writeFileSync(resultsFile, JSON.stringify({ schema: 'something else' }));
    const { path } = manifest({ resultsFile });
    await post({ manifest: path });
    const warning = printed.split('\n').find((l) => l.startsWith('::warning::cc-ci post: the partial results are unreadable: '));
    expect(warning).toBeDefined();
    expect(readFileSync(summary, 'utf8')).toContain('No results of the ops that ran could be read.');
    expect(st.reports).toEqual([]);
  });

  it('a bad retention-days input (main refused it) falls back to the repository setting', async () => {
    const resultsFile = join(dir, 'results-retention.json');
    writeFileSync(resultsFile, JSON.stringify(partialResults()));
    const { path } = manifest({ resultsFile });
    await post({ manifest: path, retentionDays: 'forever' });
    expect(st.reports).toHaveLength(1);
    expect((st.reports[0]!.where as { retentionDays?: number }).retentionDays).toBeUndefined();
  });

  it('main finished: post has nothing to do', async () => {
    const { path } = manifest({ finished: true, teardown: 'on-success' });
    await post({ manifest: path });
    expect(printed).toBe('cc-ci post: main finished and tore down per strategy (on-success)\n');
    expect(log).toEqual([]);
  });
});
