/**
 * Compiles a router rule for a syntax (v2 or v3) into a predicate tree, refusing what traefik's
 * parser refuses, with its reason.
 */
import type { Builder, Matcher } from './matcher-kit';
import { V2_MATCHERS } from './matchers-v2';
import { V3_MATCHERS } from './matchers-v3';
import type { RouteRequest } from './request';
import { matcherSpellings, parseRule, type RuleAst } from './rule-parse';
import type { RuleSyntax } from './types';
import { RuleError } from '../errors';

export type Tree = { op: 'and' | 'or'; left: Tree; right: Tree } | { op: 'not'; expr: Tree } | { op: 'm'; m: Matcher };

const TABLES: Record<RuleSyntax, Record<string, Builder>> = { v2: V2_MATCHERS, v3: V3_MATCHERS };

function spellings(table: Record<string, Builder>): Map<string, string> {
  const names = new Map<string, string>();
  for (const canonical of Object.keys(table)) for (const s of matcherSpellings(canonical)) names.set(s, canonical);
  return names;
}

/** Parses and compiles a rule; throws RuleError with traefik's reason when traefik would refuse it. */
export function compileRule(rule: string, syntax: RuleSyntax): Tree {
  const table = TABLES[syntax];
  const names = spellings(table);
  const build = (ast: RuleAst): Tree => {
    if (ast.op === 'not') return { op: 'not', expr: build(ast.expr) };
    if (ast.op !== 'call') return { op: ast.op, left: build(ast.left), right: build(ast.right) };
    const name = names.get(ast.name);
    if (!name) {
      const other = syntax === 'v2' ? 'v3' : 'v2';
      throw new RuleError(`unsupported function: ${ast.name}${spellings(TABLES[other]).has(ast.name) ? ` (a ${other} matcher)` : ''}`);
    }
    if (ast.args.length === 0) throw new RuleError(`no args for matcher ${name}`);
    if (ast.args.some((a) => a === '')) throw new RuleError(`empty args for matcher ${name}`);
    try {
      return { op: 'm', m: { name, args: ast.args, ...table[name]!(ast.args) } };
    } catch (e) {
      throw new RuleError(`${name}: ${(e as Error).message}`);
    }
  };
  return build(parseRule(rule));
}

export function evaluate(t: Tree, req: RouteRequest): boolean {
  switch (t.op) {
    case 'and':
      return evaluate(t.left, req) && evaluate(t.right, req);
    case 'or':
      return evaluate(t.left, req) || evaluate(t.right, req);
    case 'not':
      return !evaluate(t.expr, req);
    case 'm':
      return t.m.test(req);
  }
}

export function leaves(t: Tree): Matcher[] {
  return t.op === 'm' ? [t.m] : t.op === 'not' ? leaves(t.expr) : [...leaves(t.left), ...leaves(t.right)];
}
