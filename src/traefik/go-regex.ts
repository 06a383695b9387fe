/**
 * Go regexps (RE2) run as JS RegExps: the parsed pattern is re-emitted for the `u` flag, spelling out
 * what the dialects do differently (inline flags, `.`, `\s`, multi-line anchors, case folding), plus
 * Go's `ReplaceAllString` template rules, which differ from JS's `$1x` and `$<name>`.
 */
import { boundedExec, boundedTest } from '../util/bounded-regex';
import { GoRegexError } from '../errors';
import { parseGoRegex, type ClassItem, type ReNode } from './go-regex-parse';

export interface GoRegexp {
  source: string;
  re: RegExp;
  names: (string | undefined)[];
  node: ReNode;
}

// Go's simple case folding orbits beyond ASCII upper/lower that touch ASCII letters.
const EXTRA_FOLD: Record<number, number[]> = { 0x6b: [0x212a], 0x4b: [0x212a], 0x73: [0x17f], 0x53: [0x17f] };

function foldsOf(cp: number): number[] {
  const ch = String.fromCodePoint(cp);
  const set = new Set([cp, ch.toLowerCase().codePointAt(0)!, ch.toUpperCase().codePointAt(0)!, ...(EXTRA_FOLD[cp] ?? [])]);
  return [...set].filter((c) => String.fromCodePoint(c).length <= 2);
}

function esc(cp: number, inClass: boolean): string {
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return `\\u{${cp.toString(16)}}`;
  const ch = String.fromCodePoint(cp);
  return (inClass ? /[\\\]^[-]/ : /[\\^$.*+?()[\]{}|/]/).test(ch) ? `\\${ch}` : ch;
}

function classBody(items: ClassItem[], fold: boolean): string {
  const parts: string[] = [];
  for (const it of items) {
    if (!Array.isArray(it)) {
      const body = it.prop === 'Any' ? null : /^[A-Z][a-z]?$/.test(it.prop) ? it.prop : `Script=${it.prop}`;
      parts.push(body === null ? (it.neg ? '' : '\\u{0}-\\u{10ffff}') : `\\${it.neg ? 'P' : 'p'}{${body}}`);
      continue;
    }
    const [lo, hi] = it;
    parts.push(lo === hi ? esc(lo, true) : `${esc(lo, true)}-${esc(hi, true)}`);
    if (fold && hi - lo < 0x3000) {
      for (let c = lo; c <= hi; c++) for (const f of foldsOf(c)) if (f < lo || f > hi) parts.push(esc(f, true));
    }
  }
  return parts.join('');
}

const SIMPLE_ATOMS = new Set(['class', 'any', 'group']);

export function emitJs(n: ReNode): string {
  switch (n.t) {
    case 'lit': {
      const f = n.fold ? foldsOf(n.c) : [n.c];
      return f.length > 1 ? `[${f.map((c) => esc(c, true)).join('')}]` : esc(n.c, false);
    }
    case 'class':
      return `[${n.neg ? '^' : ''}${classBody(n.items, n.fold)}]`;
    case 'any':
      return n.nl ? '[^]' : '[^\\n]';
    case 'assert':
      return { bot: '^', eot: '$', bol: '(?<![^\\n])', eol: '(?![^\\n])', b: '\\b', B: '\\B' }[n.k];
    case 'group':
      return n.idx === null ? `(?:${emitJs(n.node)})` : `(${emitJs(n.node)})`;
    case 'cat':
      return n.items.map((x) => (x.t === 'alt' ? `(?:${emitJs(x)})` : emitJs(x))).join('');
    case 'alt':
      return n.items.map(emitJs).join('|');
    case 'rep': {
      const atom = SIMPLE_ATOMS.has(n.node.t) || (n.node.t === 'lit' && !n.node.fold) ? emitJs(n.node) : `(?:${emitJs(n.node)})`;
      const q =
        n.min === 0 && n.max === -1
          ? '*'
          : n.min === 1 && n.max === -1
            ? '+'
            : n.min === 0 && n.max === 1
              ? '?'
              : n.max === -1
                ? `{${n.min},}`
                : n.min === n.max
                  ? `{${n.min}}`
                  : `{${n.min},${n.max}}`;
      return atom + q + (n.greedy ? '' : '?');
    }
  }
}

