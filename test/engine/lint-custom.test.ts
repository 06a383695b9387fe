import { describe, expect, it } from 'vitest';
import { recipeCopy } from '../support/copy';
import { fixture, opOf, run, verdicts } from './helpers';

describe('lint', () => {
  it('fails on error-level findings, before anything is deployed', async () => {
    const { results, log } = await run(fixture('lint-fails'), ['lint']);
    const lint = opOf(results, 'lint');
    expect(lint.status).toBe('fail');
    expect(lint.reason).toMatch(/^2 error\(s\): R009 compose\.yml:3: .*; R012 compose\.yml:16: /);
    expect(lint.assertions.filter((a) => a.status === 'fail').map((a) => [a.name, a.source])).toEqual([
      ["R009 one service named 'app'", { file: 'compose.yml', line: 3 }],
      ['R012 config versions are vendored', { file: 'compose.yml', line: 16 }],
    ]);
    expect(lint.autopsy).toMatchObject({ op: 'lint', reason: 'lint_failed', service: null });
    expect(results.status).toBe('fail');
    expect(log).toEqual(['setupHost']);
  });

  it('passes a recipe that follows the conventions, every finding a pass', async () => {
    const { results } = await run(fixture('real-shaped'), ['lint']);
    const lint = opOf(results, 'lint');
    expect(lint.status).toBe('pass');
    expect(lint.reason).toBe(`${lint.assertions.length} rules passed`);
    expect(lint.assertions.filter((a) => a.status !== 'pass')).toEqual([]);
  });
});

describe('custom', () => {
  it('skips when the recipe has no custom tests', async () => {
    const { results } = await run(fixture('no-backup'), ['custom']);
    expect(verdicts(results)).toEqual({
      install: ['pass', 'converged and serving'],
      custom: ['skip', 'no custom tests (.cc-ci/tests/custom/ or the bundled overlay)'],
    });
  });

  it("runs the recipe's custom tests against the deployment", async () => {
    const recipe = recipeCopy(fixture('no-backup'), {
      add: { '.cc-ci/tests/custom/says-hello': '#!/bin/sh\necho "hello from $CCCI_DOMAIN"\n' },
      exec: ['.cc-ci/tests/custom/says-hello'],
    });
    const { results } = await run(recipe, ['custom']);
    const custom = opOf(results, 'custom');
    expect([custom.status, custom.reason]).toEqual(['pass', '1 overlay test(s) passed']);
    expect(custom.assertions).toEqual([
      { name: expect.stringContaining('says-hello'), status: 'pass', detail: 'hello from engine.ci.local' },
    ]);
  });
});
