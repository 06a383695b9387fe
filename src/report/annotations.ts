import { posix } from 'node:path';
import type { Results } from './schema';
import { noCommands, oneLine } from './inert';

/** GitHub shows at most 10 error and 10 warning annotations per step. */
export const MAX_ANNOTATIONS = 10;

export interface Annotation {
  level: 'error' | 'warning';
  title: string;
  message: string;
  file?: string;
  startLine?: number;
}

/**
 * The repository path of a file cc-ci names, for an annotation's `file` (GitHub reads it relative
 * to the workspace). `file` is as cc-ci shows it, relative to the recipe checkout; `recipeDir` is
 * that checkout relative to the workspace, undefined when it is outside the workspace. There is no
 * repository path, and the message keeps naming the file, for a recipe outside the workspace, a
 * release's file (`1.2.0+3.4:compose.yml`, not the checked-out tree), a bundled overlay's file
 * (`overlays/<recipe>/...`, in cc-ci's own install), an absolute path (the app's env file in the
 * state dir), or a path that leaves the recipe.
 */
export function annotationFile(recipeDir: string | undefined, file: string): string | undefined {
  if (recipeDir === undefined || !file || file.includes(':') || posix.isAbsolute(file) || /^overlays\//.test(file)) return undefined;
  const inRecipe = posix.normalize(file);
  if (inRecipe === '..' || inRecipe.startsWith('../')) return undefined;
  return posix.join(recipeDir, inRecipe);
}

/**
 * Rendered from the result alone. One error annotation per failed op, titled with the op and
 * reason, the hint as its body, placed on the compose file and line that define the failing
 * service (or on the repo-local hook or test that failed); then one per lint finding that names
 * a file and line (error or warning by the finding's level), at that line. `recipeDir` is the
 * recipe checkout relative to the workspace root, as annotations want repository paths;
 * undefined when the recipe is outside the workspace (then annotations carry no file).
 */
export function annotations(r: Results, recipeDir: string | undefined): Annotation[] {
  // @actions/core escapes these in the command it prints; each recipe string is still made one
  // plain line with no workflow command, whatever prints it. The message's own line break is cc-ci's.
  const plain = (s: string) => noCommands(oneLine(s));
  const at = (file: string | undefined, line: number | null | undefined) => {
    const path = file ? annotationFile(recipeDir, file) : undefined;
    return path ? { file: path, startLine: line ?? 1 } : {};
  };
  const failures: Annotation[] = r.ops
    .filter((o) => o.autopsy)
    .map((o) => {
      const a = o.autopsy!;
      // Where the failure is: the event's own `file:line: ` (a refused compose key), else the
      // failing service's definition, else the overlay executable that failed.
      const located = /^([^\s:]+):(\d+): /.exec(a.event);
      const source = located ? { file: located[1]!, line: Number(located[2]) } : a.service ? r.sources[a.service] : undefined;
      const executable = /^(\.cc-ci\/\S+)/.exec(a.event)?.[1];
      return {
        level: 'error',
        title: `cc-ci ${a.op}: ${a.reason.replace(/_/g, ' ')}${a.service ? ` (${plain(a.service)})` : ''}`,
        message: `${plain(o.reason)}\n${plain(a.hint)}`,
        ...at(source?.file ?? executable, source?.line),
      };
    });
  const seen = new Set<string>();
  const findings: Annotation[] = r.ops.flatMap((o) =>
    o.assertions
      .filter((a) => a.source && (a.status === 'fail' || a.status === 'warn') && !(o.autopsy && a.detail === o.reason))
      .filter((a) => !seen.has(`${a.name}|${a.detail}`) && seen.add(`${a.name}|${a.detail}`))
      .map((a): Annotation => ({
        level: a.status === 'fail' ? 'error' : 'warning',
        title: `cc-ci ${plain(a.name)}`,
        message: plain(a.detail.replace(/^\S+:\d+: /, '')),
        ...at(a.source!.file, a.source!.line),
      })),
  );
  const all = [...failures, ...findings];
  return [
    ...all.filter((a) => a.level === 'error').slice(0, MAX_ANNOTATIONS),
    ...all.filter((a) => a.level === 'warning').slice(0, MAX_ANNOTATIONS),
  ];
}
