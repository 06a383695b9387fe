/** Computes, the way traefik would, the request a client sends and what the app then receives. */
export { planProbes } from './plan';
export { PROXY_NETWORK, routingOptions } from './options';
export type { HttpRequestShape, LabelledService, ProbeOutcome, ProbePlan, RoutingFinding, RoutingOptions, RuleSyntax } from './types';
export { compileRule, evaluate } from './rule';
export { RuleError, GoRegexError } from '../errors';
export { compileGo, goMatch, goReplaceAll } from './go-regex';
