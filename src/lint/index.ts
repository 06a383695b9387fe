import type { Finding, LintInput, Rule } from './finding';
import { abraRules } from './rules/abra';
import { abraEnvRules } from './rules/abra-env';
import { backupRules } from './rules/backup';
import { envRules } from './rules/env';
import { healthRules } from './rules/health';
import { routingRules } from './rules/routing';
import { swarmRules } from './rules/swarm';
import { versionRules } from './rules/version';

export type { Finding, LintInput } from './finding';
export { at, findingLine } from './finding';

const order = (id: string) => (id.startsWith('R') ? 0 : 1000) + Number(id.replace(/\D/g, ''));

/** Every rule, in id order: abra's R0xx, then cc-ci's CC0xx. */
export const RULES: Rule[] = [
  ...abraRules,
  ...swarmRules,
  ...envRules,
  ...healthRules,
  ...backupRules,
  ...versionRules,
  ...routingRules,
  ...abraEnvRules,
].sort((a, b) => order(a.id) - order(b.id));

/** One finding per problem a rule found, or one passing finding per rule that found none. */
export function lint(input: LintInput): Finding[] {
  return RULES.flatMap((rule): Finding[] => {
    const { problems, passed } = rule.check(input);
    const base = { rule: rule.id, title: rule.title, level: rule.level, blocksDeploy: rule.blocksDeploy };
    if (problems.length === 0) return [{ ...base, ok: true, message: passed }];
    return problems.map((p) => ({ ...base, ok: false, message: p.message, source: p.source }));
  });
}

/** Failed findings that make the deploy impossible: install is blocked by them. */
export const deployBlockers = (findings: Finding[]) => findings.filter((f) => !f.ok && f.blocksDeploy);
