import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeConfigs, readConfig } from '../../src/overlays/config';
import { UserError } from '../../src/errors';
import { tempDir } from '../support/cli';

function configFrom(text: string) {
  const path = join(tempDir(), 'config.yml');
  writeFileSync(path, text);
  return readConfig(path, '.cc-ci/config.yml');
}

function errorOf(text: string): UserError {
  try {
    configFrom(text);
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return e as UserError;
  }
  throw new Error('expected the config to be refused');
}

describe('overlay config.yml: reading', () => {
  it('a missing file is an empty config without a parsed file', () => {
    expect(readConfig(join(tempDir(), 'absent.yml'), '.cc-ci/config.yml')).toEqual({ config: {} });
  });

  it('an empty (or comment-only) file is an empty config, keeping the parsed file', () => {
    const r = configFrom('# nothing configured yet\n');
    expect(r.config).toEqual({});
    expect(r.yaml?.shown).toBe('.cc-ci/config.yml');
  });
});

describe('overlay config.yml: errors name the line and what to change', () => {
  it('a wrong type that comes from a << merge is reported at the line of the key holding the merge', () => {
    const e = errorOf('skip: &s\n  install: a reason\ntimeouts:\n  <<: *s\n');
    expect(e.oneLine).toBe('.cc-ci/config.yml:3: timeouts.install must be a number; write it without quotes or units, e.g. 300');
  });

  it('an unknown key that comes from a << merge is reported at the mapping it was merged into', () => {
    const e = errorOf('upgrade: &u\n  from: previous\nprobe:\n  <<: *u\n');
    expect(e.oneLine).toBe('.cc-ci/config.yml:3: unknown key "probe.from"; use one of: service, path, status, body');
  });

  it('a type without a written explanation falls back to its name and the docs', () => {
    expect(errorOf('env: hello\n').oneLine).toBe('.cc-ci/config.yml:1: env must be record; see docs/config.md');
  });

  it('a status below 100 is "at least" (inclusive), a timeout of 0 "greater than" (exclusive)', () => {
    expect(errorOf('probe:\n  status: [99]\n').oneLine).toBe('.cc-ci/config.yml:2: probe.status.0 must be at least 100; raise it');
    expect(errorOf('timeouts:\n  install: 0\n').oneLine).toBe('.cc-ci/config.yml:2: timeouts.install must be greater than 0; raise it');
  });
});

describe('mergeConfigs', () => {
  it('an undefined value in a later config keeps the earlier one; defined values replace, maps merge', () => {
    expect(mergeConfigs({ probe: { path: '/a', status: [200] } }, { probe: undefined }, { probe: { status: [204] } })).toEqual({
      probe: { path: '/a', status: [204] },
    });
    expect(mergeConfigs({ timeouts: { install: 10 } }, { timeouts: { install: undefined, upgrade: 20 } })).toEqual({
      timeouts: { install: 10, upgrade: 20 },
    });
  });
});
