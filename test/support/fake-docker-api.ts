import type { DockerApi } from '../../src/backends/swarm/docker-api';

/** One frame of the Engine API's multiplexed stream (attach, exec, logs): 8-byte header, payload. */
export function muxFrame(type: number, payload: Buffer | string): Buffer {
  const body = Buffer.from(payload);
  const head = Buffer.alloc(8);
  head[0] = type;
  head.writeUInt32BE(body.length, 4);
  return Buffer.concat([head, body]);
}

/** `route` answers every call with a value or a thrown error; `list(kind, filters)` arrives as ('LIST', kind, filters). */
export type Route = (method: string, path: string, arg?: unknown) => unknown;

/**
 * A DockerApi whose every method goes to `route`, for unit tests of the code that drives the
 * Engine API. `calls` has each request as `METHOD path`; `requests` has them with their options.
 */
export function routedApi(route: Route): { api: DockerApi; calls: string[]; requests: { method: string; path: string; arg?: unknown }[] } {
  const calls: string[] = [];
  const requests: { method: string; path: string; arg?: unknown }[] = [];
  const answer = async (method: string, path: string, arg?: unknown) => {
    calls.push(`${method} ${path}`);
    requests.push({ method, path, arg });
    return route(method, path, arg);
  };
  const api = {
    call: (m: string, p: string, o?: unknown) => answer(m, p, o),
    get: (p: string) => answer('GET', p),
    list: (kind: string, filters: unknown) => answer('LIST', kind, filters),
    stream: (m: string, p: string, o?: unknown) => answer(m, p, o),
    hijack: (m: string, p: string, o?: unknown) => answer(m, p, o),
  };
  return { api: api as unknown as DockerApi, calls, requests };
}
