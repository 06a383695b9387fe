import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DockerApi, RequestOptions } from '../../src/backends/swarm/docker-api';

/**
 * ensureHelperImage's paths with a fake Engine API: the pull fallback when the host has no static
 * busybox, its failures, the import's failures, and the ELF check itself.
 */
const state = vi.hoisted(() => ({ noBusybox: false, tarFails: false }));

vi.mock('node:fs', async (orig) => {
  const fs = await orig<typeof import('node:fs')>();
  return { ...fs, existsSync: (p: string) => (state.noBusybox && /busybox$/.test(p) ? false : fs.existsSync(p)) };
});

vi.mock('../../src/util/exec', async (orig) => {
  const exec = await orig<typeof import('../../src/util/exec')>();
  return {
    ...exec,
    run: (cmd: string, args: readonly string[], opts?: object) =>
      state.tarFails && cmd === 'tar'
        ? Promise.resolve({ code: 2, stdout: '', stderr: 'tar: no space left\n' })
        : exec.run(cmd, args, opts),
  };
});

interface Call {
  method: string;
  path: string;
  opts?: RequestOptions;
}

function fakeApi(handlers: { stream?: (c: Call) => Promise<Readable>; call?: (c: Call) => Promise<unknown> }) {
  const calls: Call[] = [];
  const api = {
    call: (method: string, path: string, opts?: RequestOptions) => {
      calls.push({ method, path, opts });
      if (method === 'GET' && path.startsWith('/images/')) return Promise.resolve(undefined); // not there yet
      return handlers.call ? handlers.call({ method, path, opts }) : Promise.resolve(undefined);
    },
    stream: (method: string, path: string, opts?: RequestOptions) => {
      calls.push({ method, path, opts });
      // As the real client does with an input it sends: read it, errors included.
      opts?.input?.on('error', () => {}).resume();
      return handlers.stream!({ method, path, opts });
    },
  };
  return { api: api as unknown as DockerApi, calls };
}

const messages = (...m: object[]) => Readable.from(m.map((x) => Buffer.from(`${JSON.stringify(x)}\n`)));

describe('ensureHelperImage', () => {
  beforeEach(() => {
    state.noBusybox = false;
    state.tarFails = false;
    vi.resetModules();
    delete process.env.CCCI_HELPER_IMAGE;
  });
  afterEach(() => {
    delete process.env.CCCI_HELPER_IMAGE;
  });

  it('with no static busybox, pulls busybox:1.37 and tags it as the helper image', async () => {
    state.noBusybox = true;
    const { ensureHelperImage, HELPER_IMAGE } = await import('../../src/backends/swarm/helper-image');
    const { api, calls } = fakeApi({ stream: () => Promise.resolve(messages({ status: 'Pulling' }, { status: 'Done' })) });
    const log: string[] = [];
    await ensureHelperImage((m) => log.push(m), api);
    expect(HELPER_IMAGE).toBe('cc-ci/helper:1');
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'GET /images/cc-ci/helper:1/json',
      'POST /images/create',
      'POST /images/busybox:1.37/tag',
    ]);
    expect(calls[1]!.opts!.query).toEqual({ fromImage: 'busybox', tag: '1.37' });
    expect(calls[2]!.opts!.query).toEqual({ repo: 'cc-ci/helper', tag: '1' });
    expect(log).toEqual(['tagged busybox:1.37 as cc-ci/helper:1']);
  });

  it('a helper image named without a tag is tagged `latest` (a registry port is not a tag)', async () => {
    state.noBusybox = true;
    process.env.CCCI_HELPER_IMAGE = 'localhost:5000/cc-ci/helper';
    const { ensureHelperImage } = await import('../../src/backends/swarm/helper-image');
    const { api, calls } = fakeApi({ stream: () => Promise.resolve(messages({ status: 'Done' })) });
    await ensureHelperImage(() => {}, api);
    expect(calls.at(-1)!.opts!.query).toEqual({ repo: 'localhost:5000/cc-ci/helper', tag: 'latest' });
  });

  it('a failed pull is a UserError that says how to get a static busybox', async () => {
    state.noBusybox = true;
    const { ensureHelperImage } = await import('../../src/backends/swarm/helper-image');
    const { UserError } = await import('../../src/errors'); // the module instance helper-image sees
    const { api } = fakeApi({ stream: () => Promise.resolve(messages({ error: 'pull access denied' })) });
    const e = await ensureHelperImage(() => {}, api).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UserError);
    expect((e as Error).message).toMatch(
      /no static busybox on this host \(apt-get install busybox-static\) and pulling busybox:1\.37 failed: pull access denied$/,
    );
  });

  it('a failed tag after the pull is reported as such', async () => {
    state.noBusybox = true;
    const { ensureHelperImage } = await import('../../src/backends/swarm/helper-image');
    const { api } = fakeApi({
      stream: () => Promise.resolve(messages({ status: 'Done' })),
      call: () => Promise.reject(new Error('no such image')),
    });
    await expect(ensureHelperImage(() => {}, api)).rejects.toThrow(/^docker tag failed: no such image$/);
  });

  it('an import the daemon refuses, or reports failed in its stream, is "docker import failed"', async () => {
    const { ensureHelperImage } = await import('../../src/backends/swarm/helper-image');
    const refused = fakeApi({ stream: () => Promise.reject(new Error('500 no space')) });
    await expect(ensureHelperImage(() => {}, refused.api)).rejects.toThrow(/^docker import failed: 500 no space$/);
    expect(refused.calls[1]!.opts!.query).toMatchObject({ fromSrc: '-', repo: 'cc-ci/helper', tag: '1' });
    const failed = fakeApi({ stream: () => Promise.resolve(messages({ errorDetail: { message: 'invalid tar header' } })) });
    await expect(ensureHelperImage(() => {}, failed.api)).rejects.toThrow(/^docker import failed: invalid tar header$/);
  });

  it('a tar that fails is reported with its first error line, and nothing is imported', async () => {
    state.tarFails = true;
    const { ensureHelperImage } = await import('../../src/backends/swarm/helper-image');
    const { api, calls } = fakeApi({ stream: () => Promise.resolve(messages()) });
    await expect(ensureHelperImage(() => {}, api)).rejects.toThrow(/^tar failed: tar: no space left$/);
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);
  });
});

describe('isStaticElf', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cc-ci-elf-'));
  afterEach(() => undefined);

  it('is false for a file that is not an ELF64 executable', async () => {
    const { isStaticElf } = await import('../../src/backends/swarm/helper-image');
    const script = join(dir, 'script');
    writeFileSync(script, '#!/bin/sh\necho hi\n'.padEnd(64, ' '));
    expect(isStaticElf(script)).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });

  it('is false for a dynamically linked program (it has a PT_INTERP header), true for a static busybox', async () => {
    const { isStaticElf } = await import('../../src/backends/swarm/helper-image');
    expect(isStaticElf(process.execPath)).toBe(false);
    expect(isStaticElf('/bin/busybox')).toBe(true);
  });
});
