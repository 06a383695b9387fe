import { describe, expect, it } from 'vitest';
import { compareReleases, parseUpgradeFrom, resolveBase, type RecipeGit } from '../../src/recipe/releases';
import { UserError } from '../../src/errors';

function repo(tags: [string, string][], head: string, merged = tags.map(([t]) => t), shallow = false): RecipeGit {
  const releases = tags.map(([tag, commit]) => ({ tag, commit, annotated: true })).sort((a, b) => compareReleases(b.tag, a.tag));
  return { isRepo: true, shallow, head, releases, merged: new Set(merged), others: [] };
}

describe('resolveBase', () => {
  const tags: [string, string][] = [
    ['1.7.1+1.27.2', 'c3'],
    ['1.10.0+1.27.5', 'c5'],
    ['1.9.0+1.27.4', 'c4'],
    ['1.7.0+1.27.1', 'c2'],
  ];

  it('picks the highest release by semver, not by string order', () => {
    expect(resolveBase(repo(tags, 'c6'), 'previous')).toMatchObject({ base: { tag: '1.10.0+1.27.5' } });
  });

  it('on a tagged head, picks the release before it', () => {
    expect(resolveBase(repo(tags, 'c5'), 'previous')).toMatchObject({ base: { tag: '1.9.0+1.27.4' } });
  });

  it('ignores releases not reachable from head (a PR against an older branch)', () => {
    expect(resolveBase(repo(tags, 'x', ['1.7.0+1.27.1', '1.7.1+1.27.2']), 'previous')).toMatchObject({ base: { tag: '1.7.1+1.27.2' } });
  });

  it('orders releases that differ only in build metadata', () => {
    expect(resolveBase(repo([['1.0.0+1.27.2', 'a'], ['1.0.0+1.27.10', 'b']], 'h'), 'previous')).toMatchObject({ base: { tag: '1.0.0+1.27.10' } });
  });

  it('explains why there is no base', () => {
    expect(resolveBase(repo([], 'h'), 'previous')).toEqual({ base: null, reason: 'no previous release' });
    expect(resolveBase(repo([], 'h', [], true), 'previous')).toEqual({ base: null, reason: 'no previous release: shallow clone without tags (check out with fetch-depth: 0)' });
    expect(resolveBase(repo(tags, 'h'), 'none')).toEqual({ base: null, reason: 'disabled by upgrade-from: none' });
  });

  it('takes an explicit tag, and rejects one that is not a release', () => {
    expect(resolveBase(repo(tags, 'c6'), { tag: '1.7.0+1.27.1' })).toMatchObject({ base: { commit: 'c2' } });
    expect(() => resolveBase(repo(tags, 'c6'), { tag: '9.9.9' })).toThrow(UserError);
    expect(parseUpgradeFrom('previous', 'x')).toBe('previous');
    expect(parseUpgradeFrom('1.2.3+4', 'x')).toEqual({ tag: '1.2.3+4' });
  });
});
