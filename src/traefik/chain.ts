/**
 * Runs a router's middlewares in order (traefik's BuildMiddlewareChain): resolves each reference in
 * the docker/swarm provider's namespace, applies the ones that change the request or answer, and
 * notes the ones it cannot see (other providers, other stacks) or cannot reproduce.
 */
import { compileGo } from './go-regex';
import { ipChecker } from './ip';
import { goBool, list, middlewareTypes, options, type Element } from './labels';
import { addPrefix, replacePath, replacePathRegex, stripPrefix, stripPrefixRegex } from './mw-path';
import { redirectRegex, redirectScheme, sslRedirect } from './mw-redirect';
import { canonicalHeaderKey } from './request';
import { NEXT, type MwState, type Step } from './state';
import type { RuleSyntax } from './types';

export interface ChainCtx {
  middlewares: Map<string, Element>;
  traefik: RuleSyntax;
  notes: string[];
  auth?: { middleware: string; type: 'basicauth' | 'digestauth' };
}
export type ChainEnd = Step & { middleware?: string };

/** Middlewares that may change what the client gets, though cc-ci cannot reproduce them. */
const NOTED: Record<string, string> = {
  ratelimit: 'may answer 429 when the rate is exceeded',
  inflightreq: 'may answer 429 above its in-flight limit',
  circuitbreaker: 'may answer 503 while its breaker is open',
  errors: "replaces error pages with another service's",
  plugin: 'is a plugin: cc-ci does not know what it does',
};

function resolve(ref: string, ctx: ChainCtx): Element | undefined {
  const own = ctx.traefik === 'v3' ? 'swarm' : 'docker';
  const [name, provider, ...more] = ref.split('@');
  if (more.length || (provider !== undefined && provider !== 'docker' && provider !== 'swarm')) {
    ctx.notes.push(`middleware ${ref} comes from traefik's ${provider ?? '?'} provider, not these labels: continued without it`);
    return undefined;
  }
  if (provider !== undefined && provider !== own)
    ctx.notes.push(`middleware ${ref}: traefik ${ctx.traefik} names these labels' middlewares @${own}, so @${provider} may not resolve`);
  const el = ctx.middlewares.get(name!);
  if (!el) ctx.notes.push(`middleware ${ref} is not defined in these services' labels (another stack?): continued without it`);
  return el;
}

function apply(el: Element, type: string, s: MwState, ctx: ChainCtx, active: string[], dry: boolean): ChainEnd {
  const o = options(el);
  const bool = (k: string) => goBool(o.get(k) ?? '') ?? false;
  const regex = (k: string) => compileGo(o.get(k) ?? '');
  switch (type) {
    case 'stripprefix': {
      const force = o.get('forceslash');
      return stripPrefix(s, list(o.get('prefixes')), force === undefined ? ctx.traefik === 'v2' : (goBool(force) ?? false));
    }
    case 'stripprefixregex':
      return stripPrefixRegex(
        s,
        list(o.get('regex')).map((r) => compileGo(r.trim())),
      );
    case 'addprefix': {
      const prefix = o.get('prefix') ?? '';
      if (prefix === '') throw new Error('addPrefix: prefix cannot be empty');
      return addPrefix(s, prefix);
    }
    case 'replacepath':
      return replacePath(s, o.get('path') ?? '');
    case 'replacepathregex': {
      const re = compileGo((o.get('regex') ?? '').trim());
      const replacement = (o.get('replacement') ?? '').trim();
      // traefik's replacePathRegex leaves the request alone when the replacement is empty.
      return replacement === '' ? NEXT : replacePathRegex(s, re, replacement);
    }
    case 'redirectregex':
      return redirectRegex(s, regex('regex'), o.get('replacement') ?? '', bool('permanent'));
    case 'redirectscheme': {
      const scheme = o.get('scheme') ?? '';
      if (scheme === '') throw new Error('redirectScheme: you must provide a target scheme');
      return redirectScheme(s, scheme, o.get('port') ?? '', bool('permanent'));
    }
    case 'headers':
      return headers(el, s, ctx);
    case 'chain':
      return run(list(o.get('middlewares')), s, ctx, active, dry);
    case 'basicauth':
    case 'digestauth':
      ctx.auth ??= { middleware: el.name, type };
      return NEXT;
    case 'forwardauth':
      ctx.notes.push(
        `middleware ${el.name}: forwardAuth asks ${o.get('address') ?? '?'} first; its answer decides whether the app is reached`,
      );
      return NEXT;
    case 'ipallowlist':
    case 'ipwhitelist': {
      const allowed = ipChecker(list(o.get('sourcerange')));
      if (!allowed(s.clientIP)) ctx.notes.push(`middleware ${el.name}: traefik answers 403 to clients outside ${o.get('sourcerange')}`);
      return NEXT;
    }
    default:
      if (NOTED[type]) ctx.notes.push(`middleware ${el.name} (${type}) ${NOTED[type]}`);
      return NEXT;
  }
}

function headers(el: Element, s: MwState, ctx: ChainCtx): Step {
  const o = options(el);
  const allowed = list(o.get('allowedhosts'));
  if (allowed.length && goBool(o.get('isdevelopment') ?? '') !== true && !allowed.some((h) => h.toLowerCase() === s.host.toLowerCase())) {
    return { kind: 'error', status: 500, detail: `headers middleware ${el.name} refuses host ${s.host} (Bad Host: not in allowedHosts)` };
  }
  if (goBool(o.get('sslredirect') ?? '') || goBool(o.get('ssltemporaryredirect') ?? '')) {
    if (ctx.traefik === 'v2') return sslRedirect(s, goBool(o.get('ssltemporaryredirect') ?? '') ?? false, o.get('sslhost'));
    ctx.notes.push(`middleware ${el.name}: sslRedirect is ignored by traefik v3`);
  }
  for (const [name, value] of o.under('customrequestheaders')) {
    if (value === '' && name === 'X-Forwarded-For') s.headers.set('X-Forwarded-For', null);
    else if (value === '') s.headers.delete(canonicalHeaderKey(name));
    else if (name.toLowerCase() === 'host') s.host = value;
    else s.headers.set(canonicalHeaderKey(name), [value]);
  }
  return NEXT;
}

/**
 * Runs middleware references in order; a redirect or error ends the chain. Throws where traefik
 * refuses to build the chain (it then drops the router). `dry` walks the whole chain regardless,
 * as traefik builds every middleware before serving.
 */
export function run(refs: string[], s: MwState, ctx: ChainCtx, active: string[] = [], dry = false): ChainEnd {
  for (const ref of refs) {
    const el = resolve(ref, ctx);
    if (!el) continue;
    if (active.includes(el.name)) throw new Error(`recursion detected in middleware chain ${[...active, el.name].join(' -> ')}`);
    const types = middlewareTypes(el);
    if (types.length > 1) throw new Error(`middleware ${el.name}: multi-types middleware not supported (${types.join(', ')})`);
    const step = apply(el, types[0]!, s, ctx, [...active, el.name], dry);
    if (step.kind !== 'next' && !dry) return step.middleware ? step : { ...step, middleware: el.name };
  }
  return NEXT;
}
