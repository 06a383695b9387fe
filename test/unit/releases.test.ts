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
    expect(
      resolveBase(
        repo(
          [
            ['1.0.0+1.27.2', 'a'],
            ['1.0.0+1.27.10', 'b'],
          ],
          'h',
        ),
        'previous',
      ),
    ).toMatchObject({ base: { tag: '1.0.0+1.27.10' } });
  });

  it('explains why there is no base', () => {
    expect(resolveBase(repo([], 'h'), 'previous')).toEqual({ base: null, reason: 'no previous release' });
    expect(resolveBase(repo([], 'h', [], true), 'previous')).toEqual({
      base: null,
      reason: 'no previous release: shallow clone without tags (check out with fetch-depth: 0)',
    });
    expect(resolveBase(repo(tags, 'h'), 'none')).toEqual({ base: null, reason: 'disabled by upgrade-from: none' });
  });

  it('takes an explicit tag, and rejects one that is not a release', () => {
    const flag = (tag: string) => ({ tag, source: '--upgrade-from' });
    expect(resolveBase(repo(tags, 'c6'), flag('1.7.0+1.27.1'))).toMatchObject({ base: { commit: 'c2' } });
    expect(() => resolveBase(repo(tags, 'c6'), flag('9.9.9'))).toThrow(
      /^--upgrade-from is "9.9.9", but no release has that tag; use one of 1.10.0\+1.27.5, /,
    );
    expect(parseUpgradeFrom('previous', 'x')).toBe('previous');
    expect(parseUpgradeFrom('1.2.3+4', 'x')).toEqual({ tag: '1.2.3+4', source: 'x' });
  });

  it('says why a tag is no release: not a repository, no tags, a tag that is not a version', () => {
    const at = { file: '.cc-ci/config.yml', line: 2 };
    const err = (g: RecipeGit, tag: string) => {
      try {
        resolveBase(g, { tag, source: 'upgrade.from', at });
      } catch (e) {
        return e as UserError;
      }
      throw new Error('resolveBase accepted it');
    };
    const noRepo = { ...repo([], 'h'), isRepo: false };
    expect(err(noRepo, '1.0.0').oneLine).toBe(
      '.cc-ci/config.yml:2: upgrade.from is "1.0.0", but the recipe directory is not the top of a git repository, so it has no release tags; run on a clone of the recipe, or use none',
    );
    expect(err(repo([], 'h'), '1.0.0').oneLine).toMatch(
      /, but the recipe has no release tags; recipe releases are tagged like 1\.7\.1\+1\.27\.2/,
    );
    const others = { ...repo([], 'h'), others: ['v1.0', 'latest'] };
    expect(err(others, 'v1.0').oneLine).toMatch(
      /"v1\.0", but that tag is not a version \(recipe releases are tagged like .*\); use a release tag, previous or none$/,
    );
    expect(err(others, '1.0.0').oneLine).toMatch(/no release tags \(tags v1\.0, latest are not versions\)/);
    expect(resolveBase({ ...others, others: ['latest'] }, 'previous')).toMatchObject({
      reason: expect.stringMatching(/^no previous release \(tag latest is not a version: /),
    });
    expect(resolveBase(others, 'previous')).toEqual({
      base: null,
      reason:
        'no previous release (tags v1.0, latest are not versions: recipe releases are tagged like 1.7.1+1.27.2 (annotated: git tag -a))',
    });
  });
});
