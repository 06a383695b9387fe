import { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { DockerApi } from '../../src/backends/swarm/docker-api';
import type { HttpExchange } from '../../src/backends/types';
import { exchangeThrough } from '../../src/backends/swarm/tunnel';
import { muxFrame } from '../support/fake-docker-api';

/**
 * exchangeThrough over a fake exec of `nc`: a hijacked connection that answers the HTTP request
 * written to it with multiplexed frames. Covers repeated headers, bodies over the 1 MiB cap, aborts
 * before and during the exec's start, an exec that cannot be created, and a broken connection.
 */

/** A fake `nc`: once the request's head has been written, `answer` is called with the connection. */
function nc(answer: (d: Duplex) => void): Duplex {
  let seen = '';
  const d: Duplex = new Duplex({
    read() {},
    write(c: Buffer, _e, cb) {
      const before = seen.includes('\r\n\r\n');
      seen += c.toString('latin1');
      if (!before && seen.includes('\r\n\r\n')) setImmediate(() => answer(d));
      cb();
    },
  });
  return d;
}

function fakeApi(start: () => Promise<Duplex>, create: () => Promise<unknown> = async () => ({ Id: 'x1' })) {
  return { call: () => create(), hijack: () => start() } as unknown as DockerApi;
}

const get: HttpExchange = { scheme: 'http', method: 'GET', path: '/', headers: { host: 'app.example' } };

describe('exchangeThrough', () => {
  it('joins repeated headers and keeps at most 1 MiB of the body', async () => {
    const big = 'x'.repeat((1 << 20) + 5000);
    const api = fakeApi(async () =>
      nc((d) => {
        d.push(muxFrame(1, `HTTP/1.1 200 OK\r\nset-cookie: a=1\r\nset-cookie: b=2\r\ncontent-length: ${big.length}\r\n\r\n`));
        for (let i = 0; i < big.length; i += 65536) d.push(muxFrame(1, big.slice(i, i + 65536)));
        d.push(null);
      }),
    );
    const r = await exchangeThrough('probe', 'tasks.app', 80, get, undefined, api);
    expect(r.status).toBe(200);
    expect(r.headers['set-cookie']).toBe('a=1, b=2');
    expect(r.body.length).toBe(1 << 20);
  });

  it('an already aborted signal rejects with its reason, or "aborted" when that is not an Error', async () => {
    const reason = new Error('op cancelled');
    let started = 0;
    const api = fakeApi(async () => {
      started++;
      return nc(() => {});
    });
    await expect(exchangeThrough('probe', 'tasks.app', 80, get, AbortSignal.abort(reason), api)).rejects.toBe(reason);
    await expect(exchangeThrough('probe', 'tasks.app', 80, get, AbortSignal.abort('why'), api)).rejects.toThrow(/^aborted$/);
    expect(started).toBe(0);
  });

  it('an abort while the exec starts closes the connection it then gets', async () => {
    const ctrl = new AbortController();
    const conn = nc(() => {});
    const api = fakeApi(async () => {
      ctrl.abort(new Error('stop'));
      return conn;
    });
    await expect(exchangeThrough('probe', 'tasks.app', 80, get, ctrl.signal, api)).rejects.toThrow(/^stop$/);
    await new Promise((r) => setImmediate(r));
    expect(conn.destroyed).toBe(true);
  });

  it('an exec that cannot be created is the error', async () => {
    const api = fakeApi(
      async () => nc(() => {}),
      async () => {
        throw new Error('No such container: probe');
      },
    );
    await expect(exchangeThrough('probe', 'tasks.app', 80, get, undefined, api)).rejects.toThrow(/^No such container: probe$/);
  });

  it('a connection that breaks before any answer is that error', async () => {
    const api = fakeApi(async () => nc((d) => d.destroy(Object.assign(new Error('attach stream broke'), { code: 'EOTHER' }))));
    await expect(exchangeThrough('probe', 'tasks.app', 80, get, undefined, api)).rejects.toThrow(/attach stream broke/);
  });

  it("https to an IP address (no SNI) that nc cannot reach is nc's last stderr line", async () => {
    let connected = 0;
    const api = fakeApi(async () => {
      connected++;
      const d = new Duplex({ read() {}, write: (_c, _e, cb) => cb() });
      setImmediate(() => {
        d.push(muxFrame(2, 'nc: 10.0.0.1 (10.0.0.1:443): Connection refused\n'));
        d.push(null);
      });
      return d;
    });
    const x: HttpExchange = { scheme: 'https', method: 'GET', path: '/', headers: { host: '10.0.0.1:443' } };
    await expect(exchangeThrough('probe', '10.0.0.1', 443, x, undefined, api)).rejects.toThrow(
      /^nc: 10\.0\.0\.1 \(10\.0\.0\.1:443\): Connection refused$/,
    );
    expect(connected).toBe(1);
  });
});
