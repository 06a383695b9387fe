import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BackendKind } from '../../src/backends/backend';
import { fakeKind } from '../support/fake-backend';

// The pre step runs at import; its backend comes from the registry, a fake here (no Docker).
const st = vi.hoisted((): { kind: unknown; asked: [string, string | undefined][] } => ({ kind: undefined, asked: [] }));
vi.mock('../../src/backends/registry', () => ({
  backendKind: (name: string, where?: string) => (st.asked.push([name, where]), st.kind as BackendKind),
}));

let printed = '';
let log: string[] = [];
let kind: ReturnType<typeof fakeKind>;

async function pre(mode: string): Promise<void> {
  vi.stubEnv('INPUT_MODE', mode);
  vi.resetModules();
  await import('../../src/entrypoints/action-pre');
}

beforeEach(() => {
  printed = '';
  log = [];
  st.asked = [];
  kind = fakeKind({}, log, log);
  st.kind = kind;
  vi.stubEnv('RUNNER_TEMP', mkdtempSync(join(tmpdir(), 'cc-ci-pre-')));
  vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((printed += String(c)), true));
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  process.exitCode = undefined;
});

describe('the pre step', () => {
  it('in mode test sets the host up, then reaps a dead run, asking the registry for the kind its record names', async () => {
    kind.records.records.set('dead_ci_local', {
      stack: 'dead_ci_local',
      domain: 'dead.ci.local',
      backend: 'swarm',
      stateDir: '/nowhere',
      owner: { host: 'another-host.invalid', boot: '', pidNamespace: '', pid: 1, processStart: '' },
      heartbeat: new Date(Date.now() - 3600_000),
      state: 'running',
    });
    await pre('test');
    expect(log).toEqual(['setupHost', 'teardown', 'release dead_ci_local']);
    expect(st.asked).toEqual([
      ['swarm', 'input backend'],
      ['swarm', 'a run record'],
    ]);
    expect(printed).toMatch(
      /^cc-ci: reaped stack dead_ci_local: owner on another host \(another-host\.invalid\), no heartbeat for \d+ s$/m,
    );
    expect(process.exitCode ?? 0).toBe(0);
  });

  it('in the other modes touches nothing on the host', async () => {
    for (const mode of ['comment', 'feedback', 'report']) await pre(mode);
    expect(log).toEqual([]);
    expect(st.asked).toEqual([]);
    expect(printed).toBe('');
  });

  it('a bad input fails the step with one line', async () => {
    await pre('deploy');
    expect(printed).toBe('::error::cc-ci: input mode must be test, comment, feedback, report, not "deploy"\n');
    expect(process.exitCode).toBe(1);
    expect(log).toEqual([]);
  });
});
