import { UserError } from '../engine/errors';

/**
 * Compose-file variable interpolation exactly as `docker stack deploy` and abra (both use
 * docker/cli's cli/compose/template) do it: one regular expression, `$$` for a literal dollar,
 * `$VAR`/`${VAR}`, and the default/required forms `:-`, `-`, `:?`, `?`, tried in that order by
 * substring (so `$VAR-x` is a default too, and a default is never interpolated again). There is
 * no `:+`; a `$` that starts no reference is an error. cc-ci uses it to predict names and to check
 * paths before the deploy, which must see what docker will see.
 */
export class InterpolationError extends Error {}

const TEMPLATE = /\$(?:(\$)|([_a-z][_a-z0-9]*(?::?[-?][^}]*)?)|\{([_a-z][_a-z0-9]*(?::?[-?][^}]*)?)\}|())/gi;

export function interpolate(text: string, env: Record<string, string | undefined>): string {
  return text.replace(TEMPLATE, (_m: string, escaped?: string, named?: string, braced?: string) => {
    if (escaped) return '$';
    const sub = named || braced;
    if (!sub) throw new InterpolationError(`invalid template "${text}": write $$ for a literal $`);
    return substitute(sub, env);
  });
}

function substitute(sub: string, env: Record<string, string | undefined>): string {
  const cut = (sep: string) => [sub.slice(0, sub.indexOf(sep)), sub.slice(sub.indexOf(sep) + sep.length)] as const;
  if (sub.includes(':-')) {
    const [name, fallback] = cut(':-');
    return env[name] ? env[name]! : fallback;
  }
  if (sub.includes('-')) {
    const [name, fallback] = cut('-');
    return env[name] ?? fallback;
  }
  for (const sep of [':?', '?']) {
    if (!sub.includes(sep)) continue;
    const [name, message] = cut(sep);
    const value = env[name];
    if (value === undefined || (sep === ':?' && value === '')) throw new InterpolationError(`required variable ${name} is missing a value: ${message}`);
    return value;
  }
  return env[sub] ?? '';
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

/** A variable reference in a compose value: `$X`/`${X}` (op ''), or one with a default or requirement. */
export interface VarRef {
  name: string;
  op: '' | ':-' | '-' | ':?' | '?';
}

/** The variable references in `text`, as interpolate() resolves them (`$$` is not one). */
export function references(text: string): VarRef[] {
  const found: VarRef[] = [];
  for (const m of text.matchAll(TEMPLATE)) {
    const sub = m[2] || m[3];
    if (!sub) continue;
    const op = ([':-', '-', ':?', '?'] as const).find((o) => sub.includes(o)) ?? '';
    found.push({ name: op ? sub.slice(0, sub.indexOf(op)) : sub, op });
  }
  return found;
}
