import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { annotations, MAX_ANNOTATIONS } from '../../src/report/annotations';
import { buildAutopsy, classify } from '../../src/report/autopsy';
import { HINTS } from '../../src/report/hints';
import { readResults, writeResults } from '../../src/report/results-file';
import { Autopsy, FAILURE_REASONS, OpResult, Results } from '../../src/report/schema';
import { renderSummary, SUMMARY_LIMIT } from '../../src/report/summary';
import { textAutopsies, textTable } from '../../src/report/table';
import { renderComment } from '../../src/report/pr-comment';
import { failedRun } from '../fixtures/results';
import { ROOT, tempDir } from '../support/cli';

describe('one schema, many consumers (parity)', () => {
  it('pins the field names and their order', () => {
    expect(Object.keys(Autopsy.shape)).toEqual(['kind', 'op', 'service', 'reason', 'exit_code', 'event', 'last_lines', 'hint']);
    expect(Object.keys(OpResult.shape)).toEqual(['op', 'status', 'reason', 'durationMs', 'assertions', 'autopsy', 'hops']);
    expect(Object.keys(Results.shape)).toEqual([
      'schema',
      'recipe',
      'backend',
      'domain',
      'stack',
      'base',
      'head',
      'deployCount',
      'status',
      'ops',
      'customization',
      'hostAccess',
      'teardown',
      'sources',
      'startedAt',
      'durationMs',
      'dockerWaitMs',
    ]);
    // What a producer writes keeps that order on disk.
    const path = join(tempDir(), 'results.json');
    writeResults(path, failedRun);
    const onDisk = JSON.parse(readFileSync(path, 'utf8'));
    expect(Object.keys(onDisk)).toEqual(Object.keys(Results.shape));
    expect(Object.keys(onDisk.ops[2].autopsy)).toEqual(Object.keys(Autopsy.shape));
  });

  it('round-trips last_lines through results.json, empty lines and backticks included', () => {
    const path = join(tempDir(), 'results.json');
    writeResults(path, failedRun);
    expect(readResults(path).ops[2]!.autopsy!.last_lines).toEqual([
      'app 1.1.0: starting',
      '',
      'GET /health 404 `missing route`',
      '```',
      'app 1.1.0: shutting down',
    ]);
  });

  it('shows the same last lines in the job summary, in order, inside a fence they cannot close', () => {
    const summary = renderSummary(failedRun);
    const block = /\n(`{4,})text\n([\s\S]*?)\n\1\n/.exec(summary);
    expect(block?.[2]!.split('\n')).toEqual(failedRun.ops[2]!.autopsy!.last_lines);
  });

  it('gives every reason a hint and an entry in docs/failures.md', () => {
    const doc = readFileSync(join(ROOT, 'docs/failures.md'), 'utf8');
    for (const reason of FAILURE_REASONS) {
      expect(HINTS[reason], reason).toMatch(/\. .*\. /);
      expect(doc, reason).toContain(`### ${reason}\n`);
    }
  });

  it('rejects a result that does not match the schema instead of writing it', () => {
    const bad = {
      ...failedRun,
      ops: [{ ...failedRun.ops[2]!, autopsy: { ...failedRun.ops[2]!.autopsy!, reason: 'flaky' } }],
    } as unknown as Results;
    expect(() => writeResults(join(tempDir(), 'r.json'), bad)).toThrow();
  });
});

describe('job summary', () => {
  it('matches the reviewed snapshot', async () => {
    await expect(renderSummary(failedRun, { artifact: 'cc-ci-demo-demo-1a2b3c_ci_local' })).toMatchFileSnapshot(
      '../snapshots/summary-failed.md',
    );
  });

  it('stays under the 1 MiB limit by shortening, then dropping log excerpts, and says so', () => {
    const huge = structuredClone(failedRun);
    huge.ops[2]!.autopsy!.last_lines = Array.from({ length: 200 }, (_, i) => `${i} ${'x'.repeat(9000)}`);
    const summary = renderSummary(huge, { artifact: 'cc-ci-demo-x' });
    expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(SUMMARY_LIMIT);
    expect(summary).toContain(
      "Log excerpts were shortened to fit GitHub's summary size limit; the full logs are in the artifact `cc-ci-demo-x`.",
    );
    expect(summary).toContain('| upgrade | ❌ fail |');
  });
});

