import * as fs from 'node:fs';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { boundedFile, containedFile, containedPath, MAX_TEXT_BYTES } from '../../src/recipe/paths';
import { UserError } from '../../src/errors';

/** Paths whose stat() is replaced by a fake: kinds no test can create portably (a block device needs root and CAP_MKNOD). */
const fakeStats = vi.hoisted(() => new Map<string, Partial<fs.Stats>>());
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return {
    ...real,
    statSync: ((path: fs.PathLike, opts?: fs.StatSyncOptions) =>
      fakeStats.get(String(path)) ?? real.statSync(path, opts)) as typeof real.statSync,
  };
});

const at = { file: 'compose.yml', line: 3 };
const kinds = { isFile: false, isDirectory: false, isFIFO: false, isCharacterDevice: false, isBlockDevice: false, isSocket: false };
const fake = (is: Partial<Record<keyof typeof kinds, boolean>>): Partial<fs.Stats> =>
  Object.fromEntries(Object.entries({ ...kinds, ...is }).map(([k, v]) => [k, () => v]));

function refusal(fn: () => unknown): UserError {
  try {
    fn();
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('not refused');
}

let dir: string | undefined;
let server: Server | undefined;
afterEach(async () => {
  fakeStats.clear();
  if (server) await new Promise((done) => server!.close(done));
  server = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('boundedFile names the kind of what is not a regular file', () => {
  it('a unix socket', async () => {
    dir = mkdtempSync(join(tmpdir(), 'cc-ci-kinds-'));
    const sock = join(dir, 'app.sock');
    const s = createServer();
    server = s;
    await new Promise<void>((done) => s.listen(sock, done));
    const e = refusal(() => containedFile(dir!, 'app.sock', { what: 'configs.c.file', at, maxBytes: MAX_TEXT_BYTES }));
    expect(e.message).toBe('configs.c.file "app.sock" is a socket, not a regular file; name a regular file inside the recipe directory');
    expect([e.file, e.line]).toEqual(['compose.yml', 3]);
  });

  it('a block device', () => {
    fakeStats.set('/fake/disk', fake({ isBlockDevice: true }));
    expect(refusal(() => boundedFile('/fake/disk', { at, maxBytes: MAX_TEXT_BYTES, rootName: 'overlay' })).message).toBe(
      'is a block device, not a regular file; name a regular file inside the overlay directory',
    );
  });

  it('a kind stat() reports as none of the known ones', () => {
    fakeStats.set('/fake/odd', fake({}));
    expect(refusal(() => boundedFile('/fake/odd', { at, maxBytes: MAX_TEXT_BYTES })).message).toBe(
      'is of an unknown kind, not a regular file; name a regular file inside the recipe directory',
    );
  });
});

describe('containedPath when the path cannot be resolved', () => {
  it('a path through a regular file (ENOTDIR) is a missing file: undefined when optional, refused otherwise', () => {
    dir = mkdtempSync(join(tmpdir(), 'cc-ci-kinds-'));
    mkdirSync(join(dir, 'recipe'));
    writeFileSync(join(dir, 'recipe', 'compose.yml'), 'services: {}\n');
    const root = join(dir, 'recipe');
    expect(containedPath(root, 'compose.yml/app.conf', { at, optional: true })).toBeUndefined();
    expect(refusal(() => containedPath(root, 'compose.yml/app.conf', { what: 'env_file', at })).message).toBe(
      'env_file "compose.yml/app.conf" does not exist; add it or name a file inside the recipe directory',
    );
    // a symlink whose target runs through a regular file is refused like any dangling symlink
    symlinkSync('compose.yml/app.conf', join(root, 'link.conf'));
    expect(refusal(() => containedPath(root, 'link.conf', { what: 'env_file', at, optional: true })).message).toBe(
      'env_file "link.conf" is a symlink to a missing file; name a file inside the recipe directory',
    );
    // outside the recipe it is refused as outside, even though it cannot exist
    expect(refusal(() => containedPath(root, '../recipe2/x/y', { at, optional: true })).message).toMatch(/^is outside the recipe;/);
  });

  it("any other error of the file system is not the recipe's mistake: it is thrown as it is", () => {
    dir = mkdtempSync(join(tmpdir(), 'cc-ci-kinds-'));
    let err: unknown;
    try {
      containedPath(dir, 'n'.repeat(300), { at, optional: true });
    } catch (e) {
      err = e;
    }
    expect(err).not.toBeInstanceOf(UserError);
    expect(err).toMatchObject({ code: 'ENAMETOOLONG' });
  });
});
