// Bundles each entry point into one self-contained ESM file under dist/ (committed: the action runs
// them as-is). The createRequire banner lets bundled CommonJS dependencies require node built-ins.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { collectPackages, licenseProblems, packagesByBundle, readPackage, renderNotices } from './scripts/licenses.mjs';

// `node build.mjs [OUTDIR] [--sourcemap]`: OUTDIR (default dist) lets check-dist build elsewhere and
// compare; --sourcemap adds .map files beside the bundles for a coverage run (scripts/test.sh). The
// maps are not linked from the bundles, so those differ from dist/ only in their chunks' hashes.
const args = process.argv.slice(2);
const sourcemap = args.includes('--sourcemap');
const target = args.find((a) => !a.startsWith('--')) ?? 'dist';
// Built beside the target and swapped in whole: no stale chunks from earlier builds, and a failed
// build leaves the last good one in place.
const outdir = `${target}.building-${process.pid}`;

// Bundled packages that publish no LICENSE/COPYING/NOTICE file, each with what a maintainer found. Any
// other such package fails the build (dist/licenses.txt could not carry its notice); an entry that no
// longer applies fails it too. See docs/releasing.md.
const REVIEWED_WITHOUT_LICENSE_FILE = {
  '@nodable/entities': 'package.json and README say MIT; no copyright line is published with it.',
  binary: 'package.json and README say MIT; no copyright line is published with it.',
  buffers: 'declares no license at all (no license field, file or README section); bundled via @actions/artifact > unzip-stream > binary.',
  chainsaw: 'package.json says MIT/X11; no copyright line is published with it.',
  isarray: 'MIT: its README.md ends with the MIT text, "Copyright (c) 2013 Julian Gruber <julian@juliangruber.com>".',
};

const entries = {
  cli: 'src/entrypoints/cli.ts',
  pre: 'src/entrypoints/action-pre.ts',
  main: 'src/entrypoints/action-main.ts',
  post: 'src/entrypoints/action-post.ts',
};

const result = await build({
  entryPoints: entries,
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.js' },
  banner: { js: "import { createRequire as __ccciRequire } from 'node:module'; const require = __ccciRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  ...(sourcemap ? { sourcemap: 'external' } : {}),
}).catch((e) => {
  rmSync(outdir, { recursive: true, force: true });
  throw e;
});
// legalComments are dropped from the bundles; the licenses of what they contain go to licenses.txt.
try {
  const packages = collectPackages(packagesByBundle(result.metafile, outdir, Object.values(entries)), readPackage);
  const problems = licenseProblems(packages, REVIEWED_WITHOUT_LICENSE_FILE);
  if (problems.length > 0) throw new Error(`build: third-party notices:\n  ${problems.join('\n  ')}`);
  writeFileSync(`${outdir}/licenses.txt`, renderNotices(packages, REVIEWED_WITHOUT_LICENSE_FILE));
} catch (e) {
  rmSync(outdir, { recursive: true, force: true });
  throw e;
}
rmSync(target, { recursive: true, force: true });
renameSync(outdir, target);