describe('annotations', () => {
  it('one per failed op, on the file and line that define the failing service, titled op and reason, hint as body', () => {
    expect(annotations(failedRun, 'recipes/demo')).toEqual([
      {
        level: 'error',
        title: 'cc-ci upgrade: rolled back (app)',
        message: `${failedRun.ops[2]!.reason}\n${HINTS.rolled_back}`,
        file: 'recipes/demo/compose.yml',
        startLine: 9,
      },
      {
        level: 'error',
        title: 'cc-ci custom: test failed',
        message: `${failedRun.ops[5]!.reason}\n${HINTS.test_failed}`,
        file: 'recipes/demo/.cc-ci/tests/custom/login',
        startLine: 1,
      },
    ]);
    expect(annotations(failedRun, '.')[0]!.file).toBe('compose.yml');
    expect(annotations(failedRun, undefined)[0]).not.toHaveProperty('file');
  });

  it('one per lint finding with a file and line, error or warning by level, once even when two ops carry it', () => {
    const finding = {
      name: 'CC001 networks the swarm can use',
      status: 'fail' as const,
      detail: 'compose.yml:21: network "internal" has driver: bridge',
      source: { file: 'compose.yml', line: 21 },
    };
    const warn = {
      name: 'R002 healthcheck enabled for all services',
      status: 'warn' as const,
      detail: 'compose.yml:3: service db has no healthcheck',
      source: { file: 'compose.yml', line: 3 },
    };
    const r = {
      ...failedRun,
      ops: [
        { ...failedRun.ops[0]!, assertions: [finding, warn] },
        { ...failedRun.ops[1]!, status: 'blocked' as const, assertions: [finding], autopsy: null },
      ],
    };
    expect(annotations(r, 'recipes/demo')).toEqual([
      {
        level: 'error',
        title: 'cc-ci CC001 networks the swarm can use',
        message: 'network "internal" has driver: bridge',
        file: 'recipes/demo/compose.yml',
        startLine: 21,
      },
      {
        level: 'warning',
        title: 'cc-ci R002 healthcheck enabled for all services',
        message: 'service db has no healthcheck',
        file: 'recipes/demo/compose.yml',
        startLine: 3,
      },
    ]);
  });

  it('never more than GitHub shows per step', () => {
    const many = { ...failedRun, ops: Array.from({ length: 14 }, () => failedRun.ops[2]!) };
    expect(annotations(many, '.')).toHaveLength(MAX_ANNOTATIONS);
  });
});

describe('autopsy classification', () => {
  it.each([
    [{ reason: 'crash_loop' as const, event: 'task: non-zero exit (137)' }, { oomKilled: true }, 'oom_killed'],
    [{ reason: 'crash_loop' as const, event: 'listen tcp4 0.0.0.0:80: bind: address already in use' }, {}, 'port_in_use'],
    [{ reason: 'deploy_rejected' as const, event: 'service app: secret not found: x_v1' }, {}, 'secret_or_config_missing'],
    [{ reason: 'deploy_rejected' as const, event: 'service app: undefined config "c"' }, {}, 'secret_or_config_missing'],
    [
      {
        reason: 'deploy_rejected' as const,
        event:
          'failed to create service s_app: Error response from daemon: The network s_internal cannot be used with services. Only networks scoped to the swarm can be used',
      },
      {},
      'network_unusable',
    ],
    [
      {
        reason: 'deploy_rejected' as const,
        event: 'network "nope" is declared as external, but could not be found. You need to create a swarm-scoped network',
      },
      {},
      'network_unusable',
    ],
    [{ reason: 'deploy_rejected' as const, event: 'services.app.deploy Additional property lables is not allowed' }, {}, 'compose_invalid'],
    [
      {
        reason: 'deploy_rejected' as const,
        event: 'Compose file contains unsupported options: extends: Support for `extends` is not implemented yet.',
      },
      {},
      'compose_invalid',
    ],
    [
      {
        reason: 'deploy_rejected' as const,
        event: 'invalid interpolation format for services.app.image: "required variable TAG is missing a value: set TAG"',
      },
      {},
      'deploy_rejected',
    ],
    [{ reason: 'crash_loop' as const, event: 'task: non-zero exit (3)' }, {}, 'crash_loop'],
    [{ reason: 'hook_failed' as const, event: 'pg_dump: out of memory' }, { oomKilled: true }, 'hook_failed'],
    // restic's own words, passed on by abra app backup: no image is missing.
    [
      {
        reason: 'backup_incomplete' as const,
        event: 'abra app backup create failed: Fatal: repository does not exist: unable to open config file',
      },
      {},
      'backup_incomplete',
    ],
    [{ reason: 'restore_mismatch' as const, event: 'abra app restore failed: Fatal: repository does not exist' }, {}, 'restore_mismatch'],
  ])('%j + %j → %s', (failure, diag, reason) => {
    expect(classify(failure, diag)).toBe(reason);
  });

  it('carries the health check output for unhealthy, caps lines at 200, and never lacks a hint', () => {
    const a = buildAutopsy(
      'install',
      { reason: 'x', failure: { reason: 'unhealthy', service: 'app', event: 'unhealthy container' } },
      { healthOutput: 'curl: not found\n', lines: Array.from({ length: 250 }, (_, i) => `${i}`), exitCode: 143 },
    );
    expect(a.event).toBe('unhealthy container; healthcheck said: curl: not found');
    expect(a.last_lines).toHaveLength(200);
    expect(a.last_lines[0]).toBe('50');
    expect(a.exit_code).toBe(143);
    expect(buildAutopsy('custom', { reason: 'boom' }).hint).toBe(HINTS.unknown);
  });
});

