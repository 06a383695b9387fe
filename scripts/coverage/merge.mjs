// Adds the coverage of a built bundle's run to vitest's coverage of the same source file.
//
// Both are istanbul data in the source's coordinates, but converted from different generated code
// (vite's per-file transform; esbuild's bundle), so the same `a ?? b` or `else if` may start a few
// columns or a line apart, and an `if`'s open end is `Infinity` in one and `null` (JSON) in the
// other. istanbul's own merge keys on exact locations and would count such a branch twice, once
// never taken. Here vitest's structure is the file's one structure, and each counter of the
// bundle's is added to the nearest of the same kind: the same start first, then the closest
// unmatched one within a line. A counter with no such match is left out rather than guessed.

const MAX_LINES_APART = 1;

const dist = (a, b) => Math.abs(a.line - b.line) * 10_000 + Math.abs((a.column ?? 0) - (b.column ?? 0));

/**
 * Pairs each `from` item with one `into` item: identical starts first, then the nearest unpaired
 * start within MAX_LINES_APART lines. `same(a, b)` says whether two items are of the same kind.
 */
function pair(into, from, startOf, same) {
  const pairs = new Map();
  const taken = new Set();
  const pending = [];
  for (const [fk, f] of Object.entries(from)) {
    const s = startOf(f);
    const exact = Object.entries(into).find(([ik, i]) => !taken.has(ik) && same(i, f) && dist(startOf(i), s) === 0);
    if (exact) {
      pairs.set(fk, exact[0]);
      taken.add(exact[0]);
    } else pending.push([fk, f]);
  }
  for (const [fk, f] of pending) {
    const s = startOf(f);
    let best;
    for (const [ik, i] of Object.entries(into)) {
      if (taken.has(ik) || !same(i, f) || Math.abs(startOf(i).line - s.line) > MAX_LINES_APART) continue;
      if (!best || dist(startOf(i), s) < dist(startOf(into[best]), s)) best = ik;
    }
    if (best) {
      pairs.set(fk, best);
      taken.add(best);
    }
  }
  return pairs;
}

/** Adds `other`'s hits into `base` (both istanbul FileCoverage data of one source file), in place. */
export function addCoverage(base, other) {
  for (const [fk, ik] of pair(base.statementMap, other.statementMap, (x) => x.start, () => true)) base.s[ik] += other.s[fk];
  for (const [fk, ik] of pair(base.fnMap, other.fnMap, (x) => x.decl.start, () => true)) base.f[ik] += other.f[fk];
  const sameBranch = (a, b) => a.type === b.type && a.locations.length === b.locations.length;
  for (const [fk, ik] of pair(base.branchMap, other.branchMap, (x) => x.loc.start, sameBranch)) {
    base.b[ik] = base.b[ik].map((n, i) => n + other.b[fk][i]);
  }
  return base;
}
