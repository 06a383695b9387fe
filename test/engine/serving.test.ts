import { describe, expect, it } from 'vitest';
import type { HttpResponse } from '../../src/backends/backend';
import { recipeCopy } from '../support/copy';
import { APP, fixture, opOf, run } from './helpers';

// real-shaped routes Host(domain) && PathPrefix(`/cms`) to port 8787 through a stripprefix middleware.
const MIDDLEWARES = '        - "traefik.http.routers.${STACK_NAME}.middlewares=${STACK_NAME}-strip"\n';
const label = (l: string) => `        - "${l}"\n`;
const realShaped = (edit: (compose: string) => string) => recipeCopy(fixture('real-shaped'), { edit: { 'compose.yml': edit } });
const answer = (status: number, body = 'ok'): HttpResponse => ({ status, headers: {}, body });

const servingOf = async (...args: Parameters<typeof run>) => {
  const { results, log } = await run(...args);
  const install = opOf(results, 'install');
  return { install, serving: install.assertions.find((a) => a.name === 'serving'), requests: log.filter((l) => l.startsWith('http ')) };
};

describe('the serving check', () => {
  it('sends the app the path stripprefix leaves: /', async () => {
    const { install, requests } = await servingOf(fixture('real-shaped'), ['install']);
    expect(install.status).toBe('pass');
    expect(requests).toEqual([`http ${APP}:8787 GET /`]);
  });

  it('sends the app the prefix when no middleware strips it', async () => {
    const { serving, requests } = await servingOf(
      realShaped((c) => c.replace(MIDDLEWARES, '')),
      ['install'],
    );
    expect(requests).toEqual([`http ${APP}:8787 GET /cms`]);
    expect(serving).toEqual({ name: 'serving', status: 'pass', detail: 'GET https://engine.ci.local/cms → app:8787 GET /cms: 200' });
  });

  it('counts a 401 behind basicauth as serving', async () => {
    const withAuth = realShaped((c) =>
      c.replace(
        MIDDLEWARES,
        MIDDLEWARES.replace('-strip"', '-strip,${STACK_NAME}-auth"') +
          label('traefik.http.middlewares.${STACK_NAME}-auth.basicauth.users=ci:$$$$apr1$$$$H6uskkkW$$$$IgXLP6ewTrSuBkTrqE8wj/'),
      ),
    );
    const { install, serving, requests } = await servingOf(withAuth, ['install'], { http: () => answer(401, 'Unauthorized') });
    expect(install.status).toBe('pass');
    expect(serving?.detail).toBe(
      'GET https://engine.ci.local/cms → app:8787 GET / (behind basicauth): 401: serving behind basicauth (middleware engine_ci_local-auth)',
    );
    expect(requests).toEqual([`http ${APP}:8787 GET /`]);
  });

  it('fails on a redirect to another domain, without asking the app', async () => {
    const away = realShaped((c) =>
      c.replace(
        MIDDLEWARES,
        MIDDLEWARES.replace('-strip"', '-away"') +
          label('traefik.http.middlewares.${STACK_NAME}-away.redirectregex.regex=.*') +
          label('traefik.http.middlewares.${STACK_NAME}-away.redirectregex.replacement=https://elsewhere.example.org/'),
      ),
    );
    const { install, requests } = await servingOf(away, ['install']);
    expect([install.status, install.reason]).toEqual([
      'fail',
      "not serving: GET https://engine.ci.local/cms → 302 https://elsewhere.example.org/: 302 redirect to https://elsewhere.example.org/ by middleware engine_ci_local-away, away from the app's domain",
    ]);
    expect(install.autopsy).toMatchObject({ reason: 'not_serving' });
    expect(requests).toEqual([]);
  });

  it('is skipped, with the reason, when no service has traefik labels', async () => {
    const unrouted = recipeCopy(fixture('no-backup'), {
      edit: { 'compose.yml': (c) => c.replace(/ {4}deploy:\n {6}labels:\n( {8}- .*\n)+/, '') },
    });
    const { install, requests } = await servingOf(unrouted, ['install']);
    expect([install.status, install.reason]).toEqual([
      'pass',
      'converged; serving check skipped (no HTTP router: no service has traefik.enable=true and a router)',
    ]);
    expect(requests).toEqual([]);
  });

  it("requests config.probe.path instead of the router rule's path", async () => {
    const probed = recipeCopy(fixture('real-shaped'), { add: { '.cc-ci/config.yml': 'probe:\n  path: /cms/api/health\n' } });
    // Only the health path answers: anything else is a 404 (the timeout bounds the retries if so).
    const http = (t: { exchange: { path: string } }) => (t.exchange.path === '/api/health' ? answer(200) : answer(404));
    const { serving, requests } = await servingOf(probed, ['install'], { http }, { timeout: 2 });
    expect(requests).toEqual([`http ${APP}:8787 GET /api/health`]);
    expect(serving?.detail).toBe('GET https://engine.ci.local/cms/api/health → app:8787 GET /api/health: 200');
  });
});
