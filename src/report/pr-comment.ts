import type { Results } from './schema';
import { markdownTable } from './table';
import { seconds } from '../util/time';
import { mdCode, mdText } from './inert';

/**
 * The PR comment: the verdict, the op table, one line per failure, and a link to the run. Every
 * string of the result goes through report/inert, so none can forge markup, a mention or the
 * hidden marker that github/pr-comment puts before this body to find the comment again.
 */
export function renderComment(r: Results, runUrl: string): string {
  const head = r.head.version === null ? 'head' : mdText(r.head.version);
  const range = r.base ? `${mdText(r.base.version)} → ${head}` : head;
  const commit = /^[0-9a-f]{40}$/.test(r.head.ref) ? ` · commit ${r.head.ref.slice(0, 8)}` : '';
  const failures = r.ops
    .filter((o) => o.autopsy)
    .map(
      (o) =>
        `- **${o.op}**: ${o.autopsy!.reason.replace(/_/g, ' ')}${o.autopsy!.service ? ` in ${mdCode(o.autopsy!.service)}` : ''}. ${mdText(o.autopsy!.hint.split('. ')[0]!)}.`,
    );
  return [
    `### ${r.status === 'pass' ? '✅' : '❌'} cc-ci: ${mdText(r.recipe)} ${r.status === 'pass' ? 'passed' : 'failed'}`,
    '',
    `${range} · ${r.deployCount} deploy · ${seconds(r.durationMs)}${commit} · [logs and autopsy](${runUrl})`,
    '',
    markdownTable(r),
    ...(failures.length ? ['', ...failures] : []),
    '',
    `<sub>Updated ${mdText(r.startedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC'))}. Comment \`!testme\` to run again.</sub>`,
  ].join('\n');
}
