import { posix } from 'node:path';
import type { Results } from './schema';

/** GitHub shows at most 10 error annotations per step. */
export const MAX_ANNOTATIONS = 10;

export interface Annotation {
  title: string;
  message: string;
  file?: string;
  startLine?: number;
}

/**
 * One error annotation per failed op, rendered from the result alone: titled with the op and
 * reason, the hint as its body, placed on the compose file and line that define the failing
 * service (or on the repo-local hook or test that failed). `recipeDir` is the recipe checkout
 * relative to the workspace root, as annotations want repository paths; undefined when the
 * recipe is outside the workspace (then annotations carry no file).
 */
export function annotations(r: Results, recipeDir: string | undefined): Annotation[] {
  return r.ops
    .filter((o) => o.autopsy)
    .slice(0, MAX_ANNOTATIONS)
    .map((o) => {
      const a = o.autopsy!;
      const title = `cc-ci ${a.op}: ${a.reason.replace(/_/g, ' ')}${a.service ? ` (${a.service})` : ''}`;
      const source = a.service ? r.sources[a.service] : undefined;
      const executable = /^(\.cc-ci\/\S+)/.exec(a.event)?.[1];
      const file = recipeDir === undefined ? undefined : (source?.file ?? executable);
      return {
        title,
        message: `${o.reason}\n${a.hint}`,
        ...(file ? { file: posix.join(recipeDir!, file), startLine: source?.line ?? 1 } : {}),
      };
    });
}
