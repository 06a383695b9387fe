import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exchangeThrough } from '../../src/backends/swarm/tunnel';
import { HELPER_IMAGE } from '../../src/backends/swarm/helper-image';
import { tempDir } from '../support/cli';

/**
 * The probe's transport on its own: HTTP(S) spoken by Node through `nc` exec'd in the container
 * on a hijacked Engine API connection.
 * The container shares the host's network here so it can reach a TLS server the test runs on
 * 127.0.0.1 (busybox has no TLS server to put in a fixture image).
 */
describe('the probe tunnel', () => {
  const container = `cc-ci-test-tunnel-${process.pid}`;
  let server: Server;
  let port: number;
  const seen: { method?: string; url?: string; headers?: Record<string, unknown> } = {};

  beforeAll(async () => {
    const dir = tempDir();
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=app.ci.local',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (req, res) => {
      Object.assign(seen, { method: req.method, url: req.url, headers: req.headers });
      res.writeHead(req.url === '/missing' ? 404 : 200, { 'content-type': 'text/plain' });
      res.end(`served ${req.method} ${req.url} over TLS`);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
    execFileSync('docker', ['run', '-d', '--rm', '--name', container, '--network', 'host', HELPER_IMAGE, 'sleep', '300']);
  });

  afterAll(() => {
    execFileSync('docker', ['rm', '-f', container], { stdio: 'ignore' });
    server.close();
  });

  it('speaks TLS to an https backend (self-signed, as behind a proxy), with the method, path and headers it was given', async () => {
    const r = await exchangeThrough(container, '127.0.0.1', port, {
      scheme: 'https',
      method: 'POST',
      path: '/api/x?y=1',
      headers: { host: 'app.ci.local', 'x-forwarded-proto': 'https' },
    });
    expect(r.status).toBe(200);
    expect(r.body).toBe('served POST /api/x?y=1 over TLS');
    expect(seen).toMatchObject({ method: 'POST', url: '/api/x?y=1', headers: { host: 'app.ci.local', 'x-forwarded-proto': 'https' } });
    expect(
      (
        await exchangeThrough(container, '127.0.0.1', port, {
          scheme: 'https',
          method: 'GET',
          path: '/missing',
          headers: { host: 'app.ci.local' },
        })
      ).status,
    ).toBe(404);
  });

  it("fails with nc's own words when nothing listens, and without an answer when plain HTTP meets a TLS backend", async () => {
    await expect(
      exchangeThrough(container, '127.0.0.1', 1, { scheme: 'http', method: 'GET', path: '/', headers: { host: 'x' } }),
    ).rejects.toThrow(/Connection refused|can't connect/);
    await expect(
      exchangeThrough(container, '127.0.0.1', port, { scheme: 'http', method: 'GET', path: '/', headers: { host: 'x' } }),
    ).rejects.toThrow(/socket hang up|connection closed without a response/);
    await expect(
      exchangeThrough(container, 'no-such-host.invalid', 80, { scheme: 'http', method: 'GET', path: '/', headers: { host: 'x' } }),
    ).rejects.toThrow(/bad address/);
  });
});
