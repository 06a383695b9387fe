import { join } from 'node:path';

import type { OpName } from '../report/schema';
import { mergeConfigs, readConfig, type Config } from './config';
import type { SourcePos } from '../recipe/source-pos';
import { listOverlayRoot, resolveOverlays, type Resolution } from './discover';
import { checkInterpreter } from './executables';
import { UserError } from '../errors';

/** The recipe-specific layer of a run: merged config and the resolved overlay files. */
export interface Overlays extends Resolution {
  config: Config;
  /** The config.yml and line that set a key of the merged config (the winning file), if any. */
  configAt(path: string[]): SourcePos | undefined;
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
  const read = configs.sort((a, b) => rank(a.source) - rank(b.source)).map((f) => readConfig(f.path, f.shown));
  const config = mergeConfigs(...read.map((r) => r.config));
  const configAt = (path: string[]): SourcePos | undefined => {
    for (const { yaml } of [...read].reverse()) {
      const line = yaml?.lineOf(path);
      if (line !== undefined) return { file: yaml!.shown, line };
    }
    return undefined;
  };
  const res = resolveOverlays(found, { repoLocalTrusted: opts.repoLocalTrusted, skipGeneric: config['skip-generic'] ?? [] });
  const fatal = res.problems.find((p) => p.fatal);
  if (fatal) throw new UserError(fatal.message, fatal.file.shown);
  for (const file of [res.installSteps, ...Object.values(res.preHooks), ...Object.values(res.tests).flat()]) if (file) checkInterpreter(file);
  return { ...res, config, configAt, warnings: res.problems.map((p) => p.message) };
}

export function genericEnabled(overlays: Pick<Overlays, 'config'>, op: OpName): boolean {
  return !(overlays.config['skip-generic'] ?? []).includes(op);
}
