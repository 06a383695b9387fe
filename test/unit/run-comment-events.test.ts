import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as github from '@actions/github';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runComment } from '../../src/action/run-comment';
import { UserError } from '../../src/errors';

/** Key/values of a GITHUB_OUTPUT file (heredoc format, as @actions/core writes it). */
function outputs(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of readFileSync(file, 'utf8').matchAll(/^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) out[m[1]!] = m[3]!;
  return out;
}

const { eventName, payload } = github.context;
let outputFile = '';

beforeEach(() => {
  outputFile = join(mkdtempSync(join(tmpdir(), 'cc-ci-comment-')), 'output');
  writeFileSync(outputFile, '');
  vi.stubEnv('GITHUB_OUTPUT', outputFile);
  vi.stubEnv('GITHUB_REPOSITORY', 'coop-cloud/recipe');
  vi.stubEnv('INPUT_GITHUB-TOKEN', 'not-a-real-token');
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
});

afterEach(() => {
  github.context.eventName = eventName;
  github.context.payload = payload;
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('runComment', () => {
  it('refuses any event but issue_comment, naming the event it got', async () => {
    github.context.eventName = 'push';
    const run = runComment();
    await expect(run).rejects.toBeInstanceOf(UserError);
    await expect(run).rejects.toThrow('mode: comment handles issue_comment events, not push; see docs/github.md');
    expect(outputs(outputFile)).toEqual({});
  });

  it('says "none" when the runner gave no event name at all', async () => {
    github.context.eventName = '';
    await expect(runComment()).rejects.toThrow('mode: comment handles issue_comment events, not none; see docs/github.md');
  });

  it('a comment without a body (GitHub sends none for an empty one) is not a command and runs nothing', async () => {
    github.context.eventName = 'issue_comment';
    github.context.payload = {
      issue: { number: 7, pull_request: { url: 'x' } },
      comment: { id: 42, user: { login: 'alice' }, author_association: 'MEMBER' },
    };
    // No API call is made for a non-command, so no GitHub is needed.
    await runComment();
    expect(outputs(outputFile)).toEqual({ run: 'false', reason: 'the comment is not a !testme command' });
  });
});
