// Benchmark (not a test): cc-ci's backup and restore of a volume of generated data against raw
// `tar` through a container on the same volume, in the same run. Prints MB/s for each and cc-ci's
// peak memory (/usr/bin/time -v). cc-ci's ops do more than move the archive (a witness file,
// checksums and manifest; restore scales the service to 0 and back and waits for it to converge
// and serve), so a second cc-ci run on an empty volume measures that fixed cost, and the data rate
// is the difference.
//
//   npm run -s build && bash scripts/testbed.sh && node bench/snapshot.mjs [MIB]
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const mib = Number(process.argv[2] ?? 1024);
const work = mkdtempSync(join(tmpdir(), 'cc-ci-bench-'));
const image = 'cc-ci-fixture/web:1';
const fill = join(root, 'test/support/big-volume.sh');
const cli = join(root, 'dist/cli.js');

const seconds = (t0) => (performance.now() - t0) / 1000;
const rate = (bytes, s) => `${(bytes / 1e6 / s).toFixed(0)} MB/s`;

/** A run's stack: its volume filled with `size` MiB first (0: left for the deploy to create, empty). */
function withStack(prefix, size, body) {
  const stack = `${prefix}-${Math.random().toString(16).slice(2, 8)}_ci_local`;
  const volume = `${stack}_data`;
  try {
    if (size) execFileSync('bash', [fill, 'fill', volume, stack, String(size)], { stdio: 'ignore' });
    return body(stack.replace(/_/g, '.'), volume);
  } finally {
    spawnSync(process.execPath, [cli, 'teardown', stack], { stdio: 'ignore' });
    spawnSync('docker', ['volume', 'rm', '-f', volume], { stdio: 'ignore' });
    rmSync(join(tmpdir(), 'cc-ci', stack), { recursive: true, force: true });
  }
}

/** Raw tar: out of the volume into a file, then the volume emptied and refilled from it, as cc-ci's helpers do. */
function rawTar(volume) {
  const file = join(work, 'raw.tar');
  const out = openSync(file, 'w');
  let t0 = performance.now();
  execFileSync(
    'docker',
    ['run', '--rm', '--log-driver', 'none', '-v', `${volume}:/data:ro`, image, 'tar', '-cf', '-', '-C', '/data', '.'],
    { stdio: ['ignore', out, 'inherit'] },
  );
  const backup = seconds(t0);
  closeSync(out);
  const input = openSync(file, 'r');
  t0 = performance.now();
  const wipe = 'find /data -mindepth 1 -maxdepth 1 -exec rm -rf {} + && tar -xf - -C /data';
  execFileSync('docker', ['run', '--rm', '-i', '--log-driver', 'none', '-v', `${volume}:/data`, image, 'sh', '-c', wipe], {
    stdio: [input, 'inherit', 'inherit'],
  });
  const restore = seconds(t0);
  closeSync(input);
  const bytes = statSync(file).size;
  rmSync(file);
  return { bytes, backup, restore };
}

/** `cc-ci test --ops backup,restore` on the big-volume fixture: each op's time, and the archive's size and peak RSS. */
function ccci(domain, stack) {
  const results = join(work, 'results.json');
  const args = [
    '-v',
    process.execPath,
    cli,
    'test',
    join(root, 'test/fixtures/recipes/big-volume'),
    '--ops',
    'backup,restore',
    '--upgrade-from',
    'none',
    '--teardown',
    'never',
    '--domain',
    domain,
    '--results',
    results,
  ];
  const r = spawnSync('/usr/bin/time', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cc-ci exited ${r.status}:\n${r.stderr}`);
  const res = JSON.parse(readFileSync(results, 'utf8'));
  const op = (name) => res.ops.find((o) => o.op === name).durationMs / 1000;
  const id = /snapshot (snap-\S+):/.exec(res.ops.find((o) => o.op === 'backup').reason)[1];
  const dir = join(tmpdir(), 'cc-ci', stack, 'snapshots', id);
  const bytes = statSync(join(dir, JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).volumes[0].archive)).size;
  const rssKiB = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)[1]);
  return { bytes, backup: op('backup'), restore: op('restore'), rssMB: (rssKiB * 1024) / 1e6 };
}

const raw = withStack('benchraw', mib, (_domain, volume) => rawTar(volume));
const big = withStack('benchbig', mib, (domain) => ccci(domain, domain.replace(/\./g, '_')));
const empty = withStack('benchnil', 0, (domain) => ccci(domain, domain.replace(/\./g, '_')));

const row = (what, bytes, s) => console.log(`${what.padEnd(44)} ${s.toFixed(1).padStart(6)} s  ${rate(bytes, s).padStart(10)}`);
console.log(`volume: ${mib} MiB of generated data (${(raw.bytes / 1e6).toFixed(0)} MB as tar)`);
row('raw tar backup (docker run tar -c > file)', raw.bytes, raw.backup);
row('cc-ci backup op (whole op)', big.bytes, big.backup);
row('cc-ci backup, data (op minus empty-volume op)', big.bytes, big.backup - empty.backup);
row('raw tar restore (file > docker run -i tar -x)', raw.bytes, raw.restore);
row('cc-ci restore op (whole op)', big.bytes, big.restore);
row('cc-ci restore, data (op minus empty-volume op)', big.bytes, big.restore - empty.restore);
console.log(
  `ratio cc-ci data / raw tar: backup ${((raw.backup / (big.backup - empty.backup)) * 100).toFixed(0)}%, restore ${((raw.restore / (big.restore - empty.restore)) * 100).toFixed(0)}%`,
);
console.log(`cc-ci peak RSS: ${big.rssMB.toFixed(0)} MB with the ${mib} MiB volume, ${empty.rssMB.toFixed(0)} MB with an empty one`);
rmSync(work, { recursive: true, force: true });
