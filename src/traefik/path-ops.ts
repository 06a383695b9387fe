/** Go's path helpers as traefik's path middlewares use them. */

/** Go's path.Clean. */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
    } else out.push(seg);
  }
  const joined = (rooted ? '/' : '') + out.join('/');
  // A rooted path always joins to at least `/`, so only an unrooted one can come out empty.
  return joined === '' ? '.' : joined;
}

/**
 * Go's URL.JoinPath() with no elements, as the strip/replace middlewares use to sanitise a path:
 * cleaned, one trailing slash kept. traefik answers 400 when this differs from the path.
 */
export function joinPathClean(p: string): string {
  const rooted = p.startsWith('/');
  let out = rooted ? cleanPath(p) : cleanPath(`/${p}`).slice(1);
  if (p.endsWith('/') && !out.endsWith('/')) out += '/';
  return out;
}

export const ensureLeadingSlash = (s: string) => (s === '' || s.startsWith('/') ? s : `/${s}`);

/** How many raw-path characters encode the first `decodedLen` characters (`%XX` counts as one). */
export function encodedPrefixLen(rawPath: string, decodedLen: number): number {
  let decoded = 0;
  let i = 0;
  while (i < rawPath.length && decoded < decodedLen) {
    i += rawPath[i] === '%' && i + 2 < rawPath.length ? 3 : 1;
    decoded++;
  }
  return i;
}
