/** Levenshtein distance (insert, delete, substitute: 1 each); names here are short. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = row;
  }
  return prev[b.length]!;
}

/** Short names are close to everything ("lib" is two edits from "lint"): one edit for them, else two. */
const editsFor = (name: string) => (name.length <= 4 ? 1 : 2);

/** The candidate a misspelt `name` most likely meant: at most `max` edits away, else undefined. */
export function nearest(name: string, candidates: readonly string[], max = editsFor(name)): string | undefined {
  let best: { c: string; d: number } | undefined;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d <= max && (!best || d < best.d)) best = { c, d };
  }
  return best?.c;
}

/** `did you mean X? ` for a message, or nothing when no candidate is near. */
export function didYouMean(name: string, candidates: readonly string[]): string {
  const meant = nearest(name, candidates);
  return meant ? `did you mean ${meant}? ` : '';
}
