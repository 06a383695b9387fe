/** traefik's path middlewares: stripPrefix, stripPrefixRegex, addPrefix, replacePath, replacePathRegex. */
import { goFindSubmatch, goMatch, goReplaceAll, type GoRegexp } from './go-regex';
import { encodedPrefixLen, ensureLeadingSlash, joinPathClean } from './path-ops';
import { escapedPath, escapePath, pathUnescape } from './request';
import { addHeader, NEXT, refreshURI, type MwState, type Step } from './state';

/** The strip/replace middlewares refuse (400) a result that URL.JoinPath would clean differently. */
function sanitise(s: MwState, what: string): Step {
  if (s.path === '') return NEXT;
  const joined = joinPathClean(escapedPath(s.path, s.rawPath));
  const clean = pathUnescape(joined);
  if (clean !== s.path) return { kind: 'error', status: 400, detail: `${what} leaves the path ${s.path}, which is not clean (${clean})` };
  s.path = clean;
  s.rawPath = escapePath(clean) === joined ? '' : joined;
  return NEXT;
}

const trimSlash = (x: string) => (x.startsWith('/') ? x.slice(1) : x);

export function stripPrefix(s: MwState, prefixes: string[], forceSlash: boolean): Step {
  for (const prefix of prefixes.map((p) => p.trim())) {
    if (!s.path.startsWith(prefix)) continue;
    const cut = (x: string) => (forceSlash ? `/${trimSlash(x)}` : ensureLeadingSlash(x));
    s.path = cut(s.path.slice(prefix.length));
    if (s.rawPath) s.rawPath = cut(s.rawPath.slice(encodedPrefixLen(s.rawPath, prefix.length)));
    const step = sanitise(s, `stripping ${prefix}`);
    if (step.kind !== 'next') return step;
    addHeader(s, 'X-Forwarded-Prefix', prefix);
    refreshURI(s);
    break;
  }
  return NEXT;
}

export function stripPrefixRegex(s: MwState, regexes: GoRegexp[]): Step {
  for (const re of regexes) {
    const prefix = goFindSubmatch(re, s.path)?.[0];
    if (!prefix || !s.path.startsWith(prefix)) continue;
    addHeader(s, 'X-Forwarded-Prefix', prefix);
    s.path = ensureLeadingSlash(s.path.slice(prefix.length));
    if (s.rawPath) s.rawPath = ensureLeadingSlash(s.rawPath.slice(encodedPrefixLen(s.rawPath, prefix.length)));
    const step = sanitise(s, `stripping ${prefix}`);
    if (step.kind !== 'next') return step;
    refreshURI(s);
    break;
  }
  return NEXT;
}

export function addPrefix(s: MwState, prefix: string): Step {
  s.path = ensureLeadingSlash(prefix + s.path);
  if (s.rawPath) s.rawPath = ensureLeadingSlash(prefix + s.rawPath);
  refreshURI(s);
  return NEXT;
}

function setRawPath(s: MwState, raw: string): Step {
  s.rawPath = raw;
  try {
    s.path = pathUnescape(raw);
  } catch (e) {
    return { kind: 'error', status: 500, detail: `unable to unescape the new path ${raw}: ${(e as Error).message}` };
  }
  refreshURI(s);
  return NEXT;
}

export function replacePath(s: MwState, path: string): Step {
  addHeader(s, 'X-Replaced-Path', s.rawPath || escapedPath(s.path, ''));
  return setRawPath(s, path);
}

export function replacePathRegex(s: MwState, re: GoRegexp, replacement: string): Step {
  const current = s.rawPath || escapedPath(s.path, '');
  if (!goMatch(re, current)) return NEXT;
  addHeader(s, 'X-Replaced-Path', current);
  const step = setRawPath(s, goReplaceAll(re, current, replacement));
  return step.kind === 'next' ? sanitise(s, `replacing ${current}`) : step;
}
