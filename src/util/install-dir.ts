import { realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** dist/ of this cc-ci: every entry point (cli.js, main.js, ...) is a file in it. */
export function distDir(): string {
  return dirname(realpathSync(process.argv[1] ?? '.'));
}

/** Bundled overlays (`overlays/<recipe>/` of the action); CCCI_OVERLAYS_DIR points elsewhere. */
export function bundledOverlaysDir(): string {
  return process.env.CCCI_OVERLAYS_DIR || join(distDir(), '..', 'overlays');
}
