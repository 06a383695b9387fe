import type { Autopsy, Results, Teardown } from './schema';
import { markdownTable, STATUS_SYMBOL } from './table';
import { seconds } from '../util/time';
import { htmlText, logLines, mdCode, mdText } from './inert';

/** GitHub rejects a step summary over 1 MiB; stay clear of it. */
export const SUMMARY_LIMIT = 1024 * 1024 - 64 * 1024;

export interface SummaryOptions {
  /** Name of the artifact holding results.json and the full logs, for pointers. */
  artifact?: string;
  /** Note on top, e.g. that the main step died and post wrote this. */
  note?: string;
}

/**
 * The job summary (GitHub-flavoured markdown), rendered from a validated result: a header, the
 * op table, one collapsible autopsy per failed op with its last lines, the customization manifest
 * collapsed at the end. Shrinks the log excerpts (then drops them) to stay under GitHub's limit.
 * Every string of the result may come from the pull request: each goes through report/inert.
 */
export function renderSummary(r: Results, opts: SummaryOptions = {}): string {
  for (const keep of [Infinity, 40, 0]) {
    const text = render(r, opts, keep);
    if (Buffer.byteLength(text) <= SUMMARY_LIMIT) return text;
  }
  return render({ ...r, ops: r.ops.map((o) => ({ ...o, autopsy: null })) }, opts, 0);
}

function render(r: Results, opts: SummaryOptions, keepLines: number): string {
  const base = r.base ? `${mdText(r.base.version)} → ` : '';
  const head = mdText(r.head.version ?? shortRef(r.head.ref));
  const failed = r.ops.filter((o) => o.autopsy);
  const truncated = keepLines !== Infinity && failed.some((o) => logLines(o.autopsy?.last_lines ?? []).length > keepLines);
  return [
    `## ${r.status === 'pass' ? '✅' : '❌'} cc-ci: ${mdText(r.recipe)} ${r.status === 'pass' ? 'passed' : 'failed'}`,
    '',
    ...(opts.note ? [`> ${opts.note}`, ''] : []),
    '| recipe | backend | base → head | deploys | teardown | time |',
    '| --- | --- | --- | --- | --- | --- |',
    `| ${mdText(r.recipe)} | ${r.backend} | ${base}${head} | ${r.deployCount} | ${teardownCell(r.teardown)} | ${seconds(r.durationMs)} |`,
    '',
    ...genericWarning(r),
    markdownTable(r),
    '',
    ...(failed.length ? ['### Why it failed', '', ...failed.flatMap((o) => autopsyBlock(o.autopsy!, keepLines))] : []),
    ...(truncated
      ? [
          `Log excerpts were shortened to fit GitHub's summary size limit; the full logs are in the artifact${opts.artifact ? ` \`${opts.artifact}\`` : ''}.`,
          '',
        ]
      : []),
    ...notRun(r),
    ...hostAccess(r),
    ...manifest(r),
  ].join('\n');
}

function autopsyBlock(a: Autopsy, keepLines: number): string[] {
  const all = logLines(a.last_lines);
  const lines = keepLines === Infinity ? all : keepLines === 0 ? [] : all.slice(-keepLines);
  // A fence longer than any run of backticks in the lines, so no log line can close it.
  const longest = Math.max(0, ...lines.flatMap((l) => (l.match(/`+/g) ?? []).map((run) => run.length)));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  // The <summary> line is inside the <details> HTML block, where markdown is not parsed: HTML escaping.
  const where = a.service ? ` in <code>${htmlText(a.service)}</code>` : '';
  const exit = a.exit_code === null ? '' : ` (exit ${a.exit_code})`;
  return [
    '<details open>',
    `<summary>${STATUS_SYMBOL.fail} <b>${a.op}</b>: ${a.reason.replace(/_/g, ' ')}${where}${exit}</summary>`,
    '',
    `**Hint:** ${mdText(a.hint)}`,
    '',
    `**Event:** <code>${mdText(a.event)}</code>`,
    '',
    ...(lines.length
      ? [
          `Last ${lines.length} line(s)${a.service ? ` of ${mdText(a.service)}` : ''}, oldest first:`,
          '',
          `${fence}text`,
          ...lines,
          fence,
          '',
        ]
      : ['No log lines were captured.', '']),
    '</details>',
    '',
  ];
}

function teardownCell(t: Teardown): string {
  if (t.status === 'done') return '✅ clean';
  if (t.status === 'kept') return `⏸️ kept (${t.strategy})`;
  if (t.status === 'pending') return '⏳ pending';
  return `⚠️ ${t.leftovers.length} left`;
}

/** skip-generic is flagged loudly: those ops were judged by the overlay's tests alone. */
function genericWarning(r: Results): string[] {
  const off = r.customization
    .filter((c) => c.source === 'built-in' && !c.used)
    .map((c) => mdText(c.item.replace(/^generic (\w+) assertions$/, '$1')));
  return off.length
    ? [
        '> [!WARNING]',
        `> Generic assertions were **skipped** for ${off.join(', ')} (config.yml \`skip-generic\`): only the overlay's tests judged them.`,
        '',
      ]
    : [];
}

/** Overlay files found but not run (untrusted, overridden), and why. */
function notRun(r: Results): string[] {
  const items = r.customization.filter((c) => c.source !== 'built-in' && !c.used);
  return items.length
    ? [
        '**Overlay files not used**',
        '',
        ...items.map((c) => `- ${mdCode(c.path ?? '')} (${c.source}): ${c.note === undefined ? 'not used' : mdText(c.note)}`),
        '',
      ]
    : [];
}

/** On every run: what the recipe reaches outside its containers, for whoever reviews it. */
function hostAccess(r: Results): string[] {
  if (!r.hostAccess.length) return [];
  return [
    '**Host access**: what the app can reach on the Docker host, outside its containers',
    '',
    '| service | reaches | where |',
    '| --- | --- | --- |',
    ...r.hostAccess.map((h) => `| ${mdText(h.service)} | ${mdText(h.what)} | ${mdText(`${h.file}:${h.line ?? 1}`)} |`),
    '',
  ];
}

function manifest(r: Results): string[] {
  const items = r.customization.filter((c) => c.source !== 'built-in');
  if (!items.length) return ['<details><summary>Customization: none (generic suite only)</summary></details>', ''];
  return [
    `<details><summary>Customization: ${items.length} overlay file(s)</summary>`,
    '',
    '| file | source | used | note |',
    '| --- | --- | --- | --- |',
    ...items.map((c) => `| ${mdCode(c.path ?? '')} | ${c.source} | ${c.used ? 'yes' : 'no'} | ${mdText(c.note ?? '')} |`),
    '',
    '</details>',
    '',
  ];
}

function shortRef(ref: string): string {
  return /^[0-9a-f]{40}$/.test(ref) ? ref.slice(0, 8) : ref;
}
