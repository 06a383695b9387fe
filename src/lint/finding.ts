import type { ComposeSet, SourcePos } from '../recipe/compose';
import type { Recipe } from '../recipe/recipe';
import type { RecipeGit } from '../recipe/releases';
import type { SecretPlan } from '../recipe/secrets';

/**
 * One lint finding. `rule` is a stable id: abra's own `R0xx` where `abra recipe lint` has the same
 * rule, `CC0xx` for rules only cc-ci has (docs/lint.md maps them). `blocksDeploy`: the swarm
 * would refuse the deploy, so install is blocked with this finding instead of attempting it.
 */
export interface Finding {
  rule: string;
  title: string;
  level: 'error' | 'warn';
  ok: boolean;
  /** What is wrong and what to change (failed), or what was checked (passed). */
  message: string;
  source?: SourcePos;
  blocksDeploy?: boolean;
}

/** What the rules read: head's files as head intends to deploy them. Nothing here touches Docker. */
export interface LintInput {
  recipe: Recipe;
  git: RecipeGit;
  compose: ComposeSet;
  /** The env head's compose files are interpolated with (head's .env.sample, abra.sh, STACK_NAME, DOMAIN). */
  env: Record<string, string>;
  stack: string;
  /** The secrets abra would generate for head. */
  secrets: SecretPlan[];
  /** Seconds a deploy may take to converge: abra's deploy wait, within the install op's limit. */
  convergeSeconds: number;
  /** Problems in the traefik labels, as the routing model found them. */
  routing: { service: string; label: string; level: 'error' | 'warn'; message: string }[];
}

export interface Problem {
  message: string;
  source?: SourcePos;
}

export interface Rule {
  id: string;
  title: string;
  level: 'error' | 'warn';
  blocksDeploy?: boolean;
  /** Problems found (empty: the rule passed); `passed` says what was checked. */
  check(input: LintInput): { problems: Problem[]; passed: string };
}

/** `file:line` for messages. */
export const at = (s: SourcePos | undefined) => (s ? `${s.file}${s.line ? `:${s.line}` : ''}` : '');

/** A failed finding in one line: `CC001 compose.yml:21: what is wrong; what to change`. */
export const findingLine = (f: Finding) => `${f.rule} ${f.source ? `${at(f.source)}: ` : ''}${f.message}`;
