import { randomInt } from 'node:crypto';

import { interpolateAt, references } from './interpolate';
import { commentHints } from './env-file';
import { serviceRefs, type ComposeSet, type SourcePos } from './compose';
import type { DeployEnv } from './app';
import { UserError } from '../errors';

/**
 * The alphabets behind abra's `charset=` modifier. `default` and `special` are passgen's
 * (decentral1se/passgen const.go, the generator abra uses): letters and digits without the
 * look-alikes l, I, O, 0 and 1, plus `!@#$%^&*_-+=` for special.
 */
const PASSGEN_DEFAULT = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const CHARSETS: Record<string, string> = {
  default: PASSGEN_DEFAULT,
  special: `${PASSGEN_DEFAULT}!@#$%^&*_-+=`,
  safespecial: `${PASSGEN_DEFAULT}-_.~+=`,
  alnum: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  hex: '0123456789abcdef',
};
/** passgen's limits on a password's length: abra cannot generate one outside them. */
const LENGTH_MIN = 5;
const LENGTH_MAX = 1024;
/** Without `length=`, abra generates a passphrase: passgen's default of 6 words, space-separated. */
export const PASSPHRASE_WORDS = 6;

/** An external secret the recipe expects abra to have created before the deploy. */
export interface SecretPlan {
  key: string;
  /** Docker secret name, e.g. `<stack>_db_password_v1`; its version is what follows the last `_`. */
  name: string;
  version: string;
  /** A password of `length` from `charset`, or (no length modifier) a passphrase. */
  length: number | null;
  charset: string;
  /** `generate=false`: an operator inserts it by hand; cc-ci inserts a random one the same way. */
  manual: boolean;
  /** Where abra's modifiers were (or would be) read: the SECRET_<NAME>_VERSION line. */
  modifiers: SourcePos;
  source: SourcePos;
  /** A charset= abra does not know: cc-ci generates from `default` and lint reports it. */
  unknownCharset?: string;
}

/**
 * The external secrets abra generates for the app: those of the compose files' top-level
 * secrets that a service uses, named by interpolating their `name:` with the app env; the
 * version is the part after the last `_`, and the modifiers come from SECRET_<NAME>_VERSION.
 */
export function planSecrets(compose: ComposeSet, env: DeployEnv): SecretPlan[] {
  const used = new Set([...compose.services.values()].flatMap((s) => serviceRefs(s.raw.secrets)));
  const plans: SecretPlan[] = [];
  for (const s of compose.secrets.values()) {
    if (!s.external || !used.has(s.key)) continue;
    const template = s.nameTemplate ?? s.key;
    // A reference with a default (`${X:-v1}`) names the secret even when X is unset, as in docker's
    // interpolation; a bare one would name it with an empty string.
    for (const ref of references(template)) {
      if (ref.op === '' && !Object.hasOwn(env.values, ref.name)) {
        throw new UserError(
          `secret "${s.key}" is named with \${${ref.name}}, which .env.sample does not set; add ${ref.name}=v1 to .env.sample or write \${${ref.name}:-v1}`,
          s.file,
          s.line,
        );
      }
    }
    const name = interpolateAt(template, env.values, s);
    const version = name.slice(name.lastIndexOf('_') + 1);
    if (!name.includes('_') || version === '')
      throw new UserError(
        `secret "${s.key}" is named "${name}", which has no version after its last _, so abra cannot generate it; end the name with _\${SECRET_${s.key.toUpperCase()}_VERSION}`,
        s.file,
        s.line,
      );
    const versionVar = `SECRET_${s.key.toUpperCase()}_VERSION`;
    const entry = [...env.envFile.entries].reverse().find((e) => e.key === versionVar);
    const hints = commentHints(entry?.comment ?? '');
    const modifiers = { file: '.env.sample', line: entry?.line };
    let length: number | null = null;
    if (hints.length !== undefined) {
      length = Number(hints.length);
      if (!Number.isInteger(length) || length < LENGTH_MIN || length > LENGTH_MAX) {
        throw new UserError(
          `length=${hints.length} for ${versionVar} is not a whole number from ${LENGTH_MIN} to ${LENGTH_MAX}, which abra's generator needs; fix the modifier`,
          modifiers.file,
          modifiers.line,
        );
      }
    }
    const charset = hints.charset ?? 'default';
    const known = charset in CHARSETS;
    plans.push({
      key: s.key,
      name,
      version,
      length,
      charset: known ? charset : 'default',
      manual: hints.generate === 'false',
      modifiers,
      source: { file: s.file, line: s.line },
      ...(known ? {} : { unknownCharset: charset }),
    });
  }
  return plans;
}

/** A value of the shape abra generates: a password from the charset, or a passphrase. */
export function generateSecret(plan: Pick<SecretPlan, 'length' | 'charset'>): string {
  if (plan.length === null) return Array.from({ length: PASSPHRASE_WORDS }, word).join(' ');
  const chars = CHARSETS[plan.charset] ?? PASSGEN_DEFAULT;
  let out = '';
  for (let i = 0; i < plan.length; i++) out += chars[randomInt(chars.length)];
  return out;
}

/** A lower-case word of 3 to 9 letters, alternating consonants and vowels (the shape of a dice word). */
function word(): string {
  const consonants = 'bcdfghjklmnprstvwz';
  const vowels = 'aeiou';
  const n = 3 + randomInt(7);
  let w = '';
  for (let i = 0; i < n; i++) w += i % 2 ? vowels[randomInt(vowels.length)] : consonants[randomInt(consonants.length)];
  return w;
}

const SWARM_NAME_MAX = 64;
const SERVICE_NAME_MAX = 63;

/** Fails before the deploy when a name Docker would create is over its length limits. */
export function checkNameLengths(compose: ComposeSet, env: DeployEnv, stack: string): void {
  const tooLong = (kind: string, name: string, max: number, at: SourcePos) => {
    if (name.length <= max) return;
    throw new UserError(
      `${kind} name "${name}" is ${name.length} characters, over Docker's limit of ${max}; use a shorter --domain (the stack name "${stack}" takes ${stack.length})`,
      at.file,
      at.line,
    );
  };
  for (const [svc, at] of compose.services) tooLong('service', `${stack}_${svc}`, SERVICE_NAME_MAX, at);
  for (const [kind, map] of [
    ['secret', compose.secrets],
    ['config', compose.configs],
  ] as const) {
    for (const r of map.values()) {
      const name = r.nameTemplate ? interpolateAt(r.nameTemplate, env.values, r) : r.external ? r.key : `${stack}_${r.key}`;
      tooLong(kind, name, SWARM_NAME_MAX, r);
    }
  }
}
