import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { planJobs, type PlannedJob } from '../../src/cli/jobs-plan';
import { legOf, runJobs } from '../../src/cli/jobs-run';
import { Interrupted, UserError } from '../../src/errors';
import type { Results } from '../../src/report/schema';
import { tempDir } from '../support/cli';
import { failedRun } from '../fixtures/results';

const passed: Results = { ...failedRun, status: 'pass', ops: [failedRun.ops[0]!] };

/** A stand-in for one recipe's `cc-ci test`: what it does is named by its "directory". */
const FAKE = `
import { appendFileSync, copyFileSync, writeFileSync } from 'node:fs';
const [tpl, mode, results] = process.argv.slice(2);
const put = (name) => copyFileSync(tpl + '/' + name + '.json', results);
if (mode === 'pass') { console.log('op table'); console.error('▶ install'); process.stderr.write('::error::last line ##[group] unterminated\\x1b[2J'); put('pass'); }
if (mode === 'fail') { put('fail'); process.exitCode = 1; }
if (mode === 'config') { console.error('cc-ci: compose.yml:3: bad'); process.exitCode = 2; }
if (mode === 'crash') { put('pass'); console.error('cc-ci: internal error: boom'); process.exitCode = 1; }
if (mode === 'garbage') { writeFileSync(results, 'not json'); process.exitCode = 1; }
if (mode === 'killed') process.kill(process.pid, 'SIGKILL');
if (mode === 'slow') { appendFileSync(tpl + '/log', '+'); setTimeout(() => { appendFileSync(tpl + '/log', '-'); put('pass'); }, 150); }
if (mode === 'wait') {
  process.on('SIGINT', () => { console.error('got SIGINT'); put('fail'); process.exit(130); });
  console.error('ready');
  setInterval(() => {}, 1000);
}
`;

function fixture() {
  const dir = tempDir();
  writeFileSync(join(dir, 'fake.mjs'), FAKE);
  writeFileSync(join(dir, 'pass.json'), JSON.stringify(passed));
  writeFileSync(join(dir, 'fail.json'), JSON.stringify(failedRun));
  mkdirSync(join(dir, 'out'));
  const job = (recipe: string, mode = recipe): PlannedJob => ({ recipe, dir: mode, results: join(dir, 'out', `${recipe}.json`) });
  const collected: string[] = [];
  let onWrite: (text: string) => void = () => {};
  const out = new Writable({
    write(chunk, _enc, next) {
      collected.push(String(chunk));
      onWrite(String(chunk));
      next();
    },
  });
  const command = (j: PlannedJob & { results: string }) => ({
    file: process.execPath,
    args: [join(dir, 'fake.mjs'), dir, j.dir, j.results],
  });
  return { dir, job, out, command, text: () => collected.join(''), onWrite: (f: (t: string) => void) => (onWrite = f) };
}

