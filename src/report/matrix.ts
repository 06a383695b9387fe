import { OP_NAMES, type OpStatus, type Results } from './schema';
import { alignColumns, STATUS_SYMBOL, TERMINAL_SYMBOL } from './table';
import { mdText, noCommands, oneLine } from './inert';

/** One matrix leg as the report job found it: its results, or nothing (it uploaded nothing). */
export interface Leg {
  recipe: string;
  results?: Results;
  url?: string;
  /** The run attempt that uploaded the results, when known: a re-run's grid says which one it shows. */
  attempt?: number;
  /**
   * Why the leg failed beyond its results, or why it has none (`cc-ci test --jobs`: a recipe's
   * config error, a run that crashed or was stopped). A leg with an error never counts as passed.
   */
  error?: string;
}

type Verdict = 'fail' | 'missing' | 'pass';

/** One row of the grid: the leg, its verdict, and per op its status, null when not run, undefined with no results. */
interface GridRow {
  leg: Leg;
  verdict: Verdict;
  cells: (OpStatus | null | undefined)[];
}

/**
 * The grid both renderings show: failing legs first, then legs with no results (missing is never
 * shown as passed), then passing ones, each group by recipe name; and the totals.
 */
function grid(legs: Leg[]) {
  const verdict = (l: Leg): Verdict => (!l.results ? 'missing' : l.results.status === 'fail' || l.error ? 'fail' : 'pass');
  const rank: Record<Verdict, number> = { fail: 0, missing: 1, pass: 2 };
  const rows: GridRow[] = legs
    .map((leg) => ({
      leg,
      verdict: verdict(leg),
      cells: OP_NAMES.map((op) => (leg.results ? (leg.results.ops.find((o) => o.op === op)?.status ?? null) : undefined)),
    }))
    .sort((a, b) => rank[a.verdict] - rank[b.verdict] || a.leg.recipe.localeCompare(b.leg.recipe));
  const count = (v: Verdict) => rows.filter((r) => r.verdict === v).length;
  const ops = (s: OpStatus) => legs.reduce((n, l) => n + (l.results?.ops.filter((o) => o.status === s).length ?? 0), 0);
  return {
    rows,
    passed: count('pass'),
    failed: count('fail'),
    missing: count('missing'),
    opTotals: `Ops: ${ops('pass')} passed, ${ops('fail')} failed, ${ops('blocked')} blocked, ${ops('skip')} skipped. · = not run.`,
  };
}

/**
 * The matrix report: a grid recipe × op with status symbols, links and totals. A recipe name may
 * come from a pull request (its .env.sample TYPE): it goes through report/inert.
 */
export function renderMatrix(legs: Leg[], runUrl?: string): string {
  const g = grid(legs);
  const result: Record<Verdict, string> = { fail: '❌ fail', missing: '❓ missing', pass: '✅ pass' };
  return [
    `## ${g.failed || g.missing ? '❌' : '✅'} cc-ci: ${legs.length} recipe(s)`,
    '',
    `**${g.passed} passed** · **${g.failed} failed** · **${g.missing} missing** (no results uploaded)${runUrl ? ` · [run](${runUrl})` : ''}`,
    '',
    `| recipe | result | ${OP_NAMES.join(' | ')} | leg |`,
    `| --- | --- | ${OP_NAMES.map(() => ':---:').join(' | ')} | --- |`,
    ...g.rows.map(({ leg: l, verdict, cells }) => {
      const link = [l.url ? `[logs](${l.url})` : '', l.attempt && l.attempt > 1 ? `attempt ${l.attempt}` : ''].filter(Boolean).join(' · ');
      const shown = cells.map((c) => (c ? STATUS_SYMBOL[c] : c === null ? '·' : ''));
      return `| ${mdText(l.recipe)} | ${result[verdict]} | ${shown.join(' | ')} | ${link} |`;
    }),
    '',
    g.opTotals,
    '',
  ].join('\n');
}

/**
 * The same grid for the terminal (`cc-ci test --jobs`): plain text in aligned columns, and a
 * detail column saying why each failing or missing recipe is so (its error, else its first
 * failed op and that op's reason).
 */
export function textMatrix(legs: Leg[]): string {
  const g = grid(legs);
  const result: Record<Verdict, string> = {
    fail: `${TERMINAL_SYMBOL.fail} fail`,
    missing: '? missing',
    pass: `${TERMINAL_SYMBOL.pass} pass`,
  };
  const detail = (l: Leg) => {
    const failed = l.results?.ops.find((o) => o.status === 'fail');
    return oneLine(l.error ?? (failed ? `${failed.op}: ${failed.reason}` : ''));
  };
  const table = [
    ['recipe', 'result', ...OP_NAMES, 'detail'],
    ...g.rows.map(({ leg, verdict, cells }) => [
      oneLine(leg.recipe),
      result[verdict],
      ...cells.map((c) => (c ? TERMINAL_SYMBOL[c] : c === null ? '·' : '')),
      verdict === 'pass' ? '' : detail(leg),
    ]),
  ];
  const lines = alignColumns(table);
  const head = `${legs.length} recipe(s): ${g.passed} passed, ${g.failed} failed, ${g.missing} missing (no results)`;
  return noCommands([...lines, '', head, g.opTotals].join('\n'));
}
