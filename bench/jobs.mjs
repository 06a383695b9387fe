// Benchmark (not a test): many recipes per host. The same three recipes (copies of the
// real-shaped fixture named notes, notes2 and notes-x) with `cc-ci test A B C --jobs 3`, against
// `--jobs 1` (one after another, same invocation otherwise), alternating which goes first each
// round. Prints each mode's median wall time, the throughput ratio (sequential / parallel), and
// where CPU went (cc-ci's processes, the containers, dockerd and containerd; and the whole
// machine's, other users included), to tell waiting from being CPU-bound.
//
//   npm run -s build && bash scripts/testbed.sh && node bench/jobs.mjs [ROUNDS] [OPS]
//   (CC_CI_BENCH_DIST=DIR benchmarks another build than dist/)
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const cli = join(root, process.env.CC_CI_BENCH_DIST ?? 'dist', 'cli.js');
const rounds = Number(process.argv[2] ?? 2);
const ops = process.argv[3] ?? 'install,backup,restore';
const work = mkdtempSync(join(tmpdir(), 'cc-ci-bench-jobs-'));
const recipes = ['notes', 'notes2', 'notes-x'].map((name) => {
  const dir = join(work, name);
  cpSync(join(root, 'test/fixtures/recipes/real-shaped'), dir, { recursive: true });
  const sample = join(dir, '.env.sample');
  writeFileSync(sample, readFileSync(sample, 'utf8').replace(/^TYPE=.*$/m, `TYPE=${name}`));
  return dir;
});

/** Busy and total jiffies of all CPUs so far (other users of the machine included). */
function machineTicks() {
  const n = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return { busy: n.slice(0, 8).reduce((a, b) => a + b, 0) - n[3] - n[4], total: n.slice(0, 8).reduce((a, b) => a + b, 0) };
}

/** CPU seconds the Docker host spent so far: every container (cgroup v1 cpuacct), and dockerd plus containerd. */
function dockerCpu() {
  const read = (path) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  };
  const containers = Number(read('/sys/fs/cgroup/cpuacct/docker/cpuacct.usage') ?? NaN) / 1e9;
  const daemons = ['dockerd', 'containerd'].reduce((sum, name) => {
    const pid = spawnSync('pgrep', ['-xo', name], { encoding: 'utf8' }).stdout.trim();
    const stat = pid && read(`/proc/${pid}/stat`);
    return (
      sum +
      (stat
        ? stat
            .slice(stat.lastIndexOf(')') + 2)
            .split(' ')
            .slice(11, 13)
            .map(Number)
            .reduce((a, b) => a + b, 0) / 100
        : NaN)
    );
  }, 0);
  return { containers, daemons };
}

let n = 0;
function cli3(jobs) {
  const before = { machine: machineTicks(), docker: dockerCpu() };
  const times = join(work, `time${n}`);
  const t0 = performance.now();
  // /usr/bin/time: the CPU of cc-ci and every process it waited for (each recipe's run, the docker CLI).
  const args = [cli, 'test', ...recipes, '--jobs', String(jobs), '--ops', ops, '--results-dir', join(work, `r${n++}`)];
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S', '-o', times, process.execPath, ...args], { encoding: 'utf8' });
  const wallMs = performance.now() - t0;
  const after = { machine: machineTicks(), docker: dockerCpu() };
  if (r.status !== 0) throw new Error(`cc-ci --jobs ${jobs} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  const [user, sys] = readFileSync(times, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
  return {
    wallMs,
    machineBusy: (after.machine.busy - before.machine.busy) / (after.machine.total - before.machine.total),
    ccci: user + sys,
    containers: after.docker.containers - before.docker.containers,
    daemons: after.docker.daemons - before.docker.daemons,
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
const pct = (x) => `${Math.round(x * 100)}%`;
const par = [];
const seq = [];
for (let i = 0; i < rounds; i++) {
  const order = i % 2 === 0 ? [3, 1] : [1, 3];
  for (const jobs of order) (jobs === 3 ? par : seq).push(cli3(jobs));
  console.error(`round ${i + 1}/${rounds}: --jobs 3 ${s(par.at(-1).wallMs)}, --jobs 1 ${s(seq.at(-1).wallMs)}`);
}

const cores = cpus().length;
const line = (label, runs) => {
  const m = (key) => median(runs.map((r) => r[key]));
  const own = m('ccci') + m('containers') + m('daemons');
  return (
    `${label} median ${s(m('wallMs'))}; CPU s: cc-ci ${m('ccci').toFixed(1)}, containers ${m('containers').toFixed(1)}, ` +
    `dockerd+containerd ${m('daemons').toFixed(1)} = ${pct(own / ((m('wallMs') / 1000) * cores))} of ${cores} cores; machine busy ${pct(m('machineBusy'))}`
  );
};
console.log(`3 recipes (real-shaped as notes, notes2, notes-x); ops: ${ops}; rounds: ${rounds}`);
console.log(line('--jobs 3 (at once):          ', par));
console.log(line('--jobs 1 (one after another):', seq));
console.log(
  `throughput ratio (sequential / parallel): ${(median(seq.map((r) => r.wallMs)) / median(par.map((r) => r.wallMs))).toFixed(2)}x`,
);
