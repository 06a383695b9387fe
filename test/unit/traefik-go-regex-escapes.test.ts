import { describe, expect, it } from 'vitest';
import { GoRegexError } from '../../src/errors';
import { compileGo, goMatch } from '../../src/traefik/go-regex';

// Escapes and character classes as Go's regexp/syntax parser reads them.
const matches = (pattern: string, s: string) => goMatch(compileGo(pattern), s);

describe('escapes', () => {
  it('reads octal escapes, also at the end of the pattern', () => {
    expect(matches('^a\\0$', 'a\0')).toBe(true);
    expect(matches('^\\101\\60$', 'A0')).toBe(true);
    expect(matches('a\\0', 'xa\0')).toBe(true);
    expect(matches('\\01', '\x01')).toBe(true);
  });
  it('reads \\x escapes, braced and two-digit', () => {
    expect(matches('^\\x{1F600}\\x41$', '\u{1F600}A')).toBe(true);
  });
  it.each(['\\x{zz}', '\\x{110000}', '\\x{41', '\\xZ1', '\\x4'])('refuses %s', (p) => {
    expect(() => compileGo(p)).toThrow(GoRegexError);
    expect(() => compileGo(p)).toThrow('invalid escape sequence');
  });
  it('refuses a trailing backslash', () => {
    expect(() => compileGo('a\\')).toThrow('trailing backslash at end of expression');
  });
  it('reads the C-style escapes', () => {
    expect(matches('^\\a\\f\\t\\n\\r\\v$', '\x07\f\t\n\r\v')).toBe(true);
  });
  it('reads negated Perl classes', () => {
    expect(matches('^\\D\\S\\W$', 'x.-')).toBe(true);
    expect(matches('^\\D$', '5')).toBe(false);
  });
  it('reads \\C as any character, newline included', () => {
    expect(matches('^a\\Cb$', 'a\nb')).toBe(true);
  });
  it('reads Unicode classes and refuses malformed ones', () => {
    expect(matches('^\\p{Greek}\\pL\\P{L}$', 'αb1')).toBe(true);
    expect(matches('^\\p{^Greek}$', 'a')).toBe(true);
    expect(matches('^\\p{^Greek}$', 'α')).toBe(false);
    expect(() => compileGo('\\p{Greek')).toThrow('invalid character class range');
    expect(() => compileGo('\\p{1}')).toThrow('invalid character class range');
    expect(() => compileGo('\\p')).toThrow('invalid character class range');
  });
});

describe('character classes', () => {
  it('reads negated POSIX classes, including ones starting at code point 0', () => {
    expect(matches('^[[:^ascii:]]$', 'é')).toBe(true);
    expect(matches('^[[:^ascii:]]$', 'e')).toBe(false);
    expect(matches('^[[:^alpha:]]+$', '1-\0')).toBe(true);
    expect(matches('^[[:^alpha:]]$', 'q')).toBe(false);
    expect(matches('^[[:^cntrl:]]$', '\x7f')).toBe(false);
  });
  it('reads `[:` not closing a POSIX class as plain characters', () => {
    expect(matches('^[[:x]+$', ':[x')).toBe(true);
    expect(matches('^[[:x]$', 'y')).toBe(false);
  });
  it('mixes Perl classes into a bracket class', () => {
    expect(matches('^[\\d_]+$', '1_2')).toBe(true);
  });
  it('refuses an unknown POSIX class', () => {
    expect(() => compileGo('[[:foo:]]')).toThrow('invalid character class range');
  });
  it('refuses an assertion escape inside a class', () => {
    expect(() => compileGo('[\\b]')).toThrow('invalid escape sequence');
    expect(() => compileGo('[\\A]')).toThrow('invalid escape sequence');
  });
});
