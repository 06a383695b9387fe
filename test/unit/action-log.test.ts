import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ActionEvents } from '../../src/action/events';
import { failStep } from '../../src/action/fail';
import { autoBooleanInput, initSwarmInput, retentionDaysInput, testInputs } from '../../src/action/inputs';
import { recipeInWorkspace } from '../../src/action/workspace';
import { runOps } from '../../src/engine/orchestrator';
import type { OpContext, Operation } from '../../src/operations/operation';
import { UserError } from '../../src/errors';
import { annotationFile, annotations } from '../../src/report/annotations';
import type { OpName } from '../../src/report/schema';
import { failedRun } from '../fixtures/results';

// The action's main step as the job log shows it: one group per op, debug lines, and
// annotations whose file is a repository path.

let stdout: string[];
const log = () => stdout.join('');
const lines = () => log().split('\n').filter(Boolean);

beforeEach(() => {
  stdout = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (stdout.push(String(chunk)), true));
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  process.exitCode = undefined; // core.setFailed sets it
});

/** An op that passes, fails or throws, so runOps drives the events as a run would. */
const op = (name: OpName, behaviour: 'pass' | 'fail' | 'throw', needs: OpName[] = []): Operation => ({
  name,
  needs,
  run: async () => {
    if (behaviour === 'throw') throw new Error('the deploy fell over');
    return { status: behaviour, reason: `${name} ${behaviour}ed`, assertions: [] };
  },
});

async function run(registry: Operation[], events: ActionEvents) {
  return runOps(registry, {
    selected: registry.map((o) => o.name),
    timeoutSeconds: () => 30,
    runSignal: new AbortController().signal,
    events,
    context: () => ({}) as OpContext,
  });
}

/** The group commands, in order, with the op each opened. */
const groupCommands = () => lines().filter((l) => /^::(end)?group::/.test(l));

describe('each op is a group of its own in the job log', () => {
  it('wraps each op, from its start line to its verdict, in ::group::<op> ... ::endgroup::, never nested', async () => {
    const events = new ActionEvents();
    await run([op('lint', 'pass'), op('install', 'pass', ['lint'])], events);
    expect(groupCommands()).toEqual(['::group::lint', '::endgroup::', '::group::install', '::endgroup::']);
    const all = lines();
    const install = all.slice(all.indexOf('::group::install'), all.lastIndexOf('::endgroup::') + 1);
    expect(install[1]).toBe('▶ install');
    expect(install.some((l) => /^✔ install pass/.test(l))).toBe(true);
  });

  it('closes the group of an op that threw, and gives a blocked op (which never started) a group holding its verdict', async () => {
    const events = new ActionEvents();
    const results = await run([op('install', 'throw'), op('upgrade', 'pass', ['install'])], events);
    expect(results.map((r) => r.status)).toEqual(['fail', 'blocked']);
    expect(groupCommands()).toEqual(['::group::install', '::endgroup::', '::group::upgrade', '::endgroup::']);
    const all = lines();
    expect(all.indexOf('✘ install fail: the deploy fell over')).toBeLessThan(all.indexOf('::endgroup::'));
    expect(all[all.indexOf('::group::upgrade') + 1]).toMatch(/^⊘ upgrade blocked: install failed/);
  });

  it('close() ends a group the run left open (the engine threw mid-op), once, and on exit', () => {
    const events = new ActionEvents();
    const exitListeners = process.listenerCount('exit');
    events.opStarted('install');
    expect(process.listenerCount('exit')).toBe(exitListeners + 1);
    events.close();
    events.close();
    expect(groupCommands()).toEqual(['::group::install', '::endgroup::']);
    expect(process.listenerCount('exit')).toBe(exitListeners);
    events.opStarted('backup');
    process.emit('exit', 1);
    expect(groupCommands()).toEqual(['::group::install', '::endgroup::', '::group::backup', '::endgroup::']);
  });

  it('a line of the recipe cannot end the group early or start one: it is no workflow command', () => {
    const events = new ActionEvents();
    events.opStarted('custom');
    events.info('::endgroup::\n::group::pwned');
    events.opProgress('custom', '::endgroup::');
    events.close();
    expect(groupCommands()).toEqual(['::group::custom', '::endgroup::']);
  });

  it('sends debug lines to the debug log, masked and inert', () => {
    const events = new ActionEvents();
    events.mask('s3cret');
    events.debug('state in /tmp/x s3cret\n::error::nope');
    expect(lines().filter((l) => l.startsWith('::debug::'))).toEqual(['::debug::state in /tmp/x ***', '::debug:::\u200b:error::nope']);
  });
});

