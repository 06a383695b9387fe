import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { readResults } from '../../src/report/results-file';
import { CLI, ROOT, dockerLeftovers, fixture, runCli, stackOf, tempDir, uniqueDomain } from '../support/cli';

const BIG_VOLUME = join(ROOT, 'test/support/big-volume.sh');
const MIB = 1024;
/** The bound on cc-ci's peak memory while it backs up and restores MIB MiB. */
const PEAK_LIMIT_BYTES = 200e6;

/** `cc-ci test` under /usr/bin/time -v: its exit code, stderr and peak resident set size. */
function timedCli(args: string[]): Promise<{ code: number | null; stderr: string; maxRssBytes: number }> {
  return new Promise((done) => {
    const child = spawn('/usr/bin/time', ['-v', process.execPath, CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => {
      const kib = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1];
      done({ code, stderr, maxRssBytes: kib ? Number(kib) * 1024 : NaN });
    });
  });
}

const sums = (lines: string) =>
  Object.fromEntries(
    lines
      .trim()
      .split('\n')
      .map((l) => l.split(/\s+/).reverse()),
  );

describe('snapshots stream (real swarm)', () => {
  it(`backs up and restores ${MIB} MiB with cc-ci's peak memory under 200 MB, data back byte for byte`, async ({ expect }) => {
    const domain = uniqueDomain('bigvol');
    const stack = stackOf(domain);
    const volume = `${stack}_data`;
    const out = join(tempDir(), 'results.json');
    try {
      const before = sums(execFileSync('bash', [BIG_VOLUME, 'fill', volume, stack, String(MIB)], { encoding: 'utf8' }));
      expect(Object.keys(before)).toHaveLength(MIB / 128 + 300);

      const run = await timedCli([
        'test',
        fixture('big-volume'),
        '--ops',
        'backup,restore',
        '--upgrade-from',
        'none',
        '--teardown',
        'never',
        '--domain',
        domain,
        '--results',
        out,
      ]);
      expect(run.code, run.stderr).toBe(0);
      const r = readResults(out);
      expect(Object.fromEntries(r.ops.map((o) => [o.op, o.status]))).toEqual({ install: 'pass', backup: 'pass', restore: 'pass' });
      expect(run.maxRssBytes, run.stderr).toBeLessThan(PEAK_LIMIT_BYTES);

      // The manifest's checksums, taken by cc-ci as the archive streamed past, are the generator's.
      const snapshotId = /snapshot (snap-\S+):/.exec(r.ops.find((o) => o.op === 'backup')!.reason)![1]!;
      const manifest = JSON.parse(readFileSync(join('/tmp/cc-ci', stack, 'snapshots', snapshotId, 'manifest.json'), 'utf8')) as {
        volumes: { bytes: number; files: { path: string; sha256: string }[] }[];
      };
      const recorded = Object.fromEntries(
        manifest.volumes[0]!.files.filter((f) => /^(big|small)\//.test(f.path)).map((f) => [f.path, f.sha256]),
      );
      expect(recorded).toEqual(before);
      expect(manifest.volumes[0]!.bytes).toBeGreaterThanOrEqual(MIB * 2 ** 20);
      // Restore wiped the volume and untarred the snapshot: every file is back as generated.
      expect(sums(execFileSync('bash', [BIG_VOLUME, 'sums', volume], { encoding: 'utf8' }))).toEqual(before);
    } finally {
      await runCli(['teardown', stack]);
      execFileSync('docker', ['volume', 'rm', '-f', volume], { stdio: 'ignore' });
      rmSync(join('/tmp/cc-ci', stack), { recursive: true, force: true });
    }
    expect(dockerLeftovers(stack)).toEqual([]);
    // 2 to 2.5 minutes on the 2-core test bed under other test runs, much of it generating and checksumming the data.
  }, 300_000);
});
