import {
  closeSync,
  createReadStream,
  existsSync,
  mkdtempSync,
  openSync,
  readSync,
  rmSync,
  mkdirSync,
  copyFileSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, firstErrorLine } from '../../util/exec';
import { UserError } from '../../errors';
import { DockerApi, drainMessages } from './docker-api';

/**
 * The small image cc-ci runs its own containers from: the HTTP probe, volume backup and restore.
 * Built from the host's static busybox when there is one (no registry needed), else pulled.
 */
export const HELPER_IMAGE = process.env.CCCI_HELPER_IMAGE || 'cc-ci/helper:1';
const PULL_FALLBACK = 'busybox:1.37';
/** Pulls and imports report progress as they go: only silence this long is a failure. */
const IMAGE_IDLE_MS = 120_000;

export async function ensureHelperImage(log: (m: string) => void, api = new DockerApi()): Promise<void> {
  if (await api.call('GET', `/images/${HELPER_IMAGE}/json`, { ok404: true })) return;
  const busybox = ['/bin/busybox', '/usr/bin/busybox'].find((p) => existsSync(p) && isStaticElf(p));
  if (busybox) {
    await importBusybox(api, busybox);
    log(`built ${HELPER_IMAGE} from ${busybox}`);
    return;
  }
  try {
    const [fromImage, tag] = splitTag(PULL_FALLBACK);
    await drainMessages(await api.stream('POST', '/images/create', { query: { fromImage, tag }, idleMs: IMAGE_IDLE_MS }));
  } catch (e) {
    throw new UserError(
      `cannot build ${HELPER_IMAGE}: no static busybox on this host (apt-get install busybox-static) and pulling ${PULL_FALLBACK} failed: ${(e as Error).message}`,
    );
  }
  const [repo, tag] = splitTag(HELPER_IMAGE);
  await api.call('POST', `/images/${PULL_FALLBACK}/tag`, { query: { repo, tag } }).catch((e: Error) => {
    throw new Error(`docker tag failed: ${e.message}`);
  });
  log(`tagged ${PULL_FALLBACK} as ${HELPER_IMAGE}`);
}

/** `name[:tag]` as the API takes it (repo and tag apart; no tag is `latest`, as the CLI does). */
function splitTag(ref: string): [string, string] {
  const colon = ref.lastIndexOf(':');
  return colon > ref.lastIndexOf('/') ? [ref.slice(0, colon), ref.slice(colon + 1)] : [ref, 'latest'];
}

/** `docker import -c 'ENV PATH=/bin' -c 'CMD ["sh"]' rootfs.tar <image>`, over the API. */
async function importBusybox(api: DockerApi, busybox: string): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'cc-ci-helper-'));
  try {
    const fs = join(root, 'fs');
    for (const d of ['bin', 'tmp', 'www', 'data']) mkdirSync(join(fs, d), { recursive: true });
    copyFileSync(busybox, join(fs, 'bin/busybox'));
    const applets = (await run(busybox, ['--list'])).stdout.split('\n').filter((a) => /^[\w.[-]+$/.test(a) && a !== 'busybox');
    for (const a of applets) symlinkSync('busybox', join(fs, 'bin', a));
    const tar = join(root, 'rootfs.tar');
    const packed = await run('tar', ['-C', fs, '-cf', tar, '.']);
    if (packed.code !== 0) throw new Error(`tar failed: ${firstErrorLine(packed)}`);
    // The daemon names the image repo:tag (moby daemon/images/image_import.go ImportImage: the
    // repo parsed, then WithTag), runs each `changes` entry as one Dockerfile instruction on the
    // image config, and answers 200 at once: a failure comes as a message in the stream.
    const [repo, tag] = splitTag(HELPER_IMAGE);
    const res = await api
      .stream('POST', '/images/create', {
        query: { fromSrc: '-', repo, tag, changes: ['ENV PATH=/bin', 'CMD ["sh"]'] },
        input: createReadStream(tar),
        contentType: 'application/x-tar',
        idleMs: IMAGE_IDLE_MS,
      })
      .catch((e: Error) => {
        throw new Error(`docker import failed: ${e.message}`);
      });
    await drainMessages(res).catch((e: Error) => {
      throw new Error(`docker import failed: ${e.message}`);
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** A static ELF has no PT_INTERP program header, so it runs in an empty root filesystem. */
export function isStaticElf(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(64);
    readSync(fd, head, 0, 64, 0);
    if (head.readUInt32BE(0) !== 0x7f454c46 || head[4] !== 2) return false; // ELF64 only
    const phoff = Number(head.readBigUInt64LE(32));
    const phentsize = head.readUInt16LE(54);
    const phnum = head.readUInt16LE(56);
    const table = Buffer.alloc(phentsize * phnum);
    readSync(fd, table, 0, table.length, phoff);
    for (let i = 0; i < phnum; i++) if (table.readUInt32LE(i * phentsize) === 3) return false;
    return true;
  } finally {
    closeSync(fd);
  }
}
