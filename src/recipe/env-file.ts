import { readFileSync } from 'node:fs';
import { UserError } from '../errors';

export interface EnvEntry {
  key: string;
  value: string;
  line: number;
  /** Text of a trailing `# ...` comment, where abra reads modifiers such as `length=64 charset=hex`. */
  comment: string;
}

export interface EnvFile {
  path: string;
  entries: EnvEntry[];
  /** Final value per key (a later line overrides an earlier one, as in abra). */
  values: Record<string, string>;
  /** The file's text, for rules that look at how a value was written. */
  text: string;
}

/** Blanks that do not end a line (godotenv's isSpace). */
const BLANK = /[\t\v\f\r \u0085\u00a0]/;
/** `$NAME`, `${NAME`, `\$…`: godotenv's expansion pattern (upper-case names only; `${X:-d}` is not special). */
const EXPAND = /(\\)?(\$)(\()?\{?([A-Z0-9_]+)?\}?/g;

/**
 * Reads a recipe env file (`.env.sample`, or an app's `<domain>.env`) with the syntax abra's env
 * reader accepts: joho/godotenv v1.5.1, which abra's fork is built on. `export ` prefixes,
 * `KEY=value` or `KEY: value`; unquoted values end at the line's end, with a comment cut at the
 * last blank + `#`; single quotes are raw; double quotes take `\n`, `\r` and `\X` escapes; quoted
 * values may span lines; `$VAR`/`${VAR}` (upper-case names) expand from keys read earlier in the
 * same file, never from the process environment; a later key wins. `overrides` replace a key's
 * value where it is defined, before later lines expand it.
 */
export function parseEnvFile(path: string, text: string, overrides: Record<string, string> = {}): EnvFile {
  if (text.charCodeAt(0) === 0xfeff)
    throw new UserError('starts with a byte order mark (BOM), which abra cannot read; save the file as UTF-8 without BOM', path, 1);
  const src = text.replace(/\r\n/g, '\n');
  const lineAt = lineIndex(src);
  const values: Record<string, string> = {};
  const entries: EnvEntry[] = [];
  let i = 0;
  // A quoted value may span lines, so a missing closing quote shows up lines later as a bad key.
  let spanning: { key: string; line: number } | undefined;
  const unclosed = () =>
    spanning ? ` (the quoted value of ${spanning.key} opened on line ${spanning.line} runs to here: is its closing quote missing?)` : '';
  for (;;) {
    while (i < src.length && /\s/.test(src[i]!)) i++;
    if (i >= src.length) break;
    if (src[i] === '#') {
      const nl = src.indexOf('\n', i);
      if (nl < 0) break;
      i = nl;
      continue;
    }
    const line = lineAt(i);
    if (src.startsWith('export', i) && BLANK.test(src[i + 6] ?? '')) for (i += 6; BLANK.test(src[i] ?? '');) i++;
    const keyStart = i;
    while (i < src.length && src[i] !== '=' && src[i] !== ':') {
      const c = src[i]!;
      if (!(BLANK.test(c) || c === '_' || c === '.' || /[\p{L}\p{N}]/u.test(c))) {
        const got = src.slice(keyStart, src.indexOf('\n', keyStart) < 0 ? undefined : src.indexOf('\n', keyStart)).trim();
        throw new UserError(
          `expected KEY=VALUE, got "${got.slice(0, 40)}"${unclosed()}; keys are letters, digits, _ and . — fix the line or comment it out with #`,
          path,
          line,
        );
      }
      i++;
    }
    if (i >= src.length)
      throw new UserError(
        `"${src.slice(keyStart).trim().slice(0, 40)}" has no =${unclosed()}; write KEY=VALUE or comment it out with #`,
        path,
        line,
      );
    const key = src.slice(keyStart, i).trimEnd();
    for (i++; BLANK.test(src[i] ?? '');) i++;
    const v = readValue(src, i, values, path, line);
    spanning = lineAt(v.next - 1) > line ? { key, line } : undefined;
    i = v.next;
    const value = key in overrides ? overrides[key]! : v.value;
    values[key] = value;
    entries.push({ key, value, line, comment: v.comment });
  }
  return { path, entries, values, text };
}

/** 1-based line of an offset, by binary search over the line starts (files can be large). */
function lineIndex(src: string): (offset: number) => number {
  const starts = [0];
  for (let i = src.indexOf('\n'); i >= 0; i = src.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

function readValue(
  src: string,
  at: number,
  vars: Record<string, string>,
  path: string,
  line: number,
): { value: string; comment: string; next: number } {
  const quote = src[at];
  if (quote === '"' || quote === "'") {
    let end = at + 1;
    while (end < src.length && !(src[end] === quote && src[end - 1] !== '\\')) end++;
    if (end >= src.length) throw new UserError(`unterminated ${quote} quote; close the quote (a quoted value may span lines)`, path, line);
    const raw = src.slice(at + 1, end);
    const value = quote === '"' ? expand(unescape(raw), vars) : raw;
    const rest = /^[^\S\n]*#([^\n]*)/.exec(src.slice(end + 1));
    return { value, comment: rest?.[1]?.trim() ?? '', next: end + 1 };
  }
  const eol = src.slice(at).search(/[\n\r]/);
  const text = eol < 0 ? src.slice(at) : src.slice(at, at + eol);
  let cut = text.length;
  for (let j = text.length - 1; j > 0; j--) {
    if (text[j] === '#' && BLANK.test(text[j - 1]!)) {
      cut = j;
      break;
    }
  }
  const value = expand(text.slice(0, cut).replace(/^[\t\v\f\r \u0085\u00a0]+|[\t\v\f\r \u0085\u00a0]+$/g, ''), vars);
  return { value, comment: cut < text.length ? text.slice(cut + 1).trim() : '', next: at + text.length };
}

/** Double-quote escapes: `\n`, `\r`; any other `\X` is X, except `\$`, which expansion keeps literal. */
function unescape(s: string): string {
  return s.replace(/\\(.)/gs, (m, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c === '$' ? m : c));
}

function expand(value: string, vars: Record<string, string>): string {
  return value.replace(EXPAND, (m, escaped?: string, _dollar?: string, _paren?: string, name?: string) => {
    if (escaped) return m.slice(1);
    return name ? (vars[name] ?? '') : m;
  });
}

export function readEnvFile(path: string, overrides: Record<string, string> = {}): EnvFile {
  return parseEnvFile(path, readFileSync(path, 'utf8'), overrides);
}

/** Modifiers abra reads from a value's comment: `length=64 charset=hex generate=false`. */
export function commentHints(comment: string): Record<string, string> {
  const hints: Record<string, string> = {};
  for (const m of comment.matchAll(/([a-z_]+)=([^\s,]+)/gi)) hints[m[1]!.toLowerCase()] = m[2]!;
  return hints;
}

/** A KEY=VALUE line this parser (and abra) reads back as exactly `value`. */
export function formatEnvLine(key: string, value: string): string {
  if (/^[\w.,:/@%+=-]*$/.test(value)) return `${key}=${value}`;
  return `${key}="${value
    .replace(/[\\"$]/g, (c) => `\\${c}`)
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')}"`;
}