/** Compiles a Go regexp; throws GoRegexError where Go's `regexp.Compile` would fail. */
export function compileGo(pattern: string): GoRegexp {
  const { node, names } = parseGoRegex(pattern);
  try {
    return { source: pattern, re: new RegExp(emitJs(node), 'u'), names, node };
  } catch (e) {
    throw new GoRegexError(`${(e as Error).message} in \`${pattern}\``);
  }
}

export function goMatch(g: GoRegexp, s: string): boolean {
  return boundedTest(g.re, s, g.source);
}

/** Go's FindStringSubmatch: the leftmost match and its groups, or null. */
export function goFindSubmatch(g: GoRegexp, s: string): (string | undefined)[] | null {
  const m = boundedExec(g.re, s, g.source);
  return m ? [...m] : null;
}

/** Go's `Regexp.Expand` template: `$1`, `${1}`, `$name`, `${name}`, `$$`; `$1x` names group `1x`. */
export function goExpand(template: string, match: (string | undefined)[], names: (string | undefined)[]): string {
  let out = '';
  let rest = template;
  for (let k = rest.indexOf('$'); k >= 0; k = rest.indexOf('$')) {
    out += rest.slice(0, k);
    rest = rest.slice(k + 1);
    if (rest.startsWith('$')) {
      out += '$';
      rest = rest.slice(1);
      continue;
    }
    const m = /^(?:\{([\p{L}\p{Nd}_]+)\}|([\p{L}\p{Nd}_]+))/u.exec(rest);
    if (!m) {
      out += '$';
      continue;
    }
    rest = rest.slice(m[0].length);
    const name = (m[1] ?? m[2])!;
    const num = /^(0|[1-9]\d{0,7})$/.test(name) ? Number(name) : -1;
    const idx = num >= 0 ? num : names.indexOf(name);
    if (idx > 0 || (idx === 0 && num === 0)) out += match[idx] ?? '';
  }
  return out + rest;
}

/** Go's ReplaceAllString: non-overlapping matches; an empty match right after a match is skipped. */
export function goReplaceAll(g: GoRegexp, s: string, template: string): string {
  const re = new RegExp(g.re.source, 'gu');
  let out = '';
  let lastEnd = 0;
  let pos = 0;
  while (pos <= s.length) {
    re.lastIndex = pos;
    const m = boundedExec(re, s, g.source);
    if (!m) break;
    const start = m.index;
    const end = start + m[0].length;
    out += s.slice(lastEnd, start);
    if (end > lastEnd || start === 0) out += goExpand(template, [...m], g.names);
    lastEnd = end;
    const width = pos < s.length ? String.fromCodePoint(s.codePointAt(pos)!).length : 1;
    pos = pos + width > end ? pos + width : end;
  }
  return out + s.slice(lastEnd);
}

/** Go's regexp.QuoteMeta. */
export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

const PICK = [...'abcdefghijklmnopqrstuvwxyz0123456789-_.~ABCDEFGHIJKLMNOPQRSTUVWXYZ'].concat(
  Array.from({ length: 0x5e }, (_, k) => String.fromCharCode(0x21 + k)),
  [' ', 'é'],
);

function sampleNode(n: ReNode): string | undefined {
  switch (n.t) {
    case 'lit':
      return String.fromCodePoint(n.c);
    case 'class': {
      const one = new RegExp(`^${emitJs(n)}$`, 'u');
      return PICK.find((c) => one.test(c));
    }
    case 'any':
      return 'a';
    case 'assert':
      return '';
    case 'group':
      return sampleNode(n.node);
    case 'cat': {
      const parts = n.items.map(sampleNode);
      return parts.every((p) => p !== undefined) ? parts.join('') : undefined;
    }
    case 'alt':
      return n.items.map(sampleNode).find((p) => p !== undefined);
    case 'rep': {
      const one = n.min > 0 ? sampleNode(n.node) : '';
      return one === undefined ? undefined : one.repeat(n.min);
    }
  }
}

/** A short string the regexp matches (built from its shortest branches), or undefined. */
export function goSample(g: GoRegexp): string | undefined {
  const s = sampleNode(g.node);
  return s !== undefined && goMatch(g, s) ? s : undefined;
}
