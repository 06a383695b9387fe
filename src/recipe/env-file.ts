import { readFileSync } from 'node:fs';
import { UserError } from '../engine/errors';

export interface EnvEntry {
  key: string;
  value: string;
  line: number;
  /** Text of a trailing `# ...` comment, where abra reads hints such as `length=64 charset=hex`. */
  comment: string;
}

export interface EnvFile {
  path: string;
  entries: EnvEntry[];
  /** Final value per key (a later line overrides an earlier one, as in abra). */
  values: Record<string, string>;
}

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Reads a recipe env file (`.env.sample`, or an app's `<domain>.env`) the way abra does: plain
 * KEY=VALUE lines, never evaluated as shell, but with `$VAR`/`${VAR}` expanded from keys defined
 * earlier in the file, so `COMPOSE_FILE="$COMPOSE_FILE:compose.x.yml"` extends the list.
 * `overrides` replace a key's value where it is defined, before later lines expand it.
 */
export function parseEnvFile(path: string, text: string, overrides: Record<string, string> = {}): EnvFile {
  const values: Record<string, string> = {};
  const entries: EnvEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const body = trimmed.replace(/^export\s+/, '');
    const eq = body.indexOf('=');
    const key = eq > 0 ? body.slice(0, eq).trim() : '';
    if (!KEY.test(key)) {
      throw new UserError(`expected KEY=VALUE, got "${trimmed.slice(0, 40)}"; fix the line or comment it out with #`, path, line);
    }
    const { value, comment } = parseValue(body.slice(eq + 1), values, path, line);
    const final = key in overrides ? overrides[key]! : value;
    values[key] = final;
    entries.push({ key, value: final, line, comment });
  });
  return { path, entries, values };
}

export function readEnvFile(path: string, overrides: Record<string, string> = {}): EnvFile {
  return parseEnvFile(path, readFileSync(path, 'utf8'), overrides);
}

function parseValue(rest: string, vars: Record<string, string>, path: string, line: number) {
  const s = rest.trimStart();
  const quote = s[0];
  if (quote === '"' || quote === "'") {
    let i = 1;
    let out = '';
    for (; i < s.length && s[i] !== quote; i++) {
      if (quote === '"' && s[i] === '\\' && i + 1 < s.length) {
        const next = s[++i]!;
        out += next === 'n' ? '\n' : next === 't' ? '\t' : next === '$' ? '\u0000' : next;
      } else out += s[i];
    }
    if (i >= s.length) throw new UserError(`unterminated ${quote} quote; close the quote on the same line`, path, line);
    const after = s.slice(i + 1).trim();
    const comment = after.startsWith('#') ? after.slice(1).trim() : '';
    const value = quote === '"' ? expand(out, vars).replace(/\u0000/g, '$') : out;
    return { value, comment };
  }
  const hash = s.search(/\s#/);
  const bare = (hash >= 0 ? s.slice(0, hash) : s).trim();
  const comment = hash >= 0 ? s.slice(hash).trim().slice(1).trim() : '';
  return { value: expand(bare, vars), comment };
}

function expand(value: string, vars: Record<string, string>): string {
  return value.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_, a, b) => vars[a ?? b] ?? '');
}

/** `length=64 charset=hex` style hints from a comment. */
export function commentHints(comment: string): Record<string, string> {
  const hints: Record<string, string> = {};
  for (const m of comment.matchAll(/([a-z_]+)=([^\s,]+)/gi)) hints[m[1]!.toLowerCase()] = m[2]!;
  return hints;
}

/** A KEY=VALUE line this parser (and abra) reads back as exactly `value`. */
export function formatEnvLine(key: string, value: string): string {
  if (/^[\w.,:/@%+=-]*$/.test(value)) return `${key}=${value}`;
  return `${key}="${value.replace(/[\\"$]/g, (c) => `\\${c}`).replace(/\n/g, '\\n')}"`;
}
