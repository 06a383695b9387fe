// Bundles each entry point into one self-contained ESM file under dist/ (committed: the action runs
// them as-is). The createRequire banner lets bundled CommonJS dependencies require node built-ins.
import { renameSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

// `node build.mjs [OUTDIR]`: OUTDIR (default dist) lets check-dist build elsewhere and compare.
const target = process.argv[2] ?? 'dist';
// Built beside the target and swapped in whole: no stale chunks from earlier builds, and a failed
// build leaves the last good one in place.
const outdir = `${target}.building-${process.pid}`;

const entries = {
  cli: 'src/entrypoints/cli.ts',
  pre: 'src/entrypoints/action-pre.ts',
  main: 'src/entrypoints/action-main.ts',
  post: 'src/entrypoints/action-post.ts',
};

await build({
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
}).catch((e) => {
  rmSync(outdir, { recursive: true, force: true });
  throw e;
});
rmSync(target, { recursive: true, force: true });
renameSync(outdir, target);
