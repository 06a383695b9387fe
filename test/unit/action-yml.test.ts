import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../support/cli';

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { description: string }>;
  runs: Record<string, string>;
};
const doc = readFileSync(join(ROOT, 'docs/action.md'), 'utf8');

describe('action.yml', () => {
  it('runs on node24 with pre, main and post bundles that exist in dist/', () => {
    expect(action.runs).toMatchObject({ using: 'node24', pre: 'dist/pre.js', main: 'dist/main.js', post: 'dist/post.js' });
    for (const entry of ['pre', 'main', 'post']) expect(() => readFileSync(join(ROOT, action.runs[entry]!))).not.toThrow();
  });

  it('documents every input and output, in action.yml and in docs/action.md', () => {
    const missing = [...Object.keys(action.inputs), ...Object.keys(action.outputs)].filter((k) => !doc.includes(`\`${k}\``));
    expect(missing).toEqual([]);
    for (const [name, spec] of [...Object.entries(action.inputs), ...Object.entries(action.outputs)]) expect(spec.description, name).toBeTruthy();
  });
});
