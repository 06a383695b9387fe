import { describe, expect, it } from 'vitest';
import { report } from '../../src/cli/jobs';
import { renderMatrix, textMatrix, type Leg } from '../../src/report/matrix';
import type { Results } from '../../src/report/schema';
import { failedRun } from '../fixtures/results';

const passed: Results = {
  ...failedRun,
  recipe: 'notes',
  status: 'pass',
  ops: [
    { op: 'install', status: 'pass', reason: 'converged and serving', durationMs: 5000, assertions: [], autopsy: null },
    { op: 'backup', status: 'skip', reason: 'not backup-capable', durationMs: 0, assertions: [], autopsy: null },
  ],
};
const legs: Leg[] = [
  { recipe: 'zeta', results: passed },
  { recipe: 'broken', error: 'compose.yml:3: services.app.image is missing; give an image' },
  { recipe: 'demo', results: failedRun },
  { recipe: 'alpha', results: passed },
  { recipe: 'crashed', results: passed, error: 'internal error: boom' },
];

describe('the recipe × op grid in the terminal', () => {
  it('lists failing recipes first, then missing, then passing, each by name, in aligned columns', () => {
    const lines = textMatrix(legs).split('\n');
    expect(lines.slice(0, 6).map((l) => l.split(/\s+/)[0])).toEqual(['recipe', 'crashed', 'demo', 'broken', 'alpha', 'zeta']);
    const cols = lines[0]!.indexOf('install');
    for (const l of lines.slice(1, 6)) expect(l.slice(0, cols).length).toBe(cols);
    expect(lines[0]).toMatch(/^recipe +result +lint +install +upgrade +backup +restore +custom +detail$/);
  });

  it('shows each op with the terminal symbols, · when not run, nothing for a recipe without results', () => {
    const row = (name: string) =>
      textMatrix(legs)
        .split('\n')
        .find((l) => l.startsWith(`${name} `))!;
    expect(row('demo')).toMatch(/^demo +✘ fail +✔ +✔ +✘ +⊘ +⊘ +✘ +upgrade: app: update rolled back/);
    expect(row('alpha')).toMatch(/^alpha +✔ pass +· +✔ +· +○ +· +·$/);
    expect(row('broken')).toMatch(/^broken +\? missing +compose\.yml:3: services\.app\.image is missing; give an image$/);
    // A run that wrote passing results and then exited non-zero failed, with why.
    expect(row('crashed')).toMatch(/^crashed +✘ fail +· +✔ +· +○ +· +· +internal error: boom$/);
  });

  it('totals recipes and ops as the matrix report does', () => {
    const text = textMatrix(legs);
    expect(text).toContain('5 recipe(s): 2 passed, 2 failed, 1 missing (no results)');
    expect(text).toContain('Ops: 5 passed, 2 failed, 2 blocked, 3 skipped. · = not run.');
    expect(renderMatrix(legs)).toContain('**2 passed** · **2 failed** · **1 missing**');
    expect(renderMatrix(legs)).toContain('Ops: 5 passed, 2 failed, 2 blocked, 3 skipped.');
  });

  it('renders a hostile detail as one inert line', () => {
    const text = textMatrix([{ recipe: 'x', error: 'line one\n::error::injected\x1b[31m red' }]);
    expect(text).toContain('line one ::error::injected red');
    expect(text).not.toContain('\x1b');
    expect(text.split('\n')).toHaveLength(5);
  });
});

describe('the report after a --jobs run', () => {
  it('is the grid, then each failing recipe autopsies under its name', () => {
    const text = report(legs);
    expect(text.startsWith(textMatrix(legs))).toBe(true);
    expect(text).toContain('\n\ndemo:\n✘ upgrade: rolled back in app (exit 143)');
    expect(text).toContain('✘ custom: test failed');
    expect(text).not.toContain('alpha:');
    expect(text).not.toContain('broken:');
  });
});
