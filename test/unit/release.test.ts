// The release workflow's two scripts: the notes it takes from CHANGELOG.md, and the tag checks that
// decide whether it releases and whether the major tag moves (scripts/release-notes.mjs, release-tag.mjs).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { releaseNotes } from '../../scripts/release-notes.mjs';
import { movesMajor, parseReleaseTag, releaseOutputs } from '../../scripts/release-tag.mjs';
import { ROOT } from '../support/cli';

const CHANGELOG = `# Changelog

Intro text.

## [Unreleased]

### Added

- next thing

## [1.10.0] - 2027-02-01

### Fixed

- ten

## [1.1.0] - 2027-01-15

### Added

- one point one, [a link](https://example.org)

### Changed

- changed

## [1.0.0-rc.1]

- release candidate

## [1.0.0] - 2027-01-01

## [0.9.0]\r
\r
- windows line ends\r

[Unreleased]: https://github.com/coop-cloud/cc-ci/compare/v1.10.0...HEAD
[1.10.0]: https://github.com/coop-cloud/cc-ci/compare/v1.1.0...v1.10.0
`;

describe('releaseNotes', () => {
  it("returns the version's section up to the next version, headings and links kept", () => {
    expect(releaseNotes(CHANGELOG, '1.1.0')).toBe(
      '### Added\n\n- one point one, [a link](https://example.org)\n\n### Changed\n\n- changed',
    );
  });

  it('matches the version exactly (1.1.0 is not 1.10.0, and dots are not wildcards)', () => {
    expect(releaseNotes(CHANGELOG, '1.10.0')).toBe('### Fixed\n\n- ten');
    expect(() => releaseNotes(CHANGELOG, '1.1.00')).toThrow("no '## [1.1.00]' section");
    expect(() => releaseNotes(CHANGELOG.replace('[1.1.0]', '[1x1.0]'), '1.1.0')).toThrow('no');
  });

  it('takes a prerelease section, a section without a date, and CRLF files; stops before the link definitions', () => {
    expect(releaseNotes(CHANGELOG, '1.0.0-rc.1')).toBe('- release candidate');
    expect(releaseNotes(CHANGELOG, '0.9.0')).toBe('- windows line ends');
    expect(releaseNotes(CHANGELOG.replace(/\n\[Unreleased\]:[^]*$/, '\n'), '0.9.0')).toBe('- windows line ends');
  });

  it('refuses a missing or empty section', () => {
    expect(() => releaseNotes(CHANGELOG, '2.0.0')).toThrow("CHANGELOG.md has no '## [2.0.0]' section");
    expect(() => releaseNotes(CHANGELOG, '1.0.0')).toThrow("'## [1.0.0]' section is empty");
  });

  it("finds the repository's own CHANGELOG.md sections", () => {
    const own = readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8');
    expect(releaseNotes(own, 'Unreleased')).toMatch(/^### Added\n/);
    expect(releaseNotes(own, '0.1.0')).toContain('### Added');
  });
});

describe('release tags', () => {
  it('parses vMAJOR.MINOR.PATCH and prereleases', () => {
    expect(parseReleaseTag('v1.2.3')).toEqual({ version: '1.2.3', major: 'v1', prerelease: false });
    expect(parseReleaseTag('v0.10.0')).toEqual({ version: '0.10.0', major: 'v0', prerelease: false });
    expect(parseReleaseTag('v2.0.0-rc.1')).toEqual({ version: '2.0.0-rc.1', major: 'v2', prerelease: true });
  });

  it('refuses anything else', () => {
    for (const bad of [
      '1.2.3',
      'v1',
      'v1.2',
      'v01.2.3',
      'v1.2.3+build',
      'v1.2.3-',
      'v1.2.3-rc..1',
      'v1.2.3-01',
      'v1.2.3\n',
      ' v1.2.3',
      'v1.2.3;rm',
    ]) {
      expect(() => parseReleaseTag(bad), JSON.stringify(bad)).toThrow('is not a release tag');
    }
  });

  it('moves the major tag only for the highest release of that major', () => {
    const tags = ['v1', 'v1.0.0', 'v1.1.0', 'v1.2.0-rc.1', 'v2.0.0', 'latest'];
    expect(movesMajor('v1.2.0', tags)).toBe(true); // above 1.1.0; an rc of it does not count
    expect(movesMajor('v1.1.0', tags)).toBe(true); // its own tag is already there (the workflow runs after the push)
    expect(movesMajor('v1.0.1', tags)).toBe(false); // a patch to an older minor: v1 stays on 1.1.0
    expect(movesMajor('v1.10.0', tags)).toBe(true); // numeric, not text, order
    expect(movesMajor('v1.3.0-rc.1', tags)).toBe(false); // prereleases never move it
    expect(movesMajor('v3.0.0', [])).toBe(true);
  });

  it("requires the tag to be package.json's version and prints the workflow's outputs", () => {
    expect(releaseOutputs('v1.2.0', '1.2.0', ['v1.1.0'])).toBe('version=1.2.0\nmajor=v1\nprerelease=false\nmove_major=true\n');
    expect(releaseOutputs('v1.2.0-rc.1', '1.2.0-rc.1', [])).toBe('version=1.2.0-rc.1\nmajor=v1\nprerelease=true\nmove_major=false\n');
    expect(() => releaseOutputs('v1.2.0', '1.1.0', [])).toThrow("tag v1.2.0 is not package.json's version 1.1.0");
  });
});
