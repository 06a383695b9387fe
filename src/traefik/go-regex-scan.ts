import { GoRegexError } from '../errors';
/** Go regexp (RE2) syntax pieces: the AST, escapes and character classes, as Go's parser reads them. */

export type ClassItem = [number, number] | { prop: string; neg: boolean };
export type ReNode =
  | { t: 'lit'; c: number; fold: boolean }
  | { t: 'class'; items: ClassItem[]; neg: boolean; fold: boolean }
  | { t: 'any'; nl: boolean }
  | { t: 'assert'; k: 'bot' | 'eot' | 'bol' | 'eol' | 'b' | 'B' }
  | { t: 'group'; idx: number | null; node: ReNode }
  | { t: 'cat'; items: ReNode[] }
  | { t: 'alt'; items: ReNode[] }
  | { t: 'rep'; min: number; max: number; greedy: boolean; node: ReNode };

export interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
  U: boolean;
}

const R = (a: string, b = a): [number, number] => [a.codePointAt(0)!, b.codePointAt(0)!];
const PERL: Record<string, [number, number][]> = {
  d: [R('0', '9')],
  s: [R('\t', '\n'), R('\f', '\r'), R(' ')],
  w: [R('0', '9'), R('A', 'Z'), R('_'), R('a', 'z')],
};
const POSIX: Record<string, [number, number][]> = {
  alnum: [R('0', '9'), R('A', 'Z'), R('a', 'z')],
  alpha: [R('A', 'Z'), R('a', 'z')],
  ascii: [[0, 0x7f]],
  blank: [R('\t'), R(' ')],
  cntrl: [
    [0, 0x1f],
    [0x7f, 0x7f],
  ],
  digit: [R('0', '9')],
  graph: [[0x21, 0x7e]],
  lower: [R('a', 'z')],
  print: [[0x20, 0x7e]],
  punct: [
    [0x21, 0x2f],
    [0x3a, 0x40],
    [0x5b, 0x60],
    [0x7b, 0x7e],
  ],
  space: [R('\t', '\r'), R(' ')],
  upper: [R('A', 'Z')],
  word: PERL.w!,
  xdigit: [R('0', '9'), R('A', 'F'), R('a', 'f')],
};

/** Complement of a sorted, non-overlapping range list over all code points. */
function negate(ranges: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  let next = 0;
  for (const [lo, hi] of [...ranges].sort((a, b) => a[0] - b[0])) {
    if (lo > next) out.push([next, lo - 1]);
    next = Math.max(next, hi + 1);
  }
  if (next <= 0x10ffff) out.push([next, 0x10ffff]);
  return out;
}

/** The pattern being read, one code point at a time. */
export class Scanner {
  readonly cs: string[];
  i = 0;
  constructor(readonly src: string) {
    this.cs = Array.from(src);
  }
  peek(k = 0): string | undefined {
    return this.cs[this.i + k];
  }
  next(): string | undefined {
    return this.cs[this.i++];
  }
  fail(msg: string): never {
    throw new GoRegexError(`${msg} in \`${this.src}\``);
  }
}

export function escape(sc: Scanner, inClass: boolean): ClassItem[] | number | ReNode {
  const { cs } = sc;
  const c = sc.next();
  if (c === undefined) return sc.fail('trailing backslash at end of expression');
  if (/[0-7]/.test(c) && (c === '0' || /[0-7]/.test(sc.peek() ?? ''))) {
    let v = Number(c);
    for (let n = 0; n < 2 && /[0-7]/.test(sc.peek() ?? ''); n++) v = v * 8 + Number(sc.next());
    return v;
  }
  if (c === 'x') {
    if (sc.peek() === '{') {
      const end = cs.indexOf('}', sc.i);
      const hex = cs.slice(sc.i + 1, end).join('');
      if (end < 0 || !/^[0-9a-fA-F]+$/.test(hex) || parseInt(hex, 16) > 0x10ffff) sc.fail('invalid escape sequence');
      sc.i = end + 1;
      return parseInt(hex, 16);
    }
    const hex = cs.slice(sc.i, sc.i + 2).join('');
    if (!/^[0-9a-fA-F]{2}$/.test(hex)) sc.fail('invalid escape sequence');
    sc.i += 2;
    return parseInt(hex, 16);
  }
  const simple: Record<string, string> = { a: '\x07', f: '\f', t: '\t', n: '\n', r: '\r', v: '\v' };
  if (simple[c]) return simple[c].codePointAt(0)!;
  const lower = c.toLowerCase();
  if (PERL[lower]) return c === lower ? PERL[lower] : negate(PERL[lower]);
  if (c === 'p' || c === 'P') {
    let name = sc.next() ?? '';
    if (name === '{') {
      const end = cs.indexOf('}', sc.i);
      if (end < 0) sc.fail('invalid character class range');
      name = cs.slice(sc.i, end).join('');
      sc.i = end + 1;
    }
    const neg = (c === 'P') !== name.startsWith('^');
    name = name.replace(/^\^/, '');
    if (!/^[A-Za-z_]+$/.test(name)) sc.fail('invalid character class range');
    return [{ prop: name, neg }];
  }
  if (!inClass) {
    const asserts: Record<string, ReNode> = {
      A: { t: 'assert', k: 'bot' },
      z: { t: 'assert', k: 'eot' },
      b: { t: 'assert', k: 'b' },
      B: { t: 'assert', k: 'B' },
    };
    if (asserts[c]) return asserts[c];
    if (c === 'C') return { t: 'any', nl: true };
  }
  const cp = c.codePointAt(0)!;
  if (cp < 0x80 && !/[0-9A-Za-z]/.test(c)) return cp;
  return sc.fail(`invalid escape sequence \`\\${c}\``);
}

export function parseClass(sc: Scanner, fold: boolean): ReNode {
  const { cs } = sc;
  const neg = sc.peek() === '^';
  if (neg) sc.i++;
  const items: ClassItem[] = [];
  let first = true;
  for (;;) {
    const c = sc.peek();
    if (c === undefined) sc.fail('missing closing ]');
    if (c === ']' && !first) {
      sc.i++;
      break;
    }
    first = false;
    if (c === '[' && sc.peek(1) === ':') {
      const end = cs.indexOf(']', sc.i);
      const m = /^\[:(\^?)([a-z]+):\]$/.exec(cs.slice(sc.i, end + 1).join(''));
      if (m) {
        const set = POSIX[m[2]!] ?? sc.fail('invalid character class range');
        items.push(...(m[1] ? negate(set) : set));
        sc.i = end + 1;
        continue;
      }
    }
    const lo = classAtom(sc);
    if (typeof lo !== 'number') {
      items.push(...lo);
      continue;
    }
    if (sc.peek() === '-' && sc.peek(1) !== ']' && sc.peek(1) !== undefined) {
      sc.i++;
      const hi = classAtom(sc);
      if (typeof hi !== 'number' || hi < lo) sc.fail('invalid character class range');
      items.push([lo, hi]);
    } else items.push([lo, lo]);
  }
  return { t: 'class', items, neg, fold };
}

function classAtom(sc: Scanner): number | ClassItem[] {
  const c = sc.next()!;
  if (c !== '\\') return c.codePointAt(0)!;
  const e = escape(sc, true);
  if (typeof e === 'number' || Array.isArray(e)) return e;
  return sc.fail('invalid escape sequence');
}
