import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

import { APP_VAR_PREFIX as P, renameInCompose, writeIsolated } from '../../src/backends/swarm/stack-env';
import { UserError } from '../../src/errors';

describe('renameInCompose on compose files of unusual shape', () => {
  it('fills the entries of every environment map a `<<: [*a, *b]` merge list brings in', () => {
    const text = [
      'x-a: &ea',
      '  A:',
      'x-b: &eb',
      "  B: ''",
      'services:',
      '  app:',
      '    environment:',
      '      <<: [*ea, *eb]',
      '      C:',
      '',
    ].join('\n');
    const data = parse(renameInCompose(text, 'compose.yml', new Set(['A', 'B', 'C'])), { merge: true });
    expect(data.services.app.environment).toEqual({ A: `\${${P}A}`, B: `\${${P}B}`, C: `\${${P}C}` });
    expect(data['x-a']).toEqual({ A: `\${${P}A}` });
    expect(data['x-b']).toEqual({ B: `\${${P}B}` });
  });

  it('a document that is not a map still has its references renamed, and nothing is filled', () => {
    expect(renameInCompose('- DOMAIN\n- $A\n', 'compose.yml', new Set(['DOMAIN']))).toBe(`- DOMAIN\n- "$${P}A"\n`);
  });

  it('a `services` that is not a map is left alone: no environment is looked for in it', () => {
    const text = 'services: [DOMAIN]\nenvironment: [DOMAIN]\n';
    expect(renameInCompose(text, 'compose.yml', new Set(['DOMAIN']))).toBe(text);
  });

  it('services that are empty or not maps are skipped, the others still get their environment filled', () => {
    const text = ['services:', '  empty:', '  scalar: nginx', '  app:', '    environment: [DOMAIN]', ''].join('\n');
    const data = parse(renameInCompose(text, 'compose.yml', new Set(['DOMAIN'])));
    expect(data.services).toEqual({ empty: null, scalar: 'nginx', app: { environment: [`DOMAIN=\${${P}DOMAIN}`] } });
  });

  it.each(['[$A]: v\n', '? { a: $A }\n: v\n', '? - $A\n: v\n'])(
    'refuses a reference inside a collection used as a key (%j), whose rewrite would change the key, naming the file',
    (text) => {
      let err: unknown;
      try {
        renameInCompose(text, 'compose.odd.yml');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(UserError);
      expect((err as UserError).message).toMatch(/cannot isolate the variable references of this file/);
      expect((err as UserError).file).toBe('compose.odd.yml');
    },
  );
});

describe('writeIsolated when a compose file cannot be isolated', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('removes the copies it already wrote and rethrows the refusal', () => {
    dir = mkdtempSync(join(tmpdir(), 'cc-ci-stack-env-'));
    writeFileSync(join(dir, 'compose.yml'), 'services:\n  app:\n    image: nginx:${TAG}\n');
    writeFileSync(join(dir, 'compose.odd.yml'), '[$A]: v\n');
    expect(() => writeIsolated(dir!, ['compose.yml', 'compose.odd.yml'], { TAG: '1' })).toThrow(UserError);
    expect(readdirSync(dir).sort()).toEqual(['compose.odd.yml', 'compose.yml']);
  });

  it('removes the copies it already wrote when a later file is missing, and rethrows the read error', () => {
    dir = mkdtempSync(join(tmpdir(), 'cc-ci-stack-env-'));
    writeFileSync(join(dir, 'compose.yml'), 'services:\n  app:\n    image: nginx:${TAG}\n');
    expect(() => writeIsolated(dir!, ['compose.yml', 'compose.missing.yml'], {})).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    expect(readdirSync(dir)).toEqual(['compose.yml']);
  });
});
