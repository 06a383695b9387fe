import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { writeJobSummary } from '../../src/action/summary';

/** What @actions/core printed (info lines and ::warning:: commands go to stdout). */
let printed = '';

beforeEach(() => {
  printed = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((printed += String(chunk)), true));
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  core.summary.emptyBuffer();
});

// @actions/core keeps the first summary file it could open for the whole process, so the cases
// that never reach a usable file come first.
describe('writeJobSummary', () => {
  it('without GITHUB_STEP_SUMMARY (a local run) says so and writes nothing', async () => {
    vi.stubEnv('GITHUB_STEP_SUMMARY', '');
    await writeJobSummary('## never written\n');
    expect(printed).toBe('GITHUB_STEP_SUMMARY is not set; job summary not written\n');
  });

  it('an unwritable summary file is a warning, never a failure', async () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'cc-ci-summary-')), 'no-such-dir', 'summary.md');
    vi.stubEnv('GITHUB_STEP_SUMMARY', missing);
    await expect(writeJobSummary('## lost\n')).resolves.toBeUndefined();
    expect(printed).toMatch(/^::warning::could not write the job summary: Unable to access summary file: '.*no-such-dir\/summary\.md'/);
    expect(printed).not.toContain('::error::');
  });

  it('appends the markdown to the summary file when there is one', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cc-ci-summary-')), 'summary.md');
    writeFileSync(file, 'before\n');
    vi.stubEnv('GITHUB_STEP_SUMMARY', file);
    await writeJobSummary('## cc-ci\n');
    expect(readFileSync(file, 'utf8')).toBe('before\n## cc-ci\n\n');
    expect(printed).toBe('');
  });
});
