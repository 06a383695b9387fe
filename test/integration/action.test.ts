import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readResults } from '../../src/report/results-file';
import { FakeRunner } from '../support/action';
import { ROOT, dockerLeftovers, stackOf, uniqueDomain } from '../support/cli';

describe('the action steps on the real swarm', () => {
  it('pre sets up, main runs the engine and writes the op table to the job summary, post finds nothing to do', async () => {
    const domain = uniqueDomain('action');
    const runner = new FakeRunner({ 'recipe-path': join(ROOT, 'examples/demo'), domain, ops: 'install', 'init-swarm': 'true' });
    expect((await runner.step('pre')).code).toBe(0);
    const main = await runner.step('main');
    expect(main.code, main.stdout).toBe(0);
    const outputs = runner.outputs();
    expect(outputs).toMatchObject({ status: 'pass', 'deploy-count': '1', 'failed-ops': '' });
    expect(readResults(outputs.results!).ops[0]).toMatchObject({ op: 'install', status: 'pass' });
    expect(runner.summaryText()).toContain('| install | ✅ pass |');
    expect(runner.summaryText()).toContain('**deploys** 1');
    expect(runner.savedState().manifest).toMatch(/manifest\.json$/);
    const post = await runner.step('post');
    expect(post.code).toBe(0);
    expect(post.stdout).toContain('main finished and tore down per strategy (always)');
    expect(dockerLeftovers(stackOf(domain))).toEqual([]);
  });

  it.for([
    ['saved state', false],
    ['the manifest under RUNNER_TEMP (state lost)', true],
  ] as const)('post tears down via %s when main died mid-deploy', async ([, dropState]) => {
    const domain = uniqueDomain('crash');
    const runner = new FakeRunner({ 'recipe-path': join(ROOT, 'examples/demo'), domain, 'init-swarm': 'true' });
    const main = await runner.step('main', { killWhen: /converging/ });
    expect(main.code).toBeNull(); // SIGKILL: no chance to clean up
    expect(dockerLeftovers(stackOf(domain)).length).toBeGreaterThan(0);
    const post = await runner.step('post', { dropState });
    expect(post.code).toBe(0);
    expect(post.stdout).toContain(`main did not finish; tearing down stack ${stackOf(domain)}`);
    expect(runner.summaryText()).toContain('nothing left');
    expect(dockerLeftovers(stackOf(domain))).toEqual([]);
  });
});
