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
  const at = (file: string | undefined, line: number | null | undefined) =>
    recipeDir !== undefined && file ? { file: posix.join(recipeDir, file), startLine: line ?? 1 } : {};
  const failures: Annotation[] = r.ops
    .filter((o) => o.autopsy)
    .map((o) => {
      const a = o.autopsy!;
      // Where the failure is: the event's own `file:line: ` (a refused compose key), else the
      // failing service's definition, else the overlay executable that failed.
      const located = /^([^\s:]+):(\d+): /.exec(a.event);
      const source = located ? { file: located[1]!, line: Number(located[2]) } : a.service ? r.sources[a.service] : undefined;
      const executable = /^(\.cc-ci\/\S+)/.exec(a.event)?.[1];
      return { level: 'error', title: `cc-ci ${a.op}: ${a.reason.replace(/_/g, ' ')}${a.service ? ` (${plain(a.service)})` : ''}`, message: `${plain(o.reason)}\n${plain(a.hint)}`, ...at(source?.file ?? executable, source?.line) };
    });
  const seen = new Set<string>();
  const findings: Annotation[] = r.ops.flatMap((o) =>
    o.assertions
      .filter((a) => a.source && (a.status === 'fail' || a.status === 'warn') && !(o.autopsy && a.detail === o.reason))
      .filter((a) => !seen.has(`${a.name}|${a.detail}`) && seen.add(`${a.name}|${a.detail}`))
      .map((a): Annotation => ({ level: a.status === 'fail' ? 'error' : 'warning', title: `cc-ci ${plain(a.name)}`, message: plain(a.detail.replace(/^\S+:\d+: /, '')), ...at(a.source!.file, a.source!.line) })),
  );
  const all = [...failures, ...findings];
  return [...all.filter((a) => a.level === 'error').slice(0, MAX_ANNOTATIONS), ...all.filter((a) => a.level === 'warning').slice(0, MAX_ANNOTATIONS)];
}
