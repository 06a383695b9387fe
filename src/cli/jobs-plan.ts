import { join } from 'node:path';
import { UserError } from '../errors';
import { loadRecipe } from '../recipe/recipe';
import { checkResultsPath } from '../report/results-file';

/** One recipe of `cc-ci test --jobs`: its name and results file, or why it cannot run at all. */
export interface PlannedJob {
  /** The recipe's name (its prefix and grid row); the directory as typed when it has none. */
  recipe: string;
  dir: string;
  /** `<results dir>/<recipe>.json`; absent with an error. */
  results?: string;
  /** A config error found before anything started: the recipe fails with it and never runs. */
  error?: string;
}

/**
 * Names each recipe as its own run will (TYPE= in .env.sample, else the directory name), before
 * anything starts. A recipe that cannot be read fails on its own, with its one-line error; two
 * directories of the same recipe would share a results file and a prefix, so they are refused.
 * Stacks cannot clash: each run draws a random domain.
 */
export function planJobs(dirs: string[], resultsDir: string): PlannedJob[] {
  const seen = new Map<string, string>();
  return dirs.map((dir) => {
    let recipe: string;
    try {
      recipe = loadRecipe(dir).name;
    } catch (e) {
      if (e instanceof UserError) return { recipe: dir, dir, error: e.oneLine };
      throw e;
    }
    const other = seen.get(recipe);
    if (other !== undefined)
      throw new UserError(
        `${other} and ${dir} are both recipe "${recipe}"; test each recipe once, or give a copy another TYPE= in its .env.sample`,
      );
    seen.set(recipe, dir);
    const results = join(resultsDir, `${recipe}.json`);
    checkResultsPath(results, '--results-dir', 'pass a directory cc-ci may write files in, e.g. ./results');
    return { recipe, dir, results };
  });
}
