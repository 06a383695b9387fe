/**
 * docker/cli's compose template pattern (cli/compose/template/template.go), which `docker stack
 * deploy` and abra both interpolate with:
 *
 *   \$(?i:(?P<escaped>\$)|(?P<named>[_a-z][_a-z0-9]*(?::?[-?][^}]*)?)|{(?P<braced>…same…)}|(?P<invalid>))
 *
 * scanned by hand, token for token as Go's leftmost-first regexp matches it, but in linear time:
 * the regexp looks for a `}` from every `${`, which a hostile value makes quadratic.
 */
export type TemplateToken =
  | { kind: 'text'; text: string }
  | { kind: 'escaped' }
  /** `$sub` or `${sub}`: `sub` is the name plus any `:-`, `-`, `:?`, `?` part, as docker reads it. */
  | { kind: 'ref'; sub: string; braced: boolean }
  /** A `$` that starts no reference: docker refuses the whole value. */
  | { kind: 'invalid' };

const NAME = /[_a-z][_a-z0-9]*/iy;
const OP = /:?[-?]/y;

export function scanTemplate(text: string): TemplateToken[] {
  const tokens: TemplateToken[] = [];
  let from = 0;
  let brace = -1; // the first `}` at or after the scan position
  const nextBrace = (at: number) => {
    if (brace < at) {
      const found = text.indexOf('}', at);
      brace = found < 0 ? Infinity : found;
    }
    return brace;
  };
  let i = text.indexOf('$');
  while (i >= 0) {
    if (i > from) tokens.push({ kind: 'text', text: text.slice(from, i) });
    const next = text[i + 1];
    const name = nameAt(text, i + 1);
    let end: number;
    if (next === '$') {
      tokens.push({ kind: 'escaped' });
      end = i + 2;
    } else if (name > 0) {
      // Unbraced: the name, then an operator and everything up to the next `}` (or the end).
      const nameEnd = i + 1 + name;
      const subEnd = opAt(text, nameEnd) ? Math.min(nextBrace(nameEnd), text.length) : nameEnd;
      tokens.push({ kind: 'ref', sub: text.slice(i + 1, subEnd), braced: false });
      end = subEnd;
    } else if (next === '{' && isBracedRef(text, i + 2, nextBrace(i + 2))) {
      const close = nextBrace(i + 2);
      tokens.push({ kind: 'ref', sub: text.slice(i + 2, close), braced: true });
      end = close + 1;
    } else {
      tokens.push({ kind: 'invalid' });
      end = i + 1;
    }
    from = end;
    i = text.indexOf('$', end);
  }
  if (from < text.length) tokens.push({ kind: 'text', text: text.slice(from) });
  return tokens;
}

function nameAt(text: string, at: number): number {
  NAME.lastIndex = at;
  return NAME.exec(text)?.[0].length ?? 0;
}

function opAt(text: string, at: number): boolean {
  OP.lastIndex = at;
  return OP.test(text);
}

/** Whether `${` + text[at..close) + `}` is a braced reference: a name, then nothing or an operator part. */
function isBracedRef(text: string, at: number, close: number): boolean {
  if (close === Infinity) return false;
  const n = nameAt(text, at);
  if (n === 0 || at + n > close) return false;
  return at + n === close || opAt(text, at + n);
}

/** The name a reference's `sub` looks up, and its operator (tried in docker's order). */
export function splitRef(sub: string): { name: string; op: '' | ':-' | '-' | ':?' | '?'; arg: string } {
  const op = ([':-', '-', ':?', '?'] as const).find((o) => sub.includes(o));
  if (!op) return { name: sub, op: '', arg: '' };
  const at = sub.indexOf(op);
  return { name: sub.slice(0, at), op, arg: sub.slice(at + op.length) };
}
