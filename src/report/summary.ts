import type { Results } from './schema';
import { markdownTable } from './table';
import { seconds } from '../util/time';

/** The job summary (GitHub-flavoured markdown), rendered from a validated result. */
export function renderSummary(r: Results): string {
  const verdict = r.status === 'pass' ? '✅ passed' : '❌ failed';
  const base = r.base ? `${r.base.version} → ` : '';
  const head = r.head.version ?? shortRef(r.head.ref);
  const teardown = r.teardown.status === 'done' ? 'clean' : r.teardown.status === 'kept' ? `kept (${r.teardown.strategy})` : `${r.teardown.status}, ${r.teardown.leftovers.length} left`;
  return [
    `## cc-ci: ${r.recipe} ${verdict}`,
    '',
    `**backend** ${r.backend} · **${base ? 'base → head' : 'head'}** ${base}${head} · **deploys** ${r.deployCount} · **teardown** ${teardown} · **time** ${seconds(r.durationMs)}`,
    '',
    markdownTable(r),
    '',
  ].join('\n');
}

function shortRef(ref: string): string {
  return /^[0-9a-f]{40}$/.test(ref) ? ref.slice(0, 8) : ref;
}
