import { describe, expect, it } from 'vitest';
import { compareReleases, parseUpgradeFrom, resolvePath, type RecipeGit } from '../../src/recipe/releases';
import { UserError } from '../../src/errors';

function repo(tags: [string, string][], head: string, merged = tags.map(([t]) => t), shallow = false): RecipeGit {
  const releases = tags.map(([tag, commit]) => ({ tag, commit, annotated: true })).sort((a, b) => compareReleases(b.tag, a.tag));
  return { isRepo: true, shallow, head, releases, merged: new Set(merged), others: [] };
}

describe('resolvePath', () => {
  const tags: [string, string][] = [
    ['1.7.1+1.27.2', 'c3'],
    ['1.10.0+1.27.5', 'c5'],
    ['1.9.0+1.27.4', 'c4'],
    ['1.7.0+1.27.1', 'c2'],
  ];

  it('picks the highest release by semver, not by string order', () => {
    expect(resolvePath(repo(tags, 'c6'), 'previous')).toMatchObject({ path: [{ tag: '1.10.0+1.27.5' }] });
  });

  it('on a tagged head, picks the release before it', () => {
    expect(resolvePath(repo(tags, 'c5'), 'previous')).toMatchObject({ path: [{ tag: '1.9.0+1.27.4' }] });
  });

  it('ignores releases not reachable from head (a PR against an older branch)', () => {
    expect(resolvePath(repo(tags, 'x', ['1.7.0+1.27.1', '1.7.1+1.27.2']), 'previous')).toMatchObject({ path: [{ tag: '1.7.1+1.27.2' }] });
  });

  it('orders releases that differ only in build metadata', () => {
    expect(
      resolvePath(
        repo(
          [
            ['1.0.0+1.27.2', 'a'],
            ['1.0.0+1.27.10', 'b'],
          ],
          'h',
        ),
        'previous',
      ),
    ).toMatchObject({ path: [{ tag: '1.0.0+1.27.10' }] });
  });

  it('explains why there is no base', () => {
    expect(resolvePath(repo([], 'h'), 'previous')).toEqual({ path: [], reason: 'no previous release' });
    expect(resolvePath(repo([], 'h', [], true), 'previous')).toEqual({
      path: [],
      reason: 'no previous release: shallow clone without tags (check out with fetch-depth: 0)',
    });
    expect(resolvePath(repo(tags, 'h'), 'none')).toEqual({ path: [], reason: 'disabled by upgrade-from: none' });
  });

  it('takes an explicit tag, and rejects one that is not a release', () => {
    const flag = (tag: string) => ({ tags: [tag], source: '--upgrade-from' });
    expect(resolvePath(repo(tags, 'c6'), flag('1.7.0+1.27.1'))).toMatchObject({ path: [{ commit: 'c2' }] });
    expect(() => resolvePath(repo(tags, 'c6'), flag('9.9.9'))).toThrow(
      /^--upgrade-from is "9.9.9", but no release has that tag; use one of 1.10.0\+1.27.5, /,
    );
    expect(parseUpgradeFrom('previous', 'x')).toBe('previous');
    expect(parseUpgradeFrom('1.2.3+4', 'x')).toEqual({ tags: ['1.2.3+4'], source: 'x' });
  });

  it('says why a tag is no release: not a repository, no tags, a tag that is not a version', () => {
    const at = { file: '.cc-ci/config.yml', line: 2 };
    const err = (g: RecipeGit, tag: string) => {
      try {
        resolvePath(g, { tags: [tag], source: 'upgrade.from', at });
      } catch (e) {
        return e as UserError;
      }
      throw new Error('resolvePath accepted it');
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
    expect(resolvePath({ ...others, others: ['latest'] }, 'previous')).toMatchObject({
      reason: expect.stringMatching(/^no previous release \(tag latest is not a version: /),
    });
    expect(resolvePath(others, 'previous')).toEqual({
      path: [],
      reason:
        'no previous release (tags v1.0, latest are not versions: recipe releases are tagged like 1.7.1+1.27.2 (annotated: git tag -a))',
    });
  });
});

describe('upgrade paths: chain, chain:N and lists', () => {
  const tags: [string, string][] = [
    ['1.7.1+1.27.2', 'c3'],
    ['1.10.0+1.27.5', 'c5'],
    ['1.9.0+1.27.4', 'c4'],
    ['1.7.0+1.27.1', 'c2'],
  ];
  const tagsOf = (r: ReturnType<typeof resolvePath>) => r.path.map((t) => t.tag);
  const flag = (v: string) => parseUpgradeFrom(v, '--upgrade-from');

  it('chain: every release before head, oldest first; chain:N the last N; a tagged head is not its own hop', () => {
    expect(tagsOf(resolvePath(repo(tags, 'c6'), flag('chain')))).toEqual(['1.7.0+1.27.1', '1.7.1+1.27.2', '1.9.0+1.27.4', '1.10.0+1.27.5']);
    expect(tagsOf(resolvePath(repo(tags, 'c6'), flag('chain:2')))).toEqual(['1.9.0+1.27.4', '1.10.0+1.27.5']);
    expect(tagsOf(resolvePath(repo(tags, 'c5'), flag('chain:2')))).toEqual(['1.7.1+1.27.2', '1.9.0+1.27.4']);
    // Fewer releases than asked: the chain is what there is (a young recipe in a nightly matrix).
    expect(tagsOf(resolvePath(repo(tags, 'c6'), flag('chain:9')))).toHaveLength(4);
    expect(tagsOf(resolvePath(repo(tags, 'x', ['1.7.0+1.27.1', '1.9.0+1.27.4']), flag('chain')))).toEqual(['1.7.0+1.27.1', '1.9.0+1.27.4']);
    expect(resolvePath(repo([], 'h'), flag('chain'))).toEqual({ path: [], reason: 'no previous release' });
  });

  it('a list: those releases in that order, which must exist and ascend', () => {
    expect(tagsOf(resolvePath(repo(tags, 'c6'), flag('1.7.0+1.27.1, 1.9.0+1.27.4')))).toEqual(['1.7.0+1.27.1', '1.9.0+1.27.4']);
    expect(() => resolvePath(repo(tags, 'c6'), flag('1.9.0+1.27.4,1.7.0+1.27.1'))).toThrow(
      '--upgrade-from lists 1.9.0+1.27.4 before 1.7.0+1.27.1; an upgrade path goes from older releases to newer ones, so list them oldest first',
    );
    expect(() => resolvePath(repo(tags, 'c6'), flag('1.7.0+1.27.1,2.0.0'))).toThrow(
      /^--upgrade-from names "2\.0\.0", but no release has that tag/,
    );
  });

  it('refuses values it cannot read, in one line naming where they came from', () => {
    const at = { file: '.cc-ci/config.yml', line: 3 };
    const err = (v: string) => {
      try {
        parseUpgradeFrom(v, 'upgrade.from', at);
      } catch (e) {
        return (e as UserError).oneLine;
      }
      throw new Error(`accepted ${v}`);
    };
    expect(err('chain:0')).toBe(
      '.cc-ci/config.yml:3: upgrade.from is "chain:0": chain:N takes a whole number of releases from 1 to 999, e.g. chain:3',
    );
    expect(err('chain:x')).toMatch(/is "chain:x": chain:N takes a whole number/);
    expect(err('1.0.0,,1.1.0')).toMatch(/a list of releases is tags separated by single commas/);
    expect(err('1.0.0,1.0.0')).toMatch(/names 1\.0\.0 twice; list each release once, oldest first$/);
    expect(err('  ')).toMatch(/is empty; use previous, none, chain, chain:N or release tags$/);
    expect(parseUpgradeFrom('chain:12', 'x')).toEqual({ chain: 12, source: 'x' });
    expect(parseUpgradeFrom(' chain ', 'x', at)).toEqual({ chain: 'all', source: 'x', at });
  });
});
