import { describe, expect, it } from 'vitest';
import { boundedExec, boundedTest } from '../../src/util/bounded-regex';
import { judge } from '../../src/operations/serving';
import { app, plan } from '../support/traefik-app';
import { planProbes } from '../../src/traefik';
import { RegexTimeout } from '../../src/errors';

// A pattern that backtracks for tens of seconds on a 50-character subject in V8 (measured: 38 s).
const HOSTILE = '^(.*a){28}$';
const SUBJECT = `https://x.ci.local/${'a'.repeat(31)}`;

describe('regular expressions a pull request wrote run with a time limit', () => {
  it('answers as RegExp does for ordinary patterns', () => {
    expect(boundedTest(/^https:\/\/www\.(.*)/u, 'https://www.x.ci.local/')).toBe(true);
    expect(boundedExec(/(\d+)-(\d+)/u, 'v 12-34')?.slice(1)).toEqual(['12', '34']);
    expect(boundedTest(/nope/u, 'yes')).toBe(false);
  });

  it('stops a backtracking pattern and names it, instead of blocking the event loop', () => {
    const started = Date.now();
    expect(() => boundedTest(new RegExp(HOSTILE, 'u'), SUBJECT, HOSTILE, 100)).toThrow(RegexTimeout);
    expect(() => boundedTest(new RegExp(HOSTILE, 'u'), SUBJECT, HOSTILE, 100)).toThrow(/`\^\(\.\*a\)\{28\}\$` ran for over 100 ms/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a hostile redirectregex label makes its router unroutable with a finding, and planning returns', () => {
    const { plans, findings } = plan({
      'traefik.http.routers.app.rule': 'Host(`app.ci.local`) && Path(`/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa`)',
      'traefik.http.routers.app.middlewares': 'm',
      'traefik.http.middlewares.m.redirectregex.regex': HOSTILE,
      'traefik.http.middlewares.m.redirectregex.replacement': 'https://app.ci.local/',
    });
    expect(plans[0]!.outcome).toMatchObject({ kind: 'unroutable', detail: expect.stringMatching(/`\^\(\.\*a\)\{28\}\$` ran for over/) });
    expect(findings.some((f) => f.level === 'error' && /ran for over/.test(f.message))).toBe(true);
    expect(planProbes([app({})], { domain: 'app.ci.local', proxyNetwork: 'proxy' }).plans[0]!.outcome.kind).toBe('forward');
  });

  it('a hostile probe.body fails the serving check instead of hanging it', () => {
    expect(judge({ status: 200, headers: {}, body: SUBJECT }, { body: HOSTILE })).toEqual({
      ok: false,
      detail: expect.stringMatching(/^probe\.body: the regular expression `\^\(\.\*a\)\{28\}\$` ran for over 250 ms/),
    });
  });
});
