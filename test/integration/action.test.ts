import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readResults } from '../../src/report/results-file';
import { FakeRunner } from '../support/action';
import { ROOT, dockerLeftovers, runRecords, stackOf, uniqueDomain } from '../support/cli';

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
    expect(runner.summaryText()).toContain('| demo | swarm | 1.1.0+2 | 1 | ✅ clean |');
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

  it('a failed op becomes an annotation on its compose line, an autopsy in the summary, and outputs; local runs keep the artifact on disk', async () => {
    const domain = uniqueDomain('actfail');
    const runner = new FakeRunner(
      { 'recipe-path': 'test/fixtures/recipes/crash-at-start', domain, ops: 'install', 'init-swarm': 'true' },
      { GITHUB_WORKSPACE: ROOT },
    );
    const main = await runner.step('main', { cwd: ROOT });
    expect(main.code).toBe(1);
    expect(main.stdout).toMatch(
      /^::error title=cc-ci install%3A crash loop \(app\),file=test\/fixtures\/recipes\/crash-at-start\/compose\.yml,line=4::app: 3 tasks failed/m,
    );
    expect(main.stdout.match(/^::warning::no artifact upload outside GitHub Actions/gm)).toHaveLength(1);
    // The op's lines are one group, closed after its verdict although the op failed.
    const log = main.stdout.split('\n');
    expect(log.filter((l) => /^::(end)?group::/.test(l))).toEqual(['::group::install', '::endgroup::']);
    const verdict = log.findIndex((l) => l.startsWith('✘ install fail'));
    expect(verdict).toBeGreaterThan(log.indexOf('::group::install'));
    expect(verdict).toBeLessThan(log.indexOf('::endgroup::'));
    expect(runner.outputs()).toMatchObject({ status: 'fail', 'deploy-count': '1', 'failed-ops': 'install' });
    const summary = runner.summaryText();
    expect(summary).toContain('<summary>❌ <b>install</b>: crash loop in <code>app</code> (exit 3)</summary>');
    expect(summary).toContain('fatal: config file /etc/app.conf missing');
    expect(dockerLeftovers(stackOf(domain))).toEqual([]);
  });

  it('when main dies after an op, post writes the summary from the partial results', async () => {
    const domain = uniqueDomain('partial');
    const runner = new FakeRunner({ 'recipe-path': join(ROOT, 'examples/demo'), domain, 'init-swarm': 'true' });
    const main = await runner.step('main', { killWhen: /✔ install pass/ });
    expect(main.code).toBeNull();
    const post = await runner.step('post');
    expect(post.code).toBe(0);
    const summary = runner.summaryText();
    expect(summary).toContain('The main step did not finish. The post step tore down stack');
    expect(summary).toContain('| install | ✅ pass |');
    expect(summary).toContain('## ❌ cc-ci: demo failed');
    expect(dockerLeftovers(stackOf(domain))).toEqual([]);
    // main's record on the host went with its app: nothing is left for a later reap.
    expect(runRecords(stackOf(domain))).toEqual([]);
  });
});
