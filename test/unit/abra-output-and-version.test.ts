import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ABRA_MISSING, abraVersion } from '../../src/backends/abra/abra-cli';
import { failureLine, generatedSecrets } from '../../src/backends/abra/output';
import { UserError } from '../../src/errors';

describe("generatedSecrets: abra's --machine secret listing", () => {
  it('keeps only rows that are objects with a string name and value', () => {
    const out = '[null, 3, {"name": "db", "value": "v1"}, {"Name": "api", "Value": 42}, {"NAME": "k", "VALUE": "v2"}]';
    expect(generatedSecrets(out)).toEqual([
      { name: 'db', value: 'v1' },
      { name: 'k', value: 'v2' },
    ]);
  });

  it('reads invalid JSON field by field, skipping a row that lacks a value', () => {
    const out = '[{"name": "db", "value": "a,b"} {"name": "half"}, {"name": "api", "value": "x"},]';
    expect(generatedSecrets(out)).toEqual([
      { name: 'db', value: 'a,b' },
      { name: 'api', value: 'x' },
    ]);
  });
});

describe('failureLine: why abra failed, in one line', () => {
  it('says a command stopped for time when abra logged no error line of its own', () => {
    expect(failureLine({ code: 143, stdout: 'INFO deploying\n', stderr: '', killed: true })).toBe(
      'stopped after it ran out of time (exit code 143)',
    );
  });

  it("prefers abra's own FATA line over the timeout", () => {
    expect(failureLine({ code: 1, stdout: '', stderr: '\x1b[31mFATA\x1b[0m boom\r\n', killed: true })).toBe('FATA boom');
  });
});

describe('abraVersion', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cc-ci-abra-version-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const abraOnPath = (script: string, mode = 0o755) => {
    const bin = join(dir, 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'abra'), script);
    chmodSync(join(bin, 'abra'), mode);
    return { PATH: `${bin}:/usr/bin:/bin` };
  };

  it('reads the version from stderr when abra prints it there', async () => {
    const env = abraOnPath('#!/bin/sh\necho "abra version 0.1.0-stderr" >&2\n');
    expect(await abraVersion(env)).toBe('abra version 0.1.0-stderr');
  });

  it('fails with a UserError naming the reinstall when `abra --version` fails', async () => {
    const env = abraOnPath('#!/bin/sh\necho "FATA broken install" >&2\nexit 3\n');
    const err = await abraVersion(env).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toBe(
      'backend abra: `abra --version` failed (FATA broken install); reinstall abra as https://docs.coopcloud.tech/abra/install/ says',
    );
  });

  it('passes on an abra that cannot be run (not missing: no ABRA_MISSING line)', async () => {
    const env = abraOnPath('#!/bin/sh\necho never\n', 0o644);
    const err = await abraVersion(env).catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(UserError);
    expect((err as NodeJS.ErrnoException).code).toBe('EACCES');
    expect((err as Error).message).not.toBe(ABRA_MISSING);
  });
});
