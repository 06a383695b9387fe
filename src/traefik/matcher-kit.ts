/** What a compiled matcher offers: a predicate, and example values that satisfy it (for synthesis). */
import { compileGo, goSample } from './go-regex';

import type { RouteRequest } from './request';
import { RuleError } from '../errors';

export type Dim = 'host' | 'path' | 'method' | 'headers' | 'query' | 'client';
export interface Example {
  host?: string;
  path?: string;
  method?: string;
  headers?: [string, string][];
  query?: [string, string | undefined][];
  client?: string;
}
export interface Matcher {
  name: string;
  args: string[];
  dim: Dim;
  test(req: RouteRequest): boolean;
  examples(domain: string): Example[];
}
export type Builder = (args: string[]) => Omit<Matcher, 'name' | 'args'>;

// eslint-disable-next-line no-control-regex -- the ASCII range starts at NUL
export const isAscii = (s: string) => /^[\x00-\x7f]*$/.test(s);

/** Characters a client must escape to send a routing path as a request path. */
export const toRequestPath = (p: string) =>
  p.replace(/%(?![0-9a-fA-F]{2})|[^A-Za-z0-9\-_.~$&+,/:;=@!'()*%]/gu, (c) => encodeURIComponent(c));

export function regexExamples(pattern: string): string[] {
  const s = goSample(compileGo(pattern));
  return s === undefined ? [] : [s];
}

export const nParams =
  (fn: Builder, ...counts: number[]): Builder =>
  (args) => {
    if (!counts.includes(args.length))
      throw new RuleError(`unexpected number of parameters; got ${args.length}, expected one of [${counts.join(' ')}]`);
    return fn(args);
  };
