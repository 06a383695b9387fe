import { isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * The recipe checkout (the recipe-path input) relative to the workspace, in `/` form, as
 * annotations take repository paths: GitHub resolves an annotation's file against
 * GITHUB_WORKSPACE. Undefined when the recipe is outside the workspace (annotations then carry no
 * file, and their message names it).
 */
export function recipeInWorkspace(recipePath: string): string | undefined {
  const rel = relative(resolve(process.env.GITHUB_WORKSPACE || process.cwd()), resolve(recipePath));
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/') || '.';
}
