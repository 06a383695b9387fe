import { describe, expect, it } from 'vitest';

import { parseEnvFile } from '../../src/recipe/env-file';
import { UserError } from '../../src/errors';

function failure(text: string): UserError {
  try {
    parseEnvFile('.env.sample', text);
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('parseEnvFile accepted the text');
}

describe('parseEnvFile at the end of the file', () => {
  it('a last line with a key and no = is refused at its line', () => {
    const e = failure('A=1\nDOMAIN');
    expect(e.message).toBe('"DOMAIN" has no =; write KEY=VALUE or comment it out with #');
    expect([e.file, e.line]).toEqual(['.env.sample', 2]);
  });

  it('a bare `export` as the last word is a key without =, not an export prefix', () => {
    const e = failure('A=1\nexport');
    expect(e.message).toBe('"export" has no =; write KEY=VALUE or comment it out with #');
    expect(e.line).toBe(2);
  });

  it('`export ` with nothing after it at the end is refused as a key without =', () => {
    const e = failure('A=1\nexport \t');
    expect(e.message).toMatch(/^"" has no =/);
    expect(e.line).toBe(2);
  });

  it('an invalid key character on the last line (no newline after it) quotes the rest of that line', () => {
    const e = failure('A=1\nB-C=2');
    expect(e.message).toBe('expected KEY=VALUE, got "B-C=2"; keys are letters, digits, _ and . — fix the line or comment it out with #');
    expect(e.line).toBe(2);
  });

  it('an invalid key character before a newline quotes that line only', () => {
    expect(failure('B-C=2\nD=3\n').message).toMatch(/^expected KEY=VALUE, got "B-C=2";/);
  });

  it('a missing closing quote that swallows the lines below is named when the file ends on a key without =', () => {
    const e = failure('A="x\nB=1"\nC');
    expect(e.message).toBe(
      '"C" has no = (the quoted value of A opened on line 1 runs to here: is its closing quote missing?); write KEY=VALUE or comment it out with #',
    );
  });
});

describe('double-quoted escapes', () => {
  it('`\\n` is a newline, `\\r` a carriage return, `\\X` is X and `\\$` stays a literal dollar', () => {
    const f = parseEnvFile('.env', 'A="l1\\nl2\\rl3\\q\\$B"\n');
    expect(f.values.A).toBe('l1\nl2\rl3q$B');
  });

  it('single quotes keep backslashes raw', () => {
    expect(parseEnvFile('.env', "A='l1\\nl2'\n").values.A).toBe('l1\\nl2');
  });
});
