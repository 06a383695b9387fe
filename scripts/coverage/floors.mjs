// Merges the coverage of a full test run and holds each source file to its tier's floor.
//
// Two sources, one map: vitest's own coverage of the code tests import (.coverage/vitest), and the
// V8 coverage that every built CLI and action step the tests spawned wrote (NODE_V8_COVERAGE, in
// .coverage/v8), mapped back to src/ through the build's source maps and added onto vitest's
// structure of each file (merge.mjs says why istanbul's own merge would count branches twice).
//
// `node scripts/coverage/floors.mjs`: prints per-tier figures and each file under its floor
// (`src/x.ts: lines 81.2% < 85% (tier 2)`), writes .coverage/summary.json, exits 1 on a miss.
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { mergeProcessCovs } from '@bcoe/v8-coverage';
import { convert } from 'ast-v8-to-istanbul';
import libCoverage from 'istanbul-lib-coverage';
import { parseAstAsync } from 'vitest/node';
import { addCoverage } from './merge.mjs';
import { tierOf, tiers } from './tiers.mjs';

const root = resolve(import.meta.dirname, '../..');
const out = join(root, '.coverage');
const builtDir = join(root, process.env.CC_CI_TEST_DIST ?? '.coverage-dist');

const map = libCoverage.createCoverageMap(JSON.parse(readFileSync(join(out, 'vitest/coverage-final.json'), 'utf8')));

// Merge the spawned processes' raw V8 counts per script first: one conversion per bundle file,
// not one per process (a full run spawns hundreds).
const v8Dir = join(out, 'v8');
const processes = existsSync(v8Dir)
  ? readdirSync(v8Dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(join(v8Dir, f), 'utf8')))
      .map((p) => ({ result: p.result.filter((s) => s.url.startsWith(pathToFileURL(builtDir + '/').href)) }))
  : [];
const merged = mergeProcessCovs(processes);
for (const script of merged.result) {
  const file = fileURLToPath(script.url);
  const code = readFileSync(file, 'utf8');
  const data = await convert({
    code,
    ast: parseAstAsync(code),
    sourceMap: JSON.parse(readFileSync(`${file}.map`, 'utf8')),
    coverage: { url: script.url, functions: script.functions },
    wrapperLength: 0,
  });
  for (const [path, fileCov] of Object.entries(data)) {
    if (!relative(root, path).startsWith('src/')) continue;
    if (map.files().includes(path)) addCoverage(map.fileCoverageFor(path).data, fileCov);
    else map.merge({ [path]: fileCov });
  }
}

const pct = (covered, total) => (total === 0 ? 100 : (100 * covered) / total);
const rows = [];
for (const path of map.files()) {
  const rel = relative(root, path);
  const tier = tierOf(rel);
  if (tier === 'excluded') continue;
  const s = map.fileCoverageFor(path).toSummary();
  rows.push({ file: rel, tier, lines: [s.lines.covered, s.lines.total], branches: [s.branches.covered, s.branches.total] });
}

// A source file no test loaded at all is a 0%, not a file that escapes its floor.
const seen = new Set(rows.map((r) => r.file));
const unloaded = listSources(join(root, 'src')).filter((f) => tierOf(f) !== 'excluded' && !seen.has(f));

const misses = [];
const summary = {};
for (const [name, floor] of Object.entries(tiers)) {
  const inTier = rows.filter((r) => r.tier === name);
  const sum = (k, i) => inTier.reduce((n, r) => n + r[k][i], 0);
  summary[name] = {
    floor,
    files: inTier.length,
    lines: round(pct(sum('lines', 0), sum('lines', 1))),
    branches: round(pct(sum('branches', 0), sum('branches', 1))),
    gaps: inTier
      .map((r) => ({ file: r.file, lines: round(pct(...r.lines)), branches: round(pct(...r.branches)), uncoveredLines: r.lines[1] - r.lines[0], uncoveredBranches: r.branches[1] - r.branches[0] }))
      .sort((a, b) => b.uncoveredLines + b.uncoveredBranches - (a.uncoveredLines + a.uncoveredBranches))
      .slice(0, 5),
  };
  console.log(`coverage: ${name} (floor ${floor}%): lines ${summary[name].lines}%, branches ${summary[name].branches}% over ${inTier.length} files`);
  for (const r of inTier) {
    for (const k of ['lines', 'branches']) {
      const p = pct(...r[k]);
      if (p < floor) misses.push(`${r.file}: ${k} ${round(p)}% < ${floor}% (${name}; ${r[k][1] - r[k][0]} of ${r[k][1]} not run)`);
    }
  }
}
for (const f of unloaded) misses.push(`${f}: no test loaded it (${tierOf(f)})`);
// Files under their floor; with CC_CI_COVERAGE_GAPS=all, every file with something not run.
const gapRows = process.env.CC_CI_COVERAGE_GAPS === 'all' ? rows : rows.filter((r) => misses.some((m) => m.startsWith(`${r.file}:`)));
writeFileSync(join(out, 'gaps.txt'), gaps(gapRows.filter((r) => r.lines[0] < r.lines[1] || r.branches[0] < r.branches[1])));
writeFileSync(join(out, 'summary.json'), JSON.stringify({ tiers: summary, files: rows }, null, 2) + '\n');
for (const m of misses) console.error(`coverage: ${m}`);
if (misses.length) {
  console.error(`coverage: ${misses.length} below their tier's floor (tiers: scripts/coverage/tiers.mjs)`);
  process.exit(1);
}

/** What a file under its floor did not run: line numbers, and each branch arm by its line. */
function gaps(below) {
  return below
    .map(({ file }) => {
      const fc = map.fileCoverageFor(join(root, file));
      const lines = Object.entries(fc.getLineCoverage())
        .filter(([, n]) => n === 0)
        .map(([l]) => l);
      const arms = Object.entries(fc.b).flatMap(([k, counts]) =>
        counts.flatMap((n, i) => {
          const b = fc.branchMap[k];
          return n === 0 ? [`${(b.locations[i] ?? b.loc).start.line ?? b.loc.start.line} (${b.type} arm ${i + 1}/${counts.length})`] : [];
        }),
      );
      return `${file}\n  lines not run: ${lines.join(', ') || '-'}\n  branch arms not taken: ${arms.join(', ') || '-'}\n`;
    })
    .join('');
}

function round(n) {
  return Math.floor(n * 10) / 10;
}

function listSources(dir) {
  return readdirSync(dir, { recursive: true })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => relative(root, join(dir, f)));
}
