import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../support/cli';
import { DEFAULT_TIMEOUT_SECONDS } from '../../src/engine/options';

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { description: string }>;
  runs: Record<string, string>;
};
const doc = readFileSync(join(ROOT, 'docs/action.md'), 'utf8');
const inputsSource = readFileSync(join(ROOT, 'src/action/inputs.ts'), 'utf8');

describe('action.yml', () => {
  it('runs on node24 with pre, main and post bundles that exist in dist/', () => {
    expect(action.runs).toMatchObject({ using: 'node24', pre: 'dist/pre.js', main: 'dist/main.js', post: 'dist/post.js' });
    for (const entry of ['pre', 'main', 'post']) expect(() => readFileSync(join(ROOT, action.runs[entry]!))).not.toThrow();
  });

  it('documents every input and output, in action.yml and in docs/action.md', () => {
    const missing = [...Object.keys(action.inputs), ...Object.keys(action.outputs)].filter((k) => !doc.includes(`\`${k}\``));
    expect(missing).toEqual([]);
    for (const [name, spec] of [...Object.entries(action.inputs), ...Object.entries(action.outputs)])
      expect(spec.description, name).toBeTruthy();
  });

  it('declares exactly the inputs src/action/inputs.ts reads (its InputName type)', () => {
    const union = /export type InputName =([^;]+);/.exec(inputsSource)![1]!;
    const read = [...union.matchAll(/'([a-z-]+)'/g)].map((m) => m[1]).sort();
    expect(Object.keys(action.inputs).sort()).toEqual(read);
  });

  it('states the real default of timeout', () => {
    expect(action.inputs.timeout!.default).toBe('');
    expect(action.inputs.timeout!.description).toContain(`else ${DEFAULT_TIMEOUT_SECONDS}`);
    expect(action.inputs.timeout!.description).toContain('config.yml');
  });

  it("says which spellings the true/false inputs take (core.getBooleanInput's), and that auto is their default", () => {
    for (const name of ['allow-repo-local', 'pr-comment', 'init-swarm']) {
      expect(action.inputs[name]!.default, name).toBe('auto');
      expect(action.inputs[name]!.description, name).toMatch(/True, TRUE, False, FALSE/);
    }
  });

  it("has retention-days, empty by default (the repository's setting)", () => {
    expect(action.inputs['retention-days']).toMatchObject({ default: '' });
    expect(action.inputs['retention-days']!.description).toMatch(/1 to 400/);
  });
});
