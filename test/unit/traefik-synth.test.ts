import { describe, expect, it } from 'vitest';
import { routeRequest } from '../../src/traefik/forwarded';
import { compileRule, evaluate } from '../../src/traefik/rule';
import { synthesize } from '../../src/traefik/synthesize';
import type { RuleSyntax } from '../../src/traefik/types';

const domain = 'app.ci.local';

function synth(rule: string, syntax: RuleSyntax = 'v3') {
  const tree = compileRule(rule, syntax);
  const r = synthesize(tree, { domain, scheme: 'https' });
  if (r) expect(evaluate(tree, routeRequest(r))).toBe(true);
  return r;
}

describe('request synthesis', () => {
  it.each([
    // [rule, syntax, host, target]
    ['Host(`app.ci.local`)', 'v3', domain, '/'],
    ['Host(`app.ci.local`) && PathPrefix(`/cms`)', 'v3', domain, '/cms'],
    ['Host(`www.app.ci.local`, `app.ci.local`)', 'v2', domain, '/'],
    ['Host(`other.test`)', 'v3', 'other.test', '/'],
    ['Host(`app.ci.local`) && Path(`/products`)', 'v3', domain, '/products'],
    ['PathPrefix(`/a`) && PathPrefix(`/a/b`)', 'v3', domain, '/a/b'],
    ['PathRegexp(`^/products/(shoes|socks)/[0-9]+$`)', 'v3', domain, '/products/shoes/0'],
    ['PathRegexp(`\\.(jpeg|jpg|png)$`)', 'v3', domain, '/.jpeg'],
    ['Path(`/user/{id:[0-9]+}`)', 'v2', domain, '/user/0'],
    ['PathPrefix(`/css-{name:[0-9]?}`)', 'v2', domain, '/css-'],
    ['HostRegexp(`{sub:[a-z]+}.ci.local`)', 'v2', domain, '/'],
    ['HostRegexp(`^api\\.example\\.com$`)', 'v3', 'api.example.com', '/'],
    ['Host(`*.ci.local`)', 'v3', domain, '/'],
    ['Host(`*.example.com`)', 'v3', 'cc-ci.example.com', '/'],
    ['Path(`/foo bar`)', 'v3', domain, '/foo%20bar'],
    ['Host(`app.ci.local`) && !PathPrefix(`/admin`)', 'v3', domain, '/'],
    ['!Path(`/`)', 'v3', domain, '/cc-ci'],
    ['!Host(`app.ci.local`)', 'v3', `cc-ci.${domain}`, '/'],
  ])('%s (%s) → %s%s', (rule, syntax, host, target) => {
    expect(synth(rule, syntax as RuleSyntax)).toMatchObject({ host, target, method: 'GET' });
  });

  it('prefers the alternative on the app domain', () => {
    expect(synth('Host(`elsewhere.test`) || (Host(`app.ci.local`) && Path(`/x`))')).toMatchObject({ host: domain, target: '/x' });
  });

  it('prefers GET among several methods, and uses the only method a rule allows', () => {
    expect(synth('Method(`POST`, `GET`)', 'v2')?.method).toBe('GET');
    expect(synth('Method(`post`)')?.method).toBe('POST');
  });

  it('sends the headers and query a rule requires', () => {
    expect(synth('Header(`X-Api`, `1`) && Query(`mobile`, `true`) && Query(`debug`)')).toMatchObject({
      headers: [['X-Api', '1']],
      target: '/?mobile=true&debug',
    });
    expect(synth('Headers(`X-A`, `1`, `X-B`, `2`) && Query(`foo=bar`)', 'v2')).toMatchObject({
      headers: [
        ['X-A', '1'],
        ['X-B', '2'],
      ],
      target: '/?foo=bar',
    });
    expect(synth('HeaderRegexp(`Accept`, `^application/(json|yaml)$`)')?.headers).toEqual([['Accept', 'application/json']]);
  });

  it('relies on the X-Forwarded-* headers traefik itself sets before routing', () => {
    expect(synth('Header(`X-Forwarded-Proto`, `https`)')).toMatchObject({ host: domain, target: '/', headers: [] });
    expect(synthesize(compileRule('Header(`X-Forwarded-Proto`, `http`)', 'v3'), { domain, scheme: 'https' })).toBeUndefined();
  });

  it('picks a client address inside a ClientIP range', () => {
    expect(synth('ClientIP(`10.76.105.0/24`)')?.clientIP).toBe('10.76.105.0');
    expect(synth('!ClientIP(`203.0.113.0/24`)')?.clientIP).toBe('198.51.100.10');
  });

  it('finds nothing for a contradiction', () => {
    expect(synthesize(compileRule('Path(`/a`) && !Path(`/a`)', 'v3'), { domain, scheme: 'https' })).toBeUndefined();
    expect(synthesize(compileRule('Path(`/a`) && Path(`/b`)', 'v3'), { domain, scheme: 'https' })).toBeUndefined();
  });
});
