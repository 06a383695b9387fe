import { OP_NAMES, type OpStatus, type Results } from './schema';
import { STATUS_SYMBOL } from './table';
import { mdText } from './inert';

/** One matrix leg as the report job found it: its results, or nothing (it uploaded nothing). */
export interface Leg {
  recipe: string;
  results?: Results;
  url?: string;
  /** The run attempt that uploaded the results, when known: a re-run's grid says which one it shows. */
  attempt?: number;
}

/**
 * The matrix report: a grid recipe × op with status symbols, failing legs first, then legs that
 * reported nothing (missing is never shown as passed), then passing ones; links and totals. A
 * recipe name may come from a pull request (its .env.sample TYPE): it goes through report/inert.
 */
export function renderMatrix(legs: Leg[], runUrl?: string): string {
  const rank = (l: Leg) => (!l.results ? 1 : l.results.status === 'fail' ? 0 : 2);
  const sorted = [...legs].sort((a, b) => rank(a) - rank(b) || a.recipe.localeCompare(b.recipe));
  const cell = (l: Leg, op: (typeof OP_NAMES)[number]) => {
    const o = l.results?.ops.find((x) => x.op === op);
    return o ? STATUS_SYMBOL[o.status] : l.results ? '·' : '';
  };
  const count = (s: OpStatus) => legs.reduce((n, l) => n + (l.results?.ops.filter((o) => o.status === s).length ?? 0), 0);
  const failed = legs.filter((l) => l.results?.status === 'fail').length;
  const missing = legs.filter((l) => !l.results).length;
  const passed = legs.length - failed - missing;
  return [
    `## ${failed || missing ? '❌' : '✅'} cc-ci: ${legs.length} recipe(s)`,
    '',
    `**${passed} passed** · **${failed} failed** · **${missing} missing** (no results uploaded)${runUrl ? ` · [run](${runUrl})` : ''}`,
    '',
    `| recipe | result | ${OP_NAMES.join(' | ')} | leg |`,
    `| --- | --- | ${OP_NAMES.map(() => ':---:').join(' | ')} | --- |`,
    ...sorted.map((l) => {
      const result = !l.results ? '❓ missing' : l.results.status === 'pass' ? '✅ pass' : '❌ fail';
      const link = [l.url ? `[logs](${l.url})` : '', l.attempt && l.attempt > 1 ? `attempt ${l.attempt}` : ''].filter(Boolean).join(' · ');
      return `| ${mdText(l.recipe)} | ${result} | ${OP_NAMES.map((op) => cell(l, op)).join(' | ')} | ${link} |`;
    }),
    '',
    `Ops: ${count('pass')} passed, ${count('fail')} failed, ${count('blocked')} blocked, ${count('skip')} skipped. · = not run.`,
    '',
  ].join('\n');
}
