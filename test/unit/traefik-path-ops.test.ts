import { describe, expect, it } from 'vitest';
import { cleanPath, encodedPrefixLen, ensureLeadingSlash, joinPathClean } from '../../src/traefik/path-ops';

describe("cleanPath (Go's path.Clean)", () => {
  it.each([
    ['', '.'],
    ['/', '/'],
    ['/..', '/'],
    ['/a/../..', '/'],
    ['a/..', '.'],
    ['../a', '../a'],
    ['../../a', '../../a'],
    ['a/../../b', '../b'],
    ['a/./b//c/', 'a/b/c'],
    ['/a/b/../c', '/a/c'],
  ])('%j -> %j', (p, want) => {
    expect(cleanPath(p)).toBe(want);
  });
});

describe('joinPathClean', () => {
  it.each([
    ['/a/../b/', '/b/'],
    ['a/b', 'a/b'],
    ['a/../../b/', 'b/'],
    ['/', '/'],
  ])('%j -> %j', (p, want) => {
    expect(joinPathClean(p)).toBe(want);
  });
});

describe('small helpers', () => {
  it('ensureLeadingSlash leaves empty and rooted paths', () => {
    expect(ensureLeadingSlash('')).toBe('');
    expect(ensureLeadingSlash('/x')).toBe('/x');
    expect(ensureLeadingSlash('x')).toBe('/x');
  });
  it('encodedPrefixLen counts %XX as one character', () => {
    expect(encodedPrefixLen('/a%2Fb', 3)).toBe(5);
    expect(encodedPrefixLen('/a%', 3)).toBe(3);
  });
});