describe('terminal', () => {
  it('prints the same table and each autopsy with its last lines', () => {
    expect(textTable(failedRun).split('\n')[3]).toMatch(/^upgrade +✘ fail +8\.5s +app: update rolled back/);
    const text = textAutopsies(failedRun);
    expect(text).toContain('✘ upgrade: rolled back in app (exit 143)');
    expect(text).toContain('  | GET /health 404 `missing route`');
    expect(text).toContain('✘ custom: test failed (exit 1)');
  });
});

describe('upgrade hops', () => {
  const chained: Results = {
    ...failedRun,
    ops: failedRun.ops.map((o) =>
      o.op !== 'upgrade'
        ? o
        : {
            ...o,
            reason: 'hop 1.1.0+2 → 1.2.0+3: app: update rolled back',
            hops: [
              { from: '1.0.0+1', to: '1.1.0+2', status: 'pass' as const, durationMs: 4200, detail: '1.0.0+1 → 1.1.0+2 in place; serving' },
              { from: '1.1.0+2', to: '1.2.0+3', status: 'fail' as const, durationMs: 4300, detail: 'app: update rolled back' },
              { from: '1.2.0+3', to: 'head', status: 'skip' as const, durationMs: 0, detail: 'not run: 1.1.0+2 → 1.2.0+3 failed' },
            ],
          },
    ),
  };

  it('lists each hop under the upgrade row, in the terminal, the job summary and the PR comment', () => {
    const lines = textTable(chained).split('\n');
    const at = lines.findIndex((l) => l.startsWith('upgrade '));
    expect(lines.slice(at + 1, at + 4)).toEqual([
      expect.stringMatching(/^↳ 1\.0\.0\+1 → 1\.1\.0\+2 +✔ pass +4\.2s +1\.0\.0\+1 → 1\.1\.0\+2 in place; serving$/),
      expect.stringMatching(/^↳ 1\.1\.0\+2 → 1\.2\.0\+3 +✘ fail +4\.3s +app: update rolled back$/),
      expect.stringMatching(/^↳ 1\.2\.0\+3 → head +○ skip +not run: 1\.1\.0\+2 → 1\.2\.0\+3 failed$/),
    ]);
    for (const md of [renderSummary(chained), renderComment(chained, 'https://example.invalid/run')]) {
      expect(md).toContain('| ↳ 1.1.0+2 → 1.2.0+3 | ❌ fail | 4.3s | app: update rolled back |');
      expect(md).toContain('| ↳ 1.2.0+3 → head | ⏭️ skip |  | not run: 1.1.0+2 → 1.2.0+3 failed |');
    }
    expect(() => Results.parse(chained)).not.toThrow();
  });

  it('shows no hop rows for a single upgrade: its row says it all', () => {
    const single = { ...chained, ops: chained.ops.map((o) => (o.hops ? { ...o, hops: o.hops.slice(0, 1) } : o)) };
    expect(textTable(single)).not.toContain('↳');
  });
});

it('keeps the fixture valid against the schema', () => {
  expect(() => Results.parse(failedRun)).not.toThrow();
});
