import { writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigSchema, loadConfig, mergeConfigs } from '../../src/overlays/config';

import { ROOT, tempDir } from '../support/cli';
import { UserError } from '../../src/errors';

function load(text: string) {
  const path = join(tempDir(), 'config.yml');
  writeFileSync(path, text);
  return loadConfig(path, '.cc-ci/config.yml');
}
const oneLine = (text: string) => {
  try {
    load(text);
  } catch (e) {
    if (e instanceof UserError) return e.oneLine;
    throw e;
  }
  throw new Error('expected an error');
};

describe('config.yml', () => {
  it('accepts every documented key', () => {
    const c = load(`
env:
  SMTP_HOST: mail.example.com
  PORT: 25
upgrade:
  from: 1.0.0+1
  env: {NEW_FLAG: "true"}
probe:
  service: app
  path: /health
  status: [200, 302]
  body: "Welcome"
timeouts: {install: 600, restore: 120}
skip: {backup: "the upstream image has no shell for the hooks"}
skip-generic: [restore]
`);
    expect(c.env).toEqual({ SMTP_HOST: 'mail.example.com', PORT: '25' });
    expect(c.timeouts).toEqual({ install: 600, restore: 120 });
    expect(c['skip-generic']).toEqual(['restore']);
  });

  it.each([
    [
      'unknown key',
      'probe:\n  path: /x\n  staus: [200]\n',
      '.cc-ci/config.yml:3: unknown key "probe.staus"; did you mean status? use one of: service, path, status, body',
    ],
    [
      'unknown top-level key',
      'timeout: 5\n',
      '.cc-ci/config.yml:1: unknown key "timeout"; did you mean timeouts? use one of: env, upgrade, probe, traefik, timeouts, skip, skip-generic',
    ],
    [
      'misspelt op',
      'timeouts:\n  instal: 60\n',
      '.cc-ci/config.yml:2: unknown key "timeouts.instal"; did you mean install? use one of: lint, install, upgrade, backup, restore, custom',
    ],
    [
      'wrong type',
      'timeouts:\n  install: soon\n',
      '.cc-ci/config.yml:2: timeouts.install must be a number; write it without quotes or units, e.g. 300',
    ],
    [
      'wrong list item',
      'skip-generic: [deploy]\n',
      '.cc-ci/config.yml:1: skip-generic.0 is "deploy"; use one of: lint, install, upgrade, backup, restore, custom',
    ],
    [
      'bad env name',
      'env:\n  my-var: 1\n',
      '.cc-ci/config.yml:2: key "my-var": env keys are variable names: letters, digits, _; rename it',
    ],
    [
      'not a whole number',
      'timeouts:\n  install: 1.5\n',
      '.cc-ci/config.yml:2: timeouts.install must be a whole number; drop the fraction',
    ],
    ['not positive', 'timeouts:\n  install: 0\n', '.cc-ci/config.yml:2: timeouts.install must be greater than 0; raise it'],
    ['empty reason', 'skip:\n  backup: ""\n', '.cc-ci/config.yml:2: skip.backup is empty; give it a value, or remove the key'],
    [
      'a list as an env value',
      'env:\n  A: [1, 2]\n',
      '.cc-ci/config.yml:2: env.A must be a string, a number or true/false, not a list or mapping; quote it if it is text',
    ],
    ['a path without its slash', 'probe:\n  path: health\n', '.cc-ci/config.yml:2: probe.path must start with "/"; write it like /health'],
    [
      'no statuses',
      'probe:\n  status: []\n',
      '.cc-ci/config.yml:2: probe.status must be a list of at least 1 item(s); add one, or remove the key',
    ],
    [
      'bad regex',
      'probe:\n  body: "(unclosed"\n',
      '.cc-ci/config.yml:2: probe.body: is not a valid regular expression; escape a literal ( [ { . * + ? with a backslash',
    ],
    ['not a mapping', 'probe: 3\n', '.cc-ci/config.yml:1: probe must be a mapping (key: value lines); write the keys under it, indented'],
    ['bad YAML', 'probe:\n  path: [/x\n', /^\.cc-ci\/config\.yml:\d: invalid YAML: .*; fix the syntax$/],
  ])('%s → one line with file:line', (_name, text, expected) => {
    if (typeof expected === 'string') expect(oneLine(text)).toBe(expected);
    else expect(oneLine(text)).toMatch(expected);
  });

  it('merges deeply: maps merge key by key, later files win, lists replace', () => {
    const merged = mergeConfigs(
      { probe: { path: '/a', body: 'x' }, timeouts: { install: 60 }, 'skip-generic': ['install'] },
      { probe: { path: '/b' }, 'skip-generic': ['restore'] },
    );
    expect(merged).toEqual({ probe: { path: '/b', body: 'x' }, timeouts: { install: 60 }, 'skip-generic': ['restore'] });
  });

  it('publishes a JSON Schema generated from the zod schema (docs/config.schema.json)', async () => {
    await expect(`${JSON.stringify(z.toJSONSchema(ConfigSchema, { io: 'input' }), null, 2)}\n`).toMatchFileSnapshot(
      '../../docs/config.schema.json',
    );
  });

  it('documents every key in docs/config.md', () => {
    const doc = readFileSync(join(ROOT, 'docs/config.md'), 'utf8');
    const keys = (t: z.ZodType, prefix = ''): string[] => {
      const inner = t instanceof z.ZodOptional ? (t.unwrap() as z.ZodType) : t;
      if (!(inner instanceof z.ZodObject) || prefix === 'timeouts.' || prefix === 'skip.') return [];
      return Object.entries(inner.shape as Record<string, z.ZodType>).flatMap(([k, v]) => [`${prefix}${k}`, ...keys(v, `${prefix}${k}.`)]);
    };
    const missing = keys(ConfigSchema).filter((k) => !doc.includes(`\`${k}\``));
    expect(missing).toEqual([]);
  });
});
