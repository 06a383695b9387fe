import type { HostReach } from '../recipe/host-reach';
import { UserError } from '../errors';

/**
 * Whether a recipe may reach into the host (host-reach.ts). The workflow decides, never the
 * recipe: the action refuses by default only on an untrusted run on a self-hosted runner, where
 * the host outlives the job; `host-access: allow` or `refuse` overrides that everywhere.
 */
export interface HostPolicy {
  allow: boolean;
  /** Why it is refused and what to change, for the one-line error. */
  why?: string;
}

export const ALLOW_HOST: HostPolicy = { allow: true };

/** `host-access: refuse` (or `--host-access refuse`): refused on every run. */
export const refuseHost = (setting: string): HostPolicy => ({
  allow: false,
  why: `refused by ${setting}; remove it from the recipe or change that setting`,
});

export function enforceHostPolicy(reach: readonly HostReach[], policy: HostPolicy): void {
  const first = reach[0];
  if (policy.allow || !first) return;
  const more = reach.length > 1 ? ` (and ${reach.length - 1} more host access${reach.length > 2 ? 'es' : ''})` : '';
  throw new UserError(`service ${first.service} ${first.what}${more}; ${policy.why ?? 'host access is refused'}`, first.file, first.line);
}
