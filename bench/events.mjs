// Benchmark (not a test): how soon the convergence wait acts on a task that reached running, woken
// by the stack's event stream against the polling loop (400 ms), in the same run, alternating.
// Each round deploys a small stack over the Engine API (web: 3 replicas with a healthcheck, plain:
// 3 replicas without, db: 1 with), waits for it, upgrades web and plain to another image, waits
// again, and tears down. For every task that reached running it prints the delay from:
//   - the swarm's own timestamp of the task reaching running (Status.Timestamp, written by the
//     node's agent: for a task with a healthcheck, when its first probe passed);
//   - the moment the Engine API first listed it running (a separate observer lists the tasks every
//     10 ms; the manager writes agents' task states in 100 ms batches, which is the difference);
// to the moment the wait listed it running (and judged the stack on that list). Median and max
// per mode, and each mode's wait and teardown times.
//
//   bash scripts/testbed.sh && node bench/events.mjs [ROUNDS]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '..');
const rounds = Number(process.argv[2] ?? 3);
const out = join(mkdtempSync(join(tmpdir(), 'cc-ci-bench-events-')), 'swarm.mjs');
await build({
  stdin: {
    contents: [
      "export { waitConverged } from './src/backends/swarm/wait';",
      "export { teardownStack } from './src/backends/swarm/teardown';",
      "export { DockerApi } from './src/backends/swarm/docker-api';",
    ].join('\n'),
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile: out,
  // As build.mjs: bundled CommonJS dependencies require node built-ins.
  banner: { js: "import { createRequire as __ccciRequire } from 'node:module'; const require = __ccciRequire(import.meta.url);" },
  logLevel: 'warning',
});
const { waitConverged, teardownStack, DockerApi } = await import(out);

const STACK_LABEL = 'com.docker.stack.namespace';
const now = () => performance.timeOrigin + performance.now();
/** RFC 3339 with nanoseconds to Unix ms with the fraction Date.parse drops. */
const stamp = (ts) => Date.parse(ts.replace(/\.\d+/, '')) + Number(`0${/\.\d+/.exec(ts)?.[0] ?? ''}`) * 1000;

/** A DockerApi that notes when a task list first showed each task running. */
class Recording extends DockerApi {
  seen = new Map();
  async list(kind, filters, query) {
    const r = await super.list(kind, filters, query);
    const at = now();
    if (kind === 'tasks') for (const t of r) if (t.Status.State === 'running' && !this.seen.has(t.ID)) this.seen.set(t.ID, { at, t });
    return r;
  }
}

const seconds = (ns) => ns * 1e9;
function serviceSpec(stack, name, image, replicas, healthcheck) {
  return {
    Name: `${stack}_${name}`,
    Labels: { [STACK_LABEL]: stack },
    TaskTemplate: {
      ContainerSpec: {
        Image: image,
        Labels: { [STACK_LABEL]: stack },
        StopGracePeriod: seconds(1),
        ...(healthcheck
          ? { Healthcheck: { Test: ['CMD', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1/'], Interval: seconds(1) } }
          : {}),
      },
      RestartPolicy: { Condition: 'any', Delay: seconds(1) },
    },
    Mode: { Replicated: { Replicas: replicas } },
  };
}

async function update(api, id, image) {
  const s = await api.call('GET', `/services/${id}`);
  const spec = {
    ...s.Spec,
    TaskTemplate: { ...s.Spec.TaskTemplate, ContainerSpec: { ...s.Spec.TaskTemplate.ContainerSpec, Image: image } },
  };
  await api.call('POST', `/services/${id}/update`, { query: { version: s.Version.Index }, body: spec });
}

/** Lists the stack's tasks every 10 ms; notes when each was first listed running. */
function observe(api, stack) {
  const first = new Map();
  let on = true;
  const done = (async () => {
    while (on) {
      const tasks = await api.list('tasks', { label: [`${STACK_LABEL}=${stack}`] });
      const at = now();
      for (const t of tasks) if (t.Status.State === 'running' && !first.has(t.ID)) first.set(t.ID, at);
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  return { first, stop: () => ((on = false), done) };
}

async function waitOnce(api, stack, mode, samples) {
  const since = new Date();
  const t0 = now();
  const watcher = observe(new DockerApi(), stack);
  const r = await waitConverged(api, stack, { since, signal: AbortSignal.timeout(120_000), mode });
  const ms = now() - t0;
  await watcher.stop();
  if (!r.ok) throw new Error(`${stack} did not converge: ${r.failure.message}`);
  for (const { at, t } of api.seen.values()) {
    const ts = stamp(t.Status.Timestamp);
    if (ts < since.getTime()) continue; // running before this wait
    const listed = watcher.first.get(t.ID);
    samples.push({
      fromTimestamp: at - ts,
      fromListed: listed === undefined ? undefined : at - listed,
      swarmLag: listed === undefined ? undefined : listed - ts,
    });
  }
  api.seen.clear();
  return ms;
}

const modes = ['events', 'poll'];
const results = Object.fromEntries(modes.map((m) => [m, { samples: [], waits: [], teardowns: [] }]));
for (let i = 0; i < rounds; i++) {
  for (const mode of i % 2 === 0 ? modes : [...modes].reverse()) {
    const stack = `ccci-bench-ev-${process.pid}-${i}-${mode}`;
    const api = new Recording();
    const r = results[mode];
    const ids = [];
    for (const [name, replicas, health] of [
      ['web', 3, true],
      ['plain', 3, false],
      ['db', 1, true],
    ]) {
      ids.push(
        (await api.call('POST', '/services/create', { body: serviceSpec(stack, name, 'cc-ci-fixture/web:1', replicas, health) })).ID,
      );
    }
    r.waits.push(await waitOnce(api, stack, mode, r.samples));
    await update(api, ids[0], 'cc-ci-fixture/web:2');
    await update(api, ids[1], 'cc-ci-fixture/web:2');
    r.waits.push(await waitOnce(api, stack, mode, r.samples));
    const t0 = now();
    const down = await teardownStack(api, stack, { mode });
    r.teardowns.push(now() - t0);
    if (down.leftovers.length) throw new Error(`${stack}: left ${down.leftovers.join(', ')}`);
    console.error(`round ${i + 1}/${rounds} ${mode}: waits ${r.waits.slice(-2).map(s).join(' + ')}, teardown ${s(r.teardowns.at(-1))}`);
  }
}

function s(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}
const median = (xs) => {
  const v = [...xs].sort((a, b) => a - b);
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};
const ms = (x) => `${Math.round(x)} ms`.padStart(7);
console.log(`rounds: ${rounds} (each: deploy 3 services / 7 tasks, upgrade 2 services / 6 tasks, teardown)`);
console.log(`${'delay until the wait saw a task running'.padEnd(40)}  median      max   (tasks)`);
const row = (label, xs) => console.log(`${label.padEnd(40)} ${ms(median(xs))}  ${ms(Math.max(...xs))}   (${xs.length})`);
for (const mode of modes) {
  const { samples } = results[mode];
  row(
    `${mode} from the task's timestamp`,
    samples.map((x) => x.fromTimestamp),
  );
  row(
    `${mode} from the API first listing it`,
    samples.map((x) => x.fromListed).filter((x) => x !== undefined),
  );
}
const lag = modes.flatMap((m) => results[m].samples.map((x) => x.swarmLag)).filter((x) => x !== undefined);
row('swarm itself: timestamp to API listing', lag);
for (const mode of modes) {
  const { waits, teardowns } = results[mode];
  console.log(`${mode.padEnd(6)} convergence waits: median ${s(median(waits))}; teardown: median ${s(median(teardowns))}`);
}
