/**
 * A parser for Go's regexp syntax (RE2, as `regexp.Compile` reads it), so cc-ci accepts and rejects
 * the same patterns traefik does and can translate them to JS exactly (see go-regex.ts).
 */
import { escape, parseClass, Scanner, type Flags, type ReNode } from './go-regex-scan';

export type { ClassItem, ReNode } from './go-regex-scan';

export function parseGoRegex(src: string): { node: ReNode; names: (string | undefined)[] } {
  const sc = new Scanner(src);
  const { cs } = sc;
  const names: (string | undefined)[] = [undefined];
  const fail = (msg: string): never => sc.fail(msg);
  const peek = (k = 0) => sc.peek(k);

  function atom(flags: Flags): ReNode | 'flags' {
    const c = sc.next()!;
    switch (c) {
      case '.':
        return { t: 'any', nl: flags.s };
      case '^':
        return { t: 'assert', k: flags.m ? 'bol' : 'bot' };
      case '$':
        return { t: 'assert', k: flags.m ? 'eol' : 'eot' };
      case '[':
        return parseClass(sc, flags.i);
      case '(':
        return group(flags);
      case '\\': {
        if (peek() === 'Q') {
          let stop = sc.i + 1;
          while (stop < cs.length && !(cs[stop] === '\\' && cs[stop + 1] === 'E')) stop++;
          const items: ReNode[] = cs.slice(sc.i + 1, stop).map((ch) => ({ t: 'lit', c: ch.codePointAt(0)!, fold: flags.i }));
          sc.i = stop === cs.length ? stop : stop + 2;
          return { t: 'cat', items };
        }
        const e = escape(sc, false);
        if (typeof e === 'number') return { t: 'lit', c: e, fold: flags.i };
        if (Array.isArray(e)) return { t: 'class', items: e, neg: false, fold: flags.i };
        return e;
      }
      default:
        return { t: 'lit', c: c.codePointAt(0)!, fold: flags.i };
    }
  }

  function group(outer: Flags): ReNode | 'flags' {
    if (peek() !== '?') {
      names.push(undefined);
      return { t: 'group', idx: names.length - 1, node: alt({ ...outer }, true) };
    }
    const m = /^\?(?:P?<([^>]*)>|([imsU-]*)([:)]))/.exec(cs.slice(sc.i, sc.i + 64).join(''));
    if (!m) return fail('invalid or unsupported Perl syntax');
    sc.i += Array.from(m[0]).length;
    if (m[1] !== undefined) {
      if (!/^\w+$/.test(m[1]) || names.includes(m[1])) fail(`invalid named capture \`${m[1]}\``);
      names.push(m[1]);
      return { t: 'group', idx: names.length - 1, node: alt({ ...outer }, true) };
    }
    const spec = m[2]!;
    if (spec === '' && m[3] === ':') return { t: 'group', idx: null, node: alt({ ...outer }, true) };
    if (spec === '' || spec.endsWith('-') || (spec.match(/-/g) ?? []).length > 1) fail('invalid or unsupported Perl syntax');
    const target = m[3] === ':' ? { ...outer } : outer;
    let on = true;
    for (const f of spec)
      if (f === '-') on = false;
      else target[f as keyof Flags] = on;
    return m[3] === ':' ? { t: 'group', idx: null, node: alt(target, true) } : 'flags';
  }

  function quantifier(flags: Flags): { min: number; max: number; greedy: boolean } | null {
    const c = peek();
    let min: number, max: number;
    if (c === '*') [min, max] = [0, -1];
    else if (c === '+') [min, max] = [1, -1];
    else if (c === '?') [min, max] = [0, 1];
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(cs.slice(sc.i, sc.i + 24).join(''));
      if (!m) return null;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? -1 : Number(m[3]);
      if (min > 1000 || max > 1000 || (max >= 0 && max < min)) fail('invalid repeat count');
      sc.i += m[0].length - 1;
    } else return null;
    sc.i++;
    const lazy = peek() === '?';
    if (lazy) sc.i++;
    return { min, max, greedy: lazy === flags.U };
  }

  function alt(flags: Flags, inGroup: boolean): ReNode {
    const branches: ReNode[] = [];
    let items: ReNode[] = [];
    for (;;) {
      const c = peek();
      if (c === undefined || c === ')' || c === '|') {
        branches.push(items.length === 1 ? items[0]! : { t: 'cat', items });
        items = [];
        if (c === '|') {
          sc.i++;
          continue;
        }
        if (c === ')') {
          if (!inGroup) fail('unexpected )');
          sc.i++;
        } else if (inGroup) fail('missing closing )');
        break;
      }
      const q0 = quantifier(flags);
      if (q0) fail('missing argument to repetition operator');
      const a = atom(flags);
      if (a === 'flags') continue;
      let node: ReNode = a;
      const q = quantifier(flags);
      if (q) {
        if (quantifier(flags)) fail('invalid nested repetition operator');
        node = { t: 'rep', ...q, node };
      }
      items.push(node);
    }
    return branches.length === 1 ? branches[0]! : { t: 'alt', items: branches };
  }

  const node = alt({ i: false, m: false, s: false, U: false }, false);
  return { node, names };
}
