// Benchmark (not a test): the full suite the cc-ci way (one deploy, ops in place, one teardown)
// against the naive way older recipe CI took (a fresh deploy and teardown for each op), in the
// same run, several rounds. Prints medians, their ratio, and cc-ci's own overhead (run time
// minus the time spent waiting on Docker and the app, from results.json).
//
//   bash bench/run.sh [ROUNDS]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const rounds = Number(process.argv[2] ?? 3);
const work = mkdtempSync(join(tmpdir(), 'cc-ci-bench-'));
const repo = join(work, 'demo');
execFileSync('bash', [join(root, 'examples/release-repo.sh'), repo], { stdio: 'ignore' });

const OPS = 'install,upgrade,backup,restore';
// What each op needs when it gets a deployment of its own.
const NAIVE = [
  ['install', ['--ops', 'install']],
  ['upgrade', ['--ops', 'upgrade']],
  ['backup', ['--ops', 'backup', '--upgrade-from', 'none']],
  ['restore', ['--ops', 'backup,restore', '--upgrade-from', 'none']],
];

let n = 0;
function cli(args) {
  const results = join(work, `r${n++}.json`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [join(root, 'dist/cli.js'), 'test', repo, '--results', results, ...args], { encoding: 'utf8' });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`cc-ci ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
  const res = JSON.parse(readFileSync(results, 'utf8'));
  return { wallMs, runMs: res.durationMs, waitMs: res.dockerWaitMs, deploys: res.deployCount };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
const ccci = [];
const naive = [];
const overhead = [];
for (let i = 0; i < rounds; i++) {
  const once = () => {
    const r = cli(['--ops', OPS]);
    ccci.push(r.wallMs);
    overhead.push(r.runMs - r.waitMs);
    return r;
  };
  const each = () => naive.push(NAIVE.reduce((sum, [, args]) => sum + cli(args).wallMs, 0));
  if (i % 2 === 0) {
    once();
    each();
  } else {
    each();
    once();
  }
  console.error(`round ${i + 1}/${rounds}: cc-ci ${s(ccci.at(-1))}, naive ${s(naive.at(-1))}`);
}

const c = median(ccci);
const v = median(naive);
console.log(`ops: ${OPS}; rounds: ${rounds}`);
console.log(`cc-ci (1 deploy, ops in place):   median ${s(c)}`);
console.log(`naive (deploy + teardown per op): median ${s(v)}`);
console.log(`ratio naive / cc-ci: ${(v / c).toFixed(2)}x`);
console.log(
  `cc-ci overhead (run time minus waiting on Docker): median ${median(overhead)} ms (${((median(overhead) / c) * 100).toFixed(1)}% of the run)`,
);
