import type { OpResult, OpStatus, Results } from './schema';
import { seconds } from '../util/time';
import { logLines, mdText, noCommands, oneLine } from './inert';

export interface Row {
  op: string;
  status: OpStatus;
  time: string;
  detail: string;
}

export const STATUS_SYMBOL: Record<OpStatus, string> = { pass: '✅', fail: '❌', skip: '⏭️', blocked: '⛔' };
export const TERMINAL_SYMBOL: Record<OpStatus, string> = { pass: '✔', fail: '✘', skip: '○', blocked: '⊘' };

/**
 * The op table every front end shows: one row per op, `op | status | time | detail`, and under an
 * upgrade along a chain of releases one row per hop.
 */
export function rows(results: Pick<Results, 'ops'>): Row[] {
  return results.ops.flatMap((o: OpResult) => [
    { op: o.op, status: o.status, time: time(o.durationMs), detail: o.reason },
    ...(o.hops && o.hops.length > 1
      ? o.hops.map((h) => ({ op: `↳ ${h.from} → ${h.to}`, status: h.status, time: time(h.durationMs), detail: h.detail }))
      : []),
  ]);
}

const time = (ms: number) => (ms > 0 ? seconds(ms) : '');

/** For the terminal (and a runner's log): plain text, one row per line, no workflow commands. */
export function textTable(results: Pick<Results, 'ops'>): string {
  const body = rows(results).map((r) => [oneLine(r.op), `${TERMINAL_SYMBOL[r.status]} ${r.status}`, r.time, oneLine(r.detail)]);
  return noCommands(alignColumns([['op', 'status', 'time', 'detail'], ...body]).join('\n'));
}

/** Rows of cells as lines, every column but the last padded to its widest cell, two spaces apart. */
export function alignColumns(rows: string[][]): string[] {
  const width = (i: number) => Math.max(...rows.map((r) => r[i]!.length));
  return rows.map((r) =>
    r
      .map((c, i) => (i < r.length - 1 ? c.padEnd(width(i)) : c))
      .join('  ')
      .trimEnd(),
  );
}

export function markdownTable(results: Pick<Results, 'ops'>): string {
  const lines = ['| op | status | time | detail |', '| --- | --- | --- | --- |'];
  for (const r of rows(results))
    lines.push(`| ${mdText(r.op)} | ${STATUS_SYMBOL[r.status]} ${r.status} | ${r.time} | ${mdText(r.detail)} |`);
  return lines.join('\n');
}

const TERMINAL_LINES = 20;

/** For the terminal: each failed op's autopsy, with the last lines of what failed. */
export function textAutopsies(results: Pick<Results, 'ops'>): string {
  const text = results.ops
    .filter((o) => o.autopsy)
    .map((o) => {
      const a = o.autopsy!;
      const all = logLines(a.last_lines);
      const lines = all.slice(-TERMINAL_LINES);
      return [
        `✘ ${a.op}: ${a.reason.replace(/_/g, ' ')}${a.service ? ` in ${oneLine(a.service)}` : ''}${a.exit_code === null ? '' : ` (exit ${a.exit_code})`}`,
        `  event: ${oneLine(a.event)}`,
        `  hint:  ${oneLine(a.hint)}`,
        ...(lines.length ? [`  last ${lines.length} of ${all.length} captured line(s):`, ...lines.map((l) => `  | ${l}`)] : []),
      ].join('\n');
    })
    .join('\n\n');
  return noCommands(text);
}
