import { describe, expect, it } from 'vitest';
import { compileGo, goExpand, goMatch, goReplaceAll, goSample, quoteMeta } from '../../src/traefik/go-regex';
import { GoRegexError } from '../../src/errors';

// Go's regexp (RE2) read by traefik, run as JS: where the dialects differ, Go's behaviour wins.

describe('Go regexp → JS translation', () => {
  it.each([
    // [pattern, input, Go matches]
    ['(?i)^example\\.(com|org)$', 'EXAMPLE.org', true],
    ['^[A-Z]+\\.com$', 'example.com', false],
    ['a(?i)b', 'aB', true],
    ['a(?i)b', 'AB', false],
    ['(?i:a)b', 'Ab', true],
    ['(?i:a)b', 'AB', false],
    ['(?i)k', '\u212a', true], // Go folds K and the Kelvin sign
    ['^.$', '\n', false],
    ['(?s)^.$', '\n', true],
    ['^a$', 'a\n', false], // Go's $ is end of text, not before a final newline
    ['(?m)^b$', 'a\nb\nc', true],
    ['^\\s$', '\v', false], // Go's \s is [\t\n\f\r ]
    ['^\\s$', '\u00a0', false],
    ['^[[:alpha:]]+$', 'abcXYZ', true],
    ['^[[:^digit:]]+$', 'a1', false],
    ['^\\pL+$', 'éa', true],
    ['^\\p{Greek}$', 'λ', true],
    ['^\\Qa.b\\E$', 'a.b', true],
    ['^\\Qa.b\\E$', 'axb', false],
    ['^\\x41\\x{42}\\101$', 'ABA', true],
    ['^http{secure:s?}$', 'http{secure:s}', true], // `{` not starting a repeat is literal
    ['^a{2,3}$', 'aaa', true],
    ['^a{,3}$', 'a{,3}', true],
    ['\\bfoo\\b', 'a foo b', true],
    ['\\Aab\\z', 'ab', true],
    ['(?U)a+', 'aaa', true],
    ['(?P<year>\\d{4})-(?<month>\\d{2})', '2024-05', true],
    ['^(?:http?:\\/\\/)(foo)$', 'http://foo', true],
  ])('%s on %j → %s', (pattern, input, expected) => {
    expect(goMatch(compileGo(pattern), input)).toBe(expected);
  });

  it.each([
    ['a backreference', '(a)\\1'],
    ['a lookahead', 'a(?=b)'],
    ['a lookbehind', '(?<=a)b'],
    ['an unclosed group', '(css'],
    ['an unopened group', 'css)'],
    ['a nested repetition', 'a**'],
    ['a repetition of nothing', '*a'],
    ['a repeat count over 1000', 'a{1001}'],
    ['a reversed range', '[z-a]'],
    ['an unknown escape', '\\y'],
    ['an unclosed class', '[abc'],
    ['a duplicate group name', '(?P<a>x)(?P<a>y)'],
    ['\\Z (not in RE2)', 'a\\Z'],
  ])('refuses %s, as Go does', (_, pattern) => {
    expect(() => compileGo(pattern)).toThrow(GoRegexError);
  });

  it('keeps ungreedy (?U) repetition', () => {
    expect(goReplaceAll(compileGo('(?U)a+'), 'aaa', 'x')).toBe('xxx');
    expect(goReplaceAll(compileGo('a+'), 'aaa', 'x')).toBe('x');
  });
});

describe("Go's replacement templates (ReplaceAllString / Expand)", () => {
  const names = [undefined, undefined, 'name'];
  const m = ['ab', 'a', 'b'];
  it.each([
    ['$1', 'a'],
    ['${1}x', 'ax'],
    ['$1x', ''], // Go reads the name `1x`, which does not exist
    ['$name-', 'b-'],
    ['${name}', 'b'],
    ['$$1', '$1'],
    ['$', '$'],
    ['${1', '${1'],
    ['$9', ''],
    ['$0', 'ab'],
    ['$01', ''], // leading zero: a name, not a number
  ])('%s → %j', (template, expected) => {
    expect(goExpand(template, m, names)).toBe(expected);
  });

  it('does not count (?:…) groups when numbering', () => {
    expect(goReplaceAll(compileGo('^(?:https?://)([^/]+)(.*)'), 'https://a.b/c', '$1|$2')).toBe('a.b|/c');
  });

  it('replaces every non-overlapping match and skips an empty match right after one', () => {
    expect(goReplaceAll(compileGo('a*'), 'baaac', '-')).toBe('-b-c-');
    expect(goReplaceAll(compileGo('^/old/(.*)'), '/old/x/y', '/new/$1')).toBe('/new/x/y');
  });

  it("escapes what Go's QuoteMeta escapes", () => {
    expect(quoteMeta('a.b+c*(d)[e]{f}^$|?\\')).toBe('a\\.b\\+c\\*\\(d\\)\\[e\\]\\{f\\}\\^\\$\\|\\?\\\\');
  });
});

describe('sample strings for request synthesis', () => {
  it.each([
    ['^/products/(shoes|socks)/[0-9]+$', '/products/shoes/0'],
    ['^.+\\.example\\.com$', 'a.example.com'],
    ['\\.(jpeg|jpg|png)$', '.jpeg'],
    ['(?i)^/API', '/API'],
    ['^[^/]+$', 'a'],
  ])('%s → %j', (pattern, sample) => {
    expect(goSample(compileGo(pattern))).toBe(sample);
  });

  it('gives up on a regexp that matches nothing', () => {
    expect(goSample(compileGo('a^b'))).toBeUndefined();
  });
});
