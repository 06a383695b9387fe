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
    ...genericWarning(r),
    markdownTable(r),
    '',
    ...notRun(r),
  ].join('\n');
}

/** skip-generic is flagged loudly: those ops were judged by the overlay's tests alone. */
function genericWarning(r: Results): string[] {
  const off = r.customization.filter((c) => c.source === 'built-in' && !c.used).map((c) => c.item.replace(/^generic (\w+) assertions$/, '$1'));
  return off.length ? [`> [!WARNING]`, `> Generic assertions were **skipped** for ${off.join(', ')} (config.yml \`skip-generic\`): only the overlay's tests judged them.`, ''] : [];
}

/** Overlay files found but not run (untrusted, overridden), and why. */
function notRun(r: Results): string[] {
  const items = r.customization.filter((c) => c.source !== 'built-in' && !c.used);
  return items.length ? ['**Overlay files not used**', '', ...items.map((c) => `- \`${c.path}\` (${c.source}): ${c.note ?? 'not used'}`), ''] : [];
}

function shortRef(ref: string): string {
  return /^[0-9a-f]{40}$/.test(ref) ? ref.slice(0, 8) : ref;
}
