// `node scripts/release-notes.mjs X.Y.Z [CHANGELOG.md]` prints the body of CHANGELOG.md's `## [X.Y.Z]`
// section (Keep a Changelog), which the release workflow makes the GitHub release's notes. It fails
// when the section is missing or empty, so a tag cannot be released without its changelog entry.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The text under `## [version]` (optionally `- date` after it) up to the next `## ` heading or the
 * link definitions at the end, trimmed.
 * @param {string} changelog
 * @param {string} version e.g. '1.2.0' or '1.2.0-rc.1' (no leading v)
 * @returns {string}
 */
export function releaseNotes(changelog, version) {
  const lines = changelog.replace(/\r\n?/g, '\n').split('\n');
  const heading = new RegExp(`^## \\[${version.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\](\\s+-\\s+.*)?\\s*$`);
  const start = lines.findIndex((l) => heading.test(l));
  if (start < 0) throw new Error(`CHANGELOG.md has no '## [${version}]' section`);
  const body = [];
  for (const line of lines.slice(start + 1)) {
    if (/^##? /.test(line) || /^\[[^\]]+\]:\s/.test(line)) break;
    body.push(line);
  }
  const text = body.join('\n').trim();
  if (!text) throw new Error(`CHANGELOG.md's '## [${version}]' section is empty`);
  return text;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [version, file = 'CHANGELOG.md'] = process.argv.slice(2);
  try {
    if (!version) throw new Error('usage: node scripts/release-notes.mjs X.Y.Z [CHANGELOG.md]');
    process.stdout.write(`${releaseNotes(readFileSync(file, 'utf8'), version)}\n`);
  } catch (e) {
    process.stderr.write(`release-notes: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}
