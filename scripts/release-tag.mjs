// `node scripts/release-tag.mjs vX.Y.Z` checks a release tag before the release workflow publishes it
// and prints, as GITHUB_OUTPUT lines, what the workflow does with it:
//   version=X.Y.Z  major=vX  prerelease=true|false  move_major=true|false
// It fails when the tag is not vMAJOR.MINOR.PATCH[-PRERELEASE] or differs from package.json's version.
// move_major is false for a prerelease and for a release below the highest vX.*.* already tagged (a
// patch to an older minor must not move vX backwards).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import semver from 'semver';

const TAG = /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

/**
 * @param {string} tag e.g. 'v1.2.3' or 'v1.3.0-rc.1'
 * @returns {{ version: string, major: string, prerelease: boolean }}
 */
export function parseReleaseTag(tag) {
  const m = TAG.exec(tag);
  if (!m || !semver.valid(tag.slice(1)))
    throw new Error(`'${tag}' is not a release tag (vMAJOR.MINOR.PATCH or vMAJOR.MINOR.PATCH-PRERELEASE)`);
  return { version: tag.slice(1), major: `v${m[1]}`, prerelease: m[4] !== undefined };
}

/**
 * Whether releasing `tag` moves its major tag: not a prerelease, and no higher release in the same
 * major among `existingTags` (any other tags in the list are ignored).
 * @param {string} tag
 * @param {string[]} existingTags
 */
export function movesMajor(tag, existingTags) {
  const { version, major, prerelease } = parseReleaseTag(tag);
  if (prerelease) return false;
  return existingTags.every((t) => {
    const m = TAG.exec(t);
    if (!m || `v${m[1]}` !== major || m[4] !== undefined) return true;
    return !semver.gt(t.slice(1), version);
  });
}

/**
 * The checks and outputs for `tag` with package.json's `packageVersion`.
 * @returns {string} GITHUB_OUTPUT lines
 */
export function releaseOutputs(tag, packageVersion, existingTags) {
  const { version, major, prerelease } = parseReleaseTag(tag);
  if (version !== packageVersion)
    throw new Error(`tag ${tag} is not package.json's version ${packageVersion}: bump package.json, or tag v${packageVersion}`);
  return (
    [`version=${version}`, `major=${major}`, `prerelease=${prerelease}`, `move_major=${movesMajor(tag, existingTags)}`].join('\n') + '\n'
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const tag = process.argv[2];
    if (!tag) throw new Error('usage: node scripts/release-tag.mjs vX.Y.Z');
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    const tags = execFileSync('git', ['tag', '--list', 'v*'], { encoding: 'utf8' }).split('\n').filter(Boolean);
    process.stdout.write(releaseOutputs(tag, String(pkg.version), tags));
  } catch (e) {
    process.stderr.write(`release-tag: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}
