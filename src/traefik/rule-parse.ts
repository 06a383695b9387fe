import { RuleError } from '../errors';
/**
 * Router rules are Go expressions (traefik hands them to vulcand/predicate, which uses go/parser):
 * calls with string-literal arguments combined by `&&`, `||`, `!` and parentheses. This accepts
 * exactly that subset, with Go's string literals and its newline (automatic semicolon) rule.
 */

export type RuleAst =
  { op: 'and' | 'or'; left: RuleAst; right: RuleAst } | { op: 'not'; expr: RuleAst } | { op: 'call'; name: string; args: string[] };

type Tok = { k: 'id' | 'str' | 'punct' | 'semi' | 'eof'; v: string; at: number };

function unquoteInterpreted(body: string, at: number): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i] ?? '';
    const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"' };
    if (simple[e] !== undefined) {
      out += simple[e];
      continue;
    }
    const len = { x: 2, u: 4, U: 8 }[e as 'x' | 'u' | 'U'];
    const digits = len ? body.slice(i + 1, i + 1 + len) : body.slice(i, i + 3);
    const ok = len ? new RegExp(`^[0-9a-fA-F]{${len}}$`).test(digits) : /^[0-7]{3}$/.test(digits);
    if (!ok) throw new RuleError(`invalid escape \`\\${e}\` in string at ${at}`);
    const n = parseInt(digits, len ? 16 : 8);
    if (!len && n > 255) throw new RuleError(`octal escape value > 255 in string at ${at}`);
    if (len && len > 2 && (n > 0x10ffff || (n >= 0xd800 && n < 0xe000)))
      throw new RuleError(`invalid Unicode code point in string at ${at}`);
    out += len && len > 2 ? String.fromCodePoint(n) : String.fromCharCode(n);
    i += len ? len : 2;
  }
  return out;
}

function lex(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  const push = (k: Tok['k'], v: string, at: number) => toks.push({ k, v, at });
  // Go inserts a semicolon at a newline after an identifier, a literal or `)`.
  const newline = (at: number) => {
    const last = toks[toks.length - 1];
    if (last && (last.k === 'id' || last.k === 'str' || last.v === ')')) push('semi', '\n', at);
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\n') {
      newline(i);
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (src.startsWith('//', i)) {
      const e = src.indexOf('\n', i);
      i = e < 0 ? src.length : e;
      continue;
    }
    if (src.startsWith('/*', i)) {
      const e = src.indexOf('*/', i + 2);
      if (e < 0) throw new RuleError('comment not terminated');
      if (src.slice(i, e).includes('\n')) newline(i);
      i = e + 2;
      continue;
    }
    const at = i;
    if (/[\p{L}_]/u.test(c)) {
      const m = /^[\p{L}\p{Nd}_]+/u.exec(src.slice(i))!;
      push('id', m[0], at);
      i += m[0].length;
    } else if (c === '`') {
      const e = src.indexOf('`', i + 1);
      if (e < 0) throw new RuleError(`raw string literal not terminated at ${at}`);
      push('str', src.slice(i + 1, e).replace(/\r/g, ''), at);
      i = e + 1;
    } else if (c === '"') {
      const m = /^"((?:[^"\\\n]|\\.)*)"/.exec(src.slice(i));
      if (!m) throw new RuleError(`string literal not terminated at ${at}`);
      push('str', unquoteInterpreted(m[1]!, at), at);
      i += m[0].length;
    } else if (src.startsWith('&&', i) || src.startsWith('||', i)) {
      push('punct', src.slice(i, i + 2), at);
      i += 2;
    } else if ('()!,'.includes(c)) {
      push('punct', c, at);
      i++;
    } else if (c === "'") {
      throw new RuleError(`single quotes are not accepted at ${at}: use backticks or double quotes`);
    } else {
      throw new RuleError(`unexpected \`${src.slice(i).match(/^(\d+|\S)/)?.[0] ?? c}\` at ${at}`);
    }
  }
  push('eof', '', src.length);
  return toks;
}

/** Parses a rule; throws RuleError on anything traefik's parser would refuse before matcher checks. */
export function parseRule(src: string): RuleAst {
  const toks = lex(src);
  let p = 0;
  const peek = () => toks[p]!;
  const fail = (t: Tok, what: string): never => {
    throw new RuleError(`${what} at ${t.at}${t.k === 'eof' ? ' (end of rule)' : t.k === 'semi' ? ' (newline)' : ` (\`${t.v}\`)`}`);
  };
  const expect = (v: string) => (peek().v === v && peek().k === 'punct' ? toks[p++]! : fail(peek(), `expected \`${v}\``));

  function primary(): RuleAst {
    const t = toks[p++]!;
    if (t.k === 'punct' && t.v === '!') return { op: 'not', expr: primary() };
    if (t.k === 'punct' && t.v === '(') {
      const e = or();
      expect(')');
      return e;
    }
    if (t.k === 'str') return fail(t, 'a string is not a rule');
    if (t.k !== 'id') return fail(t, 'expected a matcher');
    if (peek().v !== '(') return fail(t, `\`${t.v}\` is not defined`);
    p++;
    const args: string[] = [];
    while (peek().v !== ')' || peek().k !== 'punct') {
      const a = toks[p++]!;
      if (a.k !== 'str') fail(a, `arguments of ${t.v} must be string literals`);
      args.push(a.v);
      if (peek().v === ',' && peek().k === 'punct') p++;
      else if (peek().v !== ')') fail(peek(), 'expected `,` or `)`');
    }
    p++;
    return { op: 'call', name: t.v, args };
  }
  function and(): RuleAst {
    let left = primary();
    while (peek().k === 'punct' && peek().v === '&&') {
      p++;
      left = { op: 'and', left, right: primary() };
    }
    return left;
  }
  function or(): RuleAst {
    let left = and();
    while (peek().k === 'punct' && peek().v === '||') {
      p++;
      left = { op: 'or', left, right: and() };
    }
    return left;
  }

  const ast = or();
  if (peek().k === 'semi' && toks[p + 1]?.k === 'eof') p++;
  if (peek().k !== 'eof') fail(peek(), 'unexpected token');
  return ast;
}

/** The spellings traefik's parser registers for a matcher: as written, lower, UPPER and Title. */
export function matcherSpellings(name: string): string[] {
  const lower = name.toLowerCase();
  return [name, lower, name.toUpperCase(), lower.charAt(0).toUpperCase() + lower.slice(1)];
}
