import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BACKEND_NAMES } from '../../src/backends/backend';
import { SCENARIOS } from '../contract/scenarios';
import { ROOT } from '../support/cli';

/**
 * Holds the backends in step: every backend runs every contract scenario (no skips), and the
 * parity matrix (docs/backends.md) cites only scenarios and tests that exist, and every scenario.
 */
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');
const doc = read('docs/backends.md');
const scenarios = read('test/contract/scenarios.ts');
/** Every `…` span of the doc. */
const spans = [...doc.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);

describe('backend parity', () => {
  it.each([...BACKEND_NAMES, 'fake'])('%s runs the whole contract: its harness and a contract file that runs every scenario', (name) => {
    expect(existsSync(join(ROOT, `test/contract/harnesses/${name}.ts`))).toBe(true);
    const file = read(`test/contract/${name}.contract.test.ts`);
    expect(file).toMatch(new RegExp(`^contractSuite\\(${name}Harness\\);$`, 'm'));
    expect(file).not.toMatch(/\.(skip|only|todo)\b|skipIf|runIf/);
  });

  it('defines each scenario once, by its name in SCENARIOS, and skips none', () => {
    expect(scenarios).not.toMatch(/\.(skip|only|todo)\b|skipIf|runIf/);
    const tests = [...scenarios.matchAll(/\bit(?:\.concurrent)?\(([^,]+),/g)].map((m) => m[1]!);
    const named = tests.map((t) => /^t\('([^']+)'\)$/.exec(t.trim())?.[1] ?? `not by name: ${t}`);
    expect(named.sort()).toEqual([...SCENARIOS].sort());
  });

  it('docs/backends.md cites every scenario, and only scenarios that exist', () => {
    const cited = spans.filter((s) => s.startsWith('contract: ')).map((s) => s.slice('contract: '.length));
    expect(cited.filter((c) => !(SCENARIOS as readonly string[]).includes(c))).toEqual([]);
    expect(SCENARIOS.filter((s) => !cited.includes(s))).toEqual([]);
  });

  it('docs/backends.md names only test files and tests that exist', () => {
    const refs = spans.filter((s) => /^test\/\S+\.ts/.test(s));
    expect(refs.length).toBeGreaterThan(5);
    const missing = refs.filter((r) => {
      const [file, name] = r.split(' › ');
      if (!existsSync(join(ROOT, file!))) return true;
      return name !== undefined && !read(file!).includes(name);
    });
    expect(missing).toEqual([]);
  });

  it('the matrix has a row for every behaviour a recipe depends on, for both backends', () => {
    const rows = doc.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| ---') && !l.startsWith('| behaviour'));
    const behaviours = rows.map((r) => r.split('|')[1]!.trim());
    for (const b of [
      'env files',
      'interpolation',
      'secrets',
      'secret generation',
      'configs and templates',
      'abra.sh versions',
      'version label',
      'deploy wait and timeout',
      'rollback',
      'backup and restore',
      'hooks',
      'routing',
      'teardown',
    ]) {
      expect(behaviours, b).toContain(b);
    }
    for (const r of rows) expect(r.split('|').length, r).toBe(7); // behaviour, swarm, abra, verified by, risk
  });
});
