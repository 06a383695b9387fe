import { scanTemplate, splitRef } from './template';
import { InterpolationError, UserError } from '../errors';

/**
 * Compose-file variable interpolation exactly as `docker stack deploy` and abra (both use
 * docker/cli's cli/compose/template) do it: one regular expression, `$$` for a literal dollar,
 * `$VAR`/`${VAR}`, and the default/required forms `:-`, `-`, `:?`, `?`, tried in that order by
 * substring (so `$VAR-x` is a default too, and a default is never interpolated again). There is
 * no `:+`; a `$` that starts no reference is an error. cc-ci uses it to predict names and to check
 * paths before the deploy, which must see what docker will see.
 */
/** The value of `name` in `env`: own keys only (`${constructor}` is unset, not Object's). */
const lookup = (env: Record<string, string | undefined>, name: string) => (Object.hasOwn(env, name) ? env[name] : undefined);

export function interpolate(text: string, env: Record<string, string | undefined>): string {
  let out = '';
  for (const t of scanTemplate(text)) {
    if (t.kind === 'text') out += t.text;
    else if (t.kind === 'escaped') out += '$';
    else if (t.kind === 'invalid') throw new InterpolationError(`invalid template "${text}": write $$ for a literal $`);
    else out += substitute(t.sub, env);
  }
  return out;
}

function substitute(sub: string, env: Record<string, string | undefined>): string {
  const { name, op, arg } = splitRef(sub);
  const value = lookup(env, name);
  if (op === ':-') return value ? value : arg;
  if (op === '-') return value ?? arg;
  if (op === ':?' || op === '?') {
    if (value === undefined || (op === ':?' && value === ''))
      throw new InterpolationError(`required variable ${name} is missing a value${arg ? `: ${arg}` : ''}`);
    return value;
  }
  return value ?? '';
}

/** interpolate(), reporting a bad reference as a UserError at the file and line it came from. */
export function interpolateAt(text: string, env: Record<string, string | undefined>, at: { file: string; line?: number }): string {
  try {
    return interpolate(text, env);
  } catch (e) {
    if (e instanceof InterpolationError)
      throw new UserError(`${e.message}; fix the variable reference or set it in .env.sample`, at.file, at.line);
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
  return scanTemplate(text).flatMap((t) => {
    if (t.kind !== 'ref') return [];
    const { name, op } = splitRef(t.sub);
    return [{ name, op }];
  });
}
