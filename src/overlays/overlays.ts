import { join } from 'node:path';

import type { OpName } from '../report/schema';
import { loadConfig, mergeConfigs, type Config } from './config';
import { listOverlayRoot, resolveOverlays, type Resolution } from './discover';
import { UserError } from '../errors';

/** The recipe-specific layer of a run: merged config and the resolved overlay files. */
export interface Overlays extends Resolution {
  config: Config;
  warnings: string[];
}

export interface OverlayOptions {
  recipeDir: string;
  recipe: string;
  bundledDir: string;
  repoLocalTrusted: boolean;
}

/**
 * Finds the overlays of a recipe in both places (repo-local `.cc-ci/`, bundled
 * `overlays/<recipe>/`), validates config.yml files and merges them. Bad files fail here,
 * before anything is created.
 */
export function loadOverlays(opts: OverlayOptions): Overlays {
  const found = [
    ...listOverlayRoot('repo-local', join(opts.recipeDir, '.cc-ci'), '.cc-ci'),
    ...listOverlayRoot('bundled', join(opts.bundledDir, opts.recipe), `overlays/${opts.recipe}`),
  ];
  const configs = found.filter((f) => f.rel === 'config.yml');
  const rank = (source: string) => (source === 'bundled' ? 0 : 1);
  const config = mergeConfigs(...configs.sort((a, b) => rank(a.source) - rank(b.source)).map((f) => loadConfig(f.path, f.shown)));
  const res = resolveOverlays(found, { repoLocalTrusted: opts.repoLocalTrusted, skipGeneric: config['skip-generic'] ?? [] });
  const fatal = res.problems.find((p) => p.fatal);
  if (fatal) throw new UserError(fatal.message, fatal.file.shown);
  return { ...res, config, warnings: res.problems.map((p) => p.message) };
}

export function genericEnabled(overlays: Pick<Overlays, 'config'>, op: OpName): boolean {
  return !(overlays.config['skip-generic'] ?? []).includes(op);
}
