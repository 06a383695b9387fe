import { randomInt } from 'node:crypto';
import { UserError } from '../engine/errors';
import { interpolateAt } from './interpolate';
import { commentHints } from './env-file';
import type { ComposeSet, SourcePos } from './compose';
import type { DeployEnv } from './app';

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
export const CHARSETS: Record<string, string> = {
  default: ALNUM,
  alnum: ALNUM,
  hex: '0123456789abcdef',
  safespecial: `${ALNUM}-_.~+=`,
  special: `${ALNUM}!@#$%^&*()-_=+[]{}<>?,.~`,
};
export const DEFAULT_SECRET_LENGTH = 32;

/** An external secret the recipe expects abra to have created before the deploy. */
export interface SecretPlan {
  key: string;
  /** Docker secret name, e.g. `<stack>_db_password_v1`. */
  name: string;
  length: number;
  charset: string;
  source: SourcePos;
}

/** External secrets of the compose files, named as abra names them, with `.env.sample` hints. */
export function planSecrets(compose: ComposeSet, env: DeployEnv): SecretPlan[] {
  const plans: SecretPlan[] = [];
  for (const s of compose.secrets.values()) {
    if (!s.external) continue;
    const template = s.nameTemplate ?? s.key;
    for (const m of template.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) {
      if (!(m[1]! in env.values)) {
        throw new UserError(`secret "${s.key}" is named with \${${m[1]}}, which .env.sample does not set; add ${m[1]}=v1 to .env.sample`, s.file, s.line);
      }
    }
    const versionVar = `SECRET_${s.key.toUpperCase()}_VERSION`;
    const entry = [...env.envFile.entries].reverse().find((e) => e.key === versionVar);
    const hints = commentHints(entry?.comment ?? '');
    const where = { file: '.env.sample', line: entry?.line };
    const length = hints.length === undefined ? DEFAULT_SECRET_LENGTH : Number(hints.length);
    if (!Number.isInteger(length) || length < 1 || length > 4096) {
      throw new UserError(`length=${hints.length} for ${versionVar} is not a whole number from 1 to 4096; fix the hint`, where.file, where.line);
    }
    const charset = hints.charset ?? 'default';
    if (!(charset in CHARSETS)) {
      throw new UserError(`charset=${charset} for ${versionVar} is unknown; use one of ${Object.keys(CHARSETS).join(', ')}`, where.file, where.line);
    }
    plans.push({ key: s.key, name: interpolateAt(template, env.values, s), length, charset, source: { file: s.file, line: s.line } });
  }
  return plans;
}

export function generateSecret(length: number, charset: string): string {
  const chars = CHARSETS[charset] ?? ALNUM;
  let out = '';
  for (let i = 0; i < length; i++) out += chars[randomInt(chars.length)];
  return out;
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
  for (const [kind, map] of [['secret', compose.secrets], ['config', compose.configs]] as const) {
    for (const r of map.values()) {
      const name = r.nameTemplate ? interpolateAt(r.nameTemplate, env.values, r) : r.external ? r.key : `${stack}_${r.key}`;
      tooLong(kind, name, SWARM_NAME_MAX, r);
    }
  }
}
