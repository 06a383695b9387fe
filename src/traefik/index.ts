/** Computes, the way traefik would, the request a client sends and what the app then receives. */
export { planProbes } from './plan';
export { PROXY_NETWORK, routingOptions } from './options';
export type { HttpRequestShape, LabelledService, ProbeOutcome, ProbePlan, RoutingFinding, RoutingOptions, RuleSyntax } from './types';
export { compileRule, evaluate } from './rule';
export { RuleError } from './rule-parse';
export { compileGo, goMatch, goReplaceAll, GoRegexError } from './go-regex';
