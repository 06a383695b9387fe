import { createServer, type Server, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Endpoint } from '../../src/backends/swarm/endpoint';

/**
 * A fake Docker daemon on a unix socket for unit tests of the Engine API client and what streams
 * through it: `respond` gets each connection with its request head (method, path, headers) and
 * answers it raw. `close` destroys what is still open (a silent answer, a stream) and removes the
 * socket's directory.
 */
export async function fakeDaemon(
  respond: (socket: Socket, head: string) => void,
): Promise<{ endpoint: Endpoint; close: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'cc-ci-fake-daemon-'));
  const path = join(dir, 'docker.sock');
  const open = new Set<Socket>();
  const server: Server = createServer((socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    let buf = '';
    socket.on('error', () => {});
    socket.on('data', (c: Buffer) => {
      if (buf.includes('\r\n\r\n')) return;
      buf += c.toString('latin1');
      if (buf.includes('\r\n\r\n')) respond(socket, buf.slice(0, buf.indexOf('\r\n\r\n') + 2));
    });
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return {
    endpoint: { kind: 'unix', host: `unix://${path}`, path, from: 'the test' },
    close: async () => {
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
