import { UserError } from '../engine/errors';

/**
 * Compose-file variable interpolation, as `docker stack deploy` does it: `$VAR`, `${VAR}`,
 * `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`, `${VAR:+alt}`, `${VAR+alt}`,
 * and `$$` for a literal dollar. cc-ci uses it only to predict names (secrets, configs) before the
 * deploy; the deploy itself always hands the original files and the env to docker.
 */
export class InterpolationError extends Error {}

export function interpolate(text: string, env: Record<string, string | undefined>): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c !== '$') {
      out += c;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
    } else if (next === '{') {
      const end = closingBrace(text, i + 2);
      if (end < 0) throw new InterpolationError(`unclosed "\${" in "${text}"`);
      out += braced(text.slice(i + 2, end), env);
      i = end + 1;
    } else {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1));
      if (!m) {
        out += '$';
        i++;
        continue;
      }
      out += env[m[0]] ?? '';
      i += 1 + m[0].length;
    }
  }
  return out;
}

function closingBrace(text: string, from: number): number {
  let depth = 1;
  for (let j = from; j < text.length; j++) {
    if (text[j] === '{') depth++;
    else if (text[j] === '}' && --depth === 0) return j;
  }
  return -1;
}

function braced(inner: string, env: Record<string, string | undefined>): string {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([\s\S]*))?$/.exec(inner);
  if (!m) throw new InterpolationError(`invalid variable reference "\${${inner}}"`);
  const [, name, op, arg = ''] = m;
  const value = env[name!];
  const unset = value === undefined;
  const emptyOrUnset = unset || value === '';
  switch (op) {
    case undefined:
      return value ?? '';
    case ':-':
      return emptyOrUnset ? interpolate(arg, env) : value!;
    case '-':
      return unset ? interpolate(arg, env) : value!;
    case ':?':
    case '?':
      if (op === ':?' ? emptyOrUnset : unset) throw new InterpolationError(`required variable ${name} is missing a value: ${arg}`);
      return value!;
    case ':+':
      return emptyOrUnset ? '' : interpolate(arg, env);
    case '+':
      return unset ? '' : interpolate(arg, env);
    default:
      return value ?? '';
  }
}

/** interpolate(), reporting a bad reference as a UserError at the file and line it came from. */
export function interpolateAt(text: string, env: Record<string, string | undefined>, at: { file: string; line?: number }): string {
  try {
    return interpolate(text, env);
  } catch (e) {
    if (e instanceof InterpolationError) throw new UserError(`${e.message}; fix the variable reference or set it in .env.sample`, at.file, at.line);
    throw e;
  }
}

/** A variable reference in a compose value: `$X`/`${X}` (op ''), or `${X<op>arg}`. */
export interface VarRef {
  name: string;
  op: '' | ':-' | '-' | ':?' | '?' | ':+' | '+';
}

/** The variable references in `text`, as interpolate() would resolve them (`$$` is not one). */
export function references(text: string): VarRef[] {
  const found: VarRef[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '$') continue;
    const next = text[i + 1];
    if (next === '$') i++;
    else if (next === '{') {
      const end = closingBrace(text, i + 2);
      if (end < 0) break;
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(:?[-?+])?([\s\S]*)$/.exec(text.slice(i + 2, end));
      if (m) {
        found.push({ name: m[1]!, op: (m[2] ?? '') as VarRef['op'] });
        if (m[3]) found.push(...references(m[3]));
      }
      i = end;
    } else {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1));
      if (m) found.push({ name: m[0], op: '' });
    }
  }
  return found;
}
