import type { Results } from './schema';
import { markdownTable } from './table';
import { seconds } from '../util/time';

/** The PR comment: the verdict, the op table, one line per failure, and a link to the run. */
export function renderComment(r: Results, runUrl: string): string {
  const range = r.base ? `${r.base.version} → ${r.head.version ?? 'head'}` : (r.head.version ?? 'head');
  const commit = /^[0-9a-f]{40}$/.test(r.head.ref) ? ` · commit ${r.head.ref.slice(0, 8)}` : '';
  const failures = r.ops
    .filter((o) => o.autopsy)
    .map((o) => `- **${o.op}**: ${o.autopsy!.reason.replace(/_/g, ' ')}${o.autopsy!.service ? ` in \`${o.autopsy!.service}\`` : ''}. ${o.autopsy!.hint.split('. ')[0]}.`);
  return [
    `### ${r.status === 'pass' ? '✅' : '❌'} cc-ci: ${r.recipe} ${r.status === 'pass' ? 'passed' : 'failed'}`,
    '',
    `${range} · ${r.deployCount} deploy · ${seconds(r.durationMs)}${commit} · [logs and autopsy](${runUrl})`,
    '',
    markdownTable(r),
    ...(failures.length ? ['', ...failures] : []),
    '',
    `<sub>Updated ${r.startedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}. Comment \`!testme\` to run again.</sub>`,
  ].join('\n');
}