describe('annotations name files from the workspace', () => {
  it('joins the recipe checkout (relative to the workspace) and the file the recipe names', () => {
    expect(annotationFile('.', 'compose.yml')).toBe('compose.yml');
    expect(annotationFile('sub/dir', 'compose.yml')).toBe('sub/dir/compose.yml');
    expect(annotationFile('sub/dir', '.cc-ci/hooks/pre-install.sh')).toBe('sub/dir/.cc-ci/hooks/pre-install.sh');
    expect(annotationFile('sub/dir', './compose.yml')).toBe('sub/dir/compose.yml');
  });

  it("gives no file where there is no repository path: outside the workspace, a release's file, a bundled overlay, an absolute or escaping path", () => {
    expect(annotationFile(undefined, 'compose.yml')).toBeUndefined();
    expect(annotationFile('sub/dir', '1.2.0+3.4:compose.yml')).toBeUndefined();
    expect(annotationFile('sub/dir', 'overlays/demo/config.yml')).toBeUndefined();
    expect(annotationFile('sub/dir', '/tmp/cc-ci/demo/demo.env')).toBeUndefined();
    expect(annotationFile('sub/dir', '../../etc/passwd')).toBeUndefined();
    expect(annotationFile('sub/dir', 'a/../../x')).toBeUndefined();
  });

  it('the recipe-path input, relative to GITHUB_WORKSPACE in / form; undefined outside it', () => {
    vi.stubEnv('GITHUB_WORKSPACE', '/home/runner/work/repo/repo');
    expect(recipeInWorkspace('/home/runner/work/repo/repo')).toBe('.');
    expect(recipeInWorkspace('/home/runner/work/repo/repo/sub/dir/')).toBe('sub/dir');
    expect(recipeInWorkspace('/home/runner/work/repo/other')).toBeUndefined();
    expect(recipeInWorkspace('/home/runner/work/repo/repo-two')).toBeUndefined();
    expect(recipeInWorkspace('/')).toBeUndefined();
    vi.stubEnv('GITHUB_WORKSPACE', process.cwd());
    expect(recipeInWorkspace('sub/dir')).toBe('sub/dir');
    expect(recipeInWorkspace('..')).toBeUndefined();
  });

  it("a failed op's annotation, with recipe-path a subdirectory, is on sub/dir/compose.yml", () => {
    const [first] = annotations(failedRun, 'sub/dir');
    expect(first).toMatchObject({ level: 'error', file: 'sub/dir/compose.yml' });
  });

  it('a bad recipe file the step fails on is annotated at sub/dir/<file>:<line>; one with no repository path only in the error line', () => {
    failStep(new UserError('secret "x" is named "x", which has no version', 'compose.yml', 5), 'sub/dir');
    expect(lines()).toContain('::error title=cc-ci,file=sub/dir/compose.yml,line=5::secret "x" is named "x", which has no version');
    stdout = [];
    failStep(new UserError('bad key', '1.0.0:compose.yml', 3), 'sub/dir');
    expect(lines()).toEqual(['::error::cc-ci: 1.0.0:compose.yml:3: bad key']);
    stdout = [];
    failStep(new UserError('bad key', 'compose.yml', 3), undefined);
    expect(lines()).toEqual(['::error::cc-ci: compose.yml:3: bad key']);
  });
});

describe('true/false inputs read as core.getBooleanInput reads them, plus auto', () => {
  const set = (name: string, value: string) => vi.stubEnv(`INPUT_${name.toUpperCase()}`, value);

  it.each(['true', 'True', 'TRUE'])('%s is true', (v) => {
    for (const name of ['init-swarm', 'allow-repo-local', 'pr-comment'] as const) {
      set(name, v);
      expect(autoBooleanInput(name)).toBe(true);
    }
  });

  it.each(['false', 'False', 'FALSE'])('%s is false', (v) => {
    set('init-swarm', v);
    expect(autoBooleanInput('init-swarm')).toBe(false);
    expect(initSwarmInput()).toBe(false);
  });

  it('empty and auto are auto', () => {
    set('pr-comment', '');
    expect(autoBooleanInput('pr-comment')).toBe('auto');
    set('pr-comment', 'auto');
    expect(autoBooleanInput('pr-comment')).toBe('auto');
  });

  it.each(['yes', 'no', '1', 'tRUE', 'on'])('"%s" is one line naming the input and what it takes', (v) => {
    set('allow-repo-local', v);
    expect(() => autoBooleanInput('allow-repo-local')).toThrow(
      new UserError(`input allow-repo-local must be auto, true or false (also True, TRUE, False, FALSE), not "${v}"`),
    );
  });

  it('test mode refuses a bad pr-comment before anything runs (it was read as false before)', () => {
    set('pr-comment', 'yes');
    expect(() => testInputs()).toThrow(/^input pr-comment must be auto, true or false/);
  });
});

describe('retention-days', () => {
  const set = (value: string) => vi.stubEnv('INPUT_RETENTION-DAYS', value);

  it('empty or 0 is the repository setting; 1 to 400 whole days are taken', () => {
    set('');
    expect(retentionDaysInput()).toBeUndefined();
    set('0');
    expect(retentionDaysInput()).toBeUndefined();
    set('1');
    expect(retentionDaysInput()).toBe(1);
    set('90');
    expect(retentionDaysInput()).toBe(90);
    set('400');
    expect(retentionDaysInput()).toBe(400);
  });

  it.each(['401', '-1', '1.5', '7d', '0x7', 'seven', '1e2'])('"%s" is one line saying what to give', (v) => {
    set(v);
    expect(() => retentionDaysInput()).toThrow(
      new UserError(
        `input retention-days is "${v}"; give a whole number of days from 1 to 400 (90 at most on a public repository), or leave it empty for the repository's setting`,
      ),
    );
  });

  it('is part of the test inputs', () => {
    set('7');
    vi.stubEnv('RUNNER_TEMP', join('/tmp', 'cc-ci-runner'));
    expect(testInputs().retentionDays).toBe(7);
  });
});
