// Bundles each entry point into one self-contained ESM file under dist/ (committed: the action runs
// them as-is). The createRequire banner lets bundled CommonJS dependencies require node built-ins.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

// `node build.mjs [OUTDIR]`: OUTDIR (default dist) lets check-dist build elsewhere and compare.
const outdir = process.argv[2] ?? 'dist';
rmSync(outdir, { recursive: true, force: true }); // no stale chunks from earlier builds

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
});
