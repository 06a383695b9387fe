import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

import { Masker } from '../../src/engine/masker';

describe('Masker.add', () => {
  it('ignores secrets shorter than 4 characters: they are not announced and not redacted', () => {
    const announced: string[] = [];
    const m = new Masker((s) => announced.push(s));
    m.add('abc');
    m.add('');
    expect(announced).toEqual([]);
    expect(m.redact('abc abcd')).toBe('abc abcd');
  });

  it('announces a secret once, however often it is added', () => {
    const announced: string[] = [];
    const m = new Masker((s) => announced.push(s));
    m.add('s3cr3t');
    m.add('s3cr3t');
    m.add('other-secret');
    m.add('s3cr3t');
    expect(announced).toEqual(['s3cr3t', 'other-secret']);
    expect(m.redact('a s3cr3t b other-secret')).toBe('a *** b ***');
  });
});

describe('Masker.redactFiles', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('rewrites the files under the dir (nested too) that hold a secret, UTF-8 secrets byte for byte, and leaves the others as they are', () => {
    dir = mkdtempSync(join(tmpdir(), 'cc-ci-masker-'));
    mkdirSync(join(dir, 'hooks'));
    const leaky = join(dir, 'hooks', 'post-deploy.log');
    const clean = join(dir, 'clean.log');
    const binary = join(dir, 'binary.log');
    writeFileSync(leaky, 'password=pässwörd-123\nagain pässwörd-123!\n');
    writeFileSync(clean, 'nothing to hide\n');
    // bytes that are not UTF-8 around the secret survive unchanged
    writeFileSync(binary, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('pässwörd-123'), Buffer.from([0x80])]));
    const m = new Masker();
    m.add('pässwörd-123');
    m.redactFiles(dir);
    expect(readFileSync(leaky, 'utf8')).toBe('password=***\nagain ***!\n');
    expect(readFileSync(clean, 'utf8')).toBe('nothing to hide\n');
    expect(readFileSync(binary)).toEqual(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('***'), Buffer.from([0x80])]));
  });
});
