// Benchmark (not a test): what an upgrade path costs against the single upgrades it is made of.
// A recipe with N releases and a head is built here; each round runs, in alternating order,
//   chain:   test --ops install,upgrade --upgrade-from chain   (N hops on one deployment)
//   singles: test --ops install,upgrade --upgrade-from <each release> (N runs, one hop each)
// and compares the upgrade op's time (results.json) of the chain with the sum of the singles'.
//
//   npm run -s build && bash scripts/testbed.sh && node bench/chain.mjs [ROUNDS] [RELEASES]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const rounds = Number(process.argv[2] ?? 2);
const releases = Number(process.argv[3] ?? 3);
const work = mkdtempSync(join(tmpdir(), 'cc-ci-bench-chain-'));
const repo = join(work, 'chained');

// Every release changes the task (its environment, and the image: web:1 and web:2 alternate) and
// the version label, so every hop, of the chain or a single one, replaces the running task. (A
// change of deploy.labels alone updates the service but restarts nothing.)
const compose = (i, version) => `version: "3.8"
services:
  app:
    image: cc-ci-fixture/web:${(i % 2) + 1}
    init: true
    command: ["sh", "-c", "exec httpd -f -p 80 -h /www"]
    environment: [APP_RELEASE=${version}]
    networks: [proxy]
    volumes: [data:/data]
    deploy:
      update_config: {order: stop-first, failure_action: pause, monitor: 3s}
      labels:
        - "traefik.enable=true"
        - "traefik.http.routers.\${STACK_NAME}.rule=Host(\`\${DOMAIN}\`)"
        - "traefik.http.services.\${STACK_NAME}.loadbalancer.server.port=80"
        - "coop-cloud.\${STACK_NAME}.version=${version}"
volumes:
  data:
networks:
  proxy:
    external: true
`;
mkdirSync(repo);
const git = (...args) => execFileSync('git', ['-C', repo, ...args], { stdio: 'ignore' });
git('init', '-q');
git('config', 'user.name', 'cc-ci bench');
git('config', 'user.email', 'bench@example.invalid');
const tags = [];
for (let i = 0; i <= releases; i++) {
  const version = `1.${i}.0+${i + 1}`;
  writeFileSync(join(repo, '.env.sample'), 'TYPE=chained\nDOMAIN=chained.example.com\nCOMPOSE_FILE="compose.yml"\n');
  writeFileSync(join(repo, 'compose.yml'), compose(i, version));
  git('add', '-A');
  git('commit', '-qm', version);
  if (i < releases) {
    git('tag', '-a', version, '-m', version);
    tags.push(version);
  }
}

let n = 0;
function upgradeMs(from) {
  const results = join(work, `r${n++}.json`);
  const args = ['test', repo, '--results', results, '--ops', 'install,upgrade', '--upgrade-from', from];
  const r = spawnSync(process.execPath, [join(root, process.env.CC_CI_DIST ?? 'dist', 'cli.js'), ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cc-ci ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
  const up = JSON.parse(readFileSync(results, 'utf8')).ops.find((o) => o.op === 'upgrade');
  return { ms: up.durationMs, hops: up.hops.length };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
const chain = [];
const singles = [];
for (let i = 0; i < rounds; i++) {
  const runChain = () => {
    const r = upgradeMs('chain');
    if (r.hops !== releases) throw new Error(`the chain made ${r.hops} hops, expected ${releases}`);
    chain.push(r.ms);
  };
  const runSingles = () => singles.push(tags.reduce((sum, tag) => sum + upgradeMs(tag).ms, 0));
  if (i % 2 === 0) {
    runChain();
    runSingles();
  } else {
    runSingles();
    runChain();
  }
  console.error(`round ${i + 1}/${rounds}: chain ${s(chain.at(-1))}, ${releases} singles ${s(singles.at(-1))}`);
}
rmSync(work, { recursive: true, force: true });

console.log(`releases: ${releases} (${tags.join(', ')}), then head; rounds: ${rounds}; time of the upgrade op (results.json)`);
console.log(`chain (${releases} hops on one deployment):   median ${s(median(chain))}`);
console.log(`${releases} single upgrades (one hop each):  median ${s(median(singles))} in total`);
console.log(`ratio chain / ${releases} singles: ${(median(chain) / median(singles)).toFixed(2)}x (target <= 1.10x)`);