describe('runJobs: one process per recipe', () => {
  it('prefixes every line with the recipe name, aligned, plain and inert; the leg of each exit', async () => {
    const f = fixture();
    const planned = [
      f.job('pass'),
      f.job('failing-recipe', 'fail'),
      f.job('config'),
      f.job('crash'),
      f.job('garbage'),
      f.job('killed'),
      { recipe: 'unreadable', dir: 'nowhere', error: 'recipe directory nowhere does not exist' },
    ];
    // Results an earlier run left: never taken for this run's.
    writeFileSync(planned[2]!.results!, JSON.stringify(passed));
    const legs = await runJobs(planned, { jobs: 3, command: f.command, signal: new AbortController().signal, out: f.out });
    const lines = f.text().split('\n');
    expect(lines).toContain('pass           | op table');
    expect(lines).toContain('pass           | ▶ install');
    expect(lines).toContain('pass           | :\u200b:error::last line #\u200b#[group] unterminated');
    expect(lines).toContain('config         | cc-ci: compose.yml:3: bad');
    expect(f.text()).not.toContain('\x1b');
    expect(f.text()).not.toContain('unreadable');
    expect(legs.map((l) => [l.recipe, l.results?.status, l.error])).toEqual([
      ['pass', 'pass', undefined],
      ['failing-recipe', 'fail', undefined],
      ['config', undefined, 'compose.yml:3: bad'],
      ['crash', 'pass', 'internal error: boom'],
      ['garbage', undefined, expect.stringMatching(/garbage\.json: .*JSON/)],
      ['killed', undefined, 'stopped by SIGKILL without writing results'],
      ['unreadable', undefined, 'recipe directory nowhere does not exist'],
    ]);
  });

  it('runs at most --jobs recipes at once', async () => {
    for (const jobs of [1, 2]) {
      const f = fixture();
      const planned = ['s1', 's2', 's3', 's4'].map((r) => f.job(r, 'slow'));
      const legs = await runJobs(planned, { jobs, command: f.command, signal: new AbortController().signal, out: f.out });
      expect(legs.every((l) => l.results?.status === 'pass')).toBe(true);
      const log = readFileSync(join(f.dir, 'log'), 'utf8');
      const most = [...log].reduce(
        (acc, c) => ({ now: acc.now + (c === '+' ? 1 : -1), max: Math.max(acc.max, acc.now + (c === '+' ? 1 : -1)) }),
        { now: 0, max: 0 },
      );
      expect(most.max).toBe(jobs);
    }
  });

  it('an interrupt reaches each running recipe once; queued recipes never start', async () => {
    const f = fixture();
    const abort = new AbortController();
    f.onWrite((t) => {
      if (t.includes('ready')) abort.abort(new Interrupted('SIGINT'));
    });
    const legs = await runJobs([f.job('wait'), f.job('pass')], { jobs: 1, command: f.command, signal: abort.signal, out: f.out });
    expect(f.text()).toContain('wait | got SIGINT');
    expect(legs.map((l) => [l.recipe, l.results?.status, l.error])).toEqual([
      ['wait', 'fail', undefined],
      ['pass', undefined, 'not started: interrupted'],
    ]);
  });

  it('a program that cannot start is a missing recipe with why', async () => {
    const f = fixture();
    const legs = await runJobs([f.job('pass')], {
      jobs: 1,
      command: () => ({ file: join(f.dir, 'no-such-program'), args: [] }),
      signal: new AbortController().signal,
      out: f.out,
    });
    expect(legs[0]!.error).toMatch(/^could not start: .*ENOENT.* without writing results$/);
  });

  it('legOf: a clean exit without results is missing too', () => {
    expect(legOf('x', join(tempDir(), 'none.json'), 'exited 0', undefined)).toEqual({
      recipe: 'x',
      error: 'exited 0 without writing results',
    });
  });
});

describe('planJobs: names and results files before anything starts', () => {
  const recipe = (root: string, dir: string, type?: string) => {
    mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, dir, '.env.sample'), `${type ? `TYPE=${type}\n` : ''}DOMAIN=x.example.com\n`);
    return join(root, dir);
  };

  it('names each recipe as its run will; one it cannot read fails alone with its one line', () => {
    const root = tempDir();
    const a = recipe(root, 'a', 'notes');
    const b = recipe(root, 'blog');
    const missing = join(root, 'missing');
    expect(planJobs([a, b, missing], join(root, 'out'))).toEqual([
      { recipe: 'notes', dir: a, results: join(root, 'out', 'notes.json') },
      { recipe: 'blog', dir: b, results: join(root, 'out', 'blog.json') },
      { recipe: missing, dir: missing, error: `recipe directory ${missing} does not exist; pass the path of a recipe checkout` },
    ]);
  });

  it('refuses two directories of one recipe, naming both', () => {
    const root = tempDir();
    const a = recipe(root, 'a', 'notes');
    const b = recipe(root, 'b', 'notes');
    expect(() => planJobs([a, b], root)).toThrow(
      new UserError(`${a} and ${b} are both recipe "notes"; test each recipe once, or give a copy another TYPE= in its .env.sample`),
    );
  });

  it('refuses a results directory no file can be written in, as --results does', () => {
    const root = tempDir();
    const a = recipe(root, 'a', 'notes');
    writeFileSync(join(root, 'file'), '');
    expect(() => planJobs([a], join(root, 'file'))).toThrow(
      `--results-dir ${join(root, 'file', 'notes.json')}: ${join(root, 'file')} is a file, so no directory can be made there; pass a directory cc-ci may write files in, e.g. ./results`,
    );
  });
});
