import { closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync, mkdirSync, copyFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, firstErrorLine } from '../../util/exec';
import { UserError } from '../../engine/errors';

/**
 * The small image cc-ci runs its own containers from: the HTTP probe, volume backup and restore.
 * Built from the host's static busybox when there is one (no registry needed), else pulled.
 */
export const HELPER_IMAGE = process.env.CCCI_HELPER_IMAGE || 'cc-ci/helper:1';
const PULL_FALLBACK = 'busybox:1.37';

export async function ensureHelperImage(log: (m: string) => void): Promise<void> {
  if ((await run('docker', ['image', 'inspect', '--format', '{{.Id}}', HELPER_IMAGE])).code === 0) return;
  const busybox = ['/bin/busybox', '/usr/bin/busybox'].find((p) => existsSync(p) && isStaticElf(p));
  if (busybox) {
    await importBusybox(busybox);
    log(`built ${HELPER_IMAGE} from ${busybox}`);
    return;
  }
  const pulled = await run('docker', ['pull', '-q', PULL_FALLBACK]);
  if (pulled.code !== 0) {
    throw new UserError(`cannot build ${HELPER_IMAGE}: no static busybox on this host (apt-get install busybox-static) and pulling ${PULL_FALLBACK} failed: ${firstErrorLine(pulled)}`);
  }
  await mustRun(['tag', PULL_FALLBACK, HELPER_IMAGE]);
  log(`tagged ${PULL_FALLBACK} as ${HELPER_IMAGE}`);
}

async function importBusybox(busybox: string): Promise<void> {
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
    await mustRun(['import', '-c', 'ENV PATH=/bin', '-c', 'CMD ["sh"]', tar, HELPER_IMAGE]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function mustRun(args: string[]): Promise<void> {
  const r = await run('docker', args);
  if (r.code !== 0) throw new Error(`docker ${args[0]} failed: ${firstErrorLine(r)}`);
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
