import { createHash } from 'node:crypto';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DockerApi, type ContainerSummary, type ServiceInfo, type TaskInfo } from '../../src/backends/swarm/docker-api';
import { demux } from '../../src/backends/swarm/docker-stream';
import { HELPER_IMAGE } from '../../src/backends/swarm/helper-image';
import { ccciFilter, CCCI_LABEL, STACK_LABEL, stackFilter } from '../../src/backends/swarm/labels';
import { createExec, execExitCode, runHelper, startExec } from '../../src/backends/swarm/processes';
import { diagnose, execIn, runningContainer, scale, serviceLogs } from '../../src/backends/swarm/services';
import { teardownStack } from '../../src/backends/swarm/teardown';
import { Volumes } from '../../src/backends/swarm/volumes';
import { Prober } from '../../src/backends/swarm/probe';
import { PROXY_NETWORK } from '../../src/traefik';
import { sleep } from '../../src/util/time';
import { tempDir } from '../support/cli';

/**
 * The swarm backend's Engine API calls against the real daemon: exec (exit codes, stdout and
 * stderr, a hijacked stdin), service logs in time order, scaling, helper containers and the
 * helper image build. Everything is labelled with a stack of its own and removed at the end.
 */
describe('the Engine API client (real daemon)', () => {
  const api = new DockerApi();
  const stack = `cc-ci-apitest-${process.pid}`;
  const app = `${stack}_app`;
  const volume = `${stack}_data`;
  const signal = AbortSignal.timeout(150_000);

  const runningTasks = async () =>
    (await api.list<TaskInfo>('tasks', { service: [app], 'desired-state': ['running'] })).filter((t) => t.Status.State === 'running')
      .length;
  const until = async (what: string, ok: () => Promise<boolean>, ms = 60_000) => {
    const deadline = Date.now() + ms;
    while (!(await ok())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(200);
    }
  };

  beforeAll(async () => {
    // Two tasks that each print a line on stdout and one on stderr every 0.3 s, stamped with the
    // host's uptime (one clock for both tasks).
    const script =
      'i=0; while true; do read up rest < /proc/uptime; echo "$up out $HOSTNAME $i"; echo "$up err $HOSTNAME $i" >&2; i=$((i+1)); sleep 0.3; done';
    await api.call('POST', '/services/create', {
      body: {
        Name: app,
        Labels: { [STACK_LABEL]: stack },
        TaskTemplate: {
          ContainerSpec: { Image: HELPER_IMAGE, Command: ['sh', '-c', script], Labels: { [STACK_LABEL]: stack }, StopGracePeriod: 1e9 },
        },
        Mode: { Replicated: { Replicas: 2 } },
      },
    });
    await api.call('POST', '/volumes/create', { body: { Name: volume, Labels: { [CCCI_LABEL]: stack } } });
    await until('2 running tasks', async () => (await runningTasks()) === 2);
  });

  afterAll(async () => {
    const r = await teardownStack(api, stack);
    expect(r.leftovers).toEqual([]);
  });

  it('exec: exit code, stdout then stderr, large output whole, 126 for a missing program', async () => {
    const r = await execIn(api, app, ['sh', '-c', 'echo out; echo err >&2; exit 3'], signal);
    expect(r).toEqual({ code: 3, output: 'out\nerr\n' });
    const big = await execIn(api, app, ['sh', '-c', 'head -c 300000 /dev/zero | tr "\\0" a'], signal);
    expect(big.code).toBe(0);
    expect(big.output).toBe('a'.repeat(300_000));
    // What hooks.ts looks for to retry a hook with sh when the image has no bash.
    const missing = await execIn(api, app, ['bash', '-c', 'true'], signal);
    expect(missing.code).toBe(126);
    expect(missing.output).toMatch(/exec: "bash": executable file not found|"bash": no such file/);
    expect(await execIn(api, `${stack}_nothing`, ['true'])).toEqual({ code: -1, output: `no running container of ${stack}_nothing` });
  });

  it('exec: stops at the abort signal', async () => {
    const t0 = Date.now();
    const r = await execIn(api, app, ['sleep', '30'], AbortSignal.timeout(500));
    expect(r.code).toBe(143);
    expect(Date.now() - t0).toBeLessThan(5_000);
  });

  it('exec on a hijacked connection: stdin in, its end closes the process’s stdin, output and exit code back', async () => {
    const container = (await runningContainer(api, app))!;
    const id = await createExec(api, container, ['sh', '-c', 'cat; echo "stdin closed" >&2; exit 7'], true);
    const socket = await startExec(api, id);
    const out: Buffer[] = [];
    let err = '';
    const done = demux(socket, (type, payload) => (type === 1 ? out.push(payload) : (err += payload.toString('utf8'))));
    const input = Buffer.from(Array.from({ length: 200_000 }, (_, i) => i % 251));
    socket.write(input.subarray(0, 1000));
    socket.end(input.subarray(1000));
    await done;
    expect(Buffer.concat(out).equals(input)).toBe(true);
    expect(err).toBe('stdin closed\n');
    expect(await execExitCode(api, id)).toBe(7);
  });

  it('service logs: the last lines of every task, stdout and stderr, in time order, without timestamps', async () => {
    await sleep(1500);
    const lines = await serviceLogs(api, app, 5, signal);
    // --tail is per task: 5 of each of the 2 tasks.
    expect(lines).toHaveLength(10);
    expect(lines.every((l) => /^\d+\.\d+ (out|err) \w+ \d+$/.test(l))).toBe(true);
    expect(new Set(lines.map((l) => l.split(' ')[2])).size).toBe(2);
    expect(lines.some((l) => l.includes(' err '))).toBe(true);
    const times = lines.map((l) => Number(l.split(' ')[0]));
    // Each line's own clock (/proc/uptime, 10 ms steps) against the order docker received them in:
    // under load a line can reach the daemon ~0.1 s after it was stamped; out of order by a whole
    // loop step (0.3 s) is what a wrong sort would show.
    for (let i = 1; i < times.length; i++) expect(times[i]! + 0.15).toBeGreaterThanOrEqual(times[i - 1]!);
    await expect(serviceLogs(api, `${stack}_nothing`, 5, signal)).rejects.toThrow(/^service logs: .*not found/);
  });

  it('diagnose writes the ordered log tail and reads the container state', async () => {
    const file = join(tempDir(), 'app.log');
    const container = (await runningContainer(api, app))!;
    const d = await diagnose(api, app, container, file, signal);
    expect(d.problem).toBeUndefined();
    expect(d.oomKilled).toBe(false);
    expect(d.lines!.length).toBeGreaterThan(4);
    expect(readFileSync(file, 'utf8')).toBe(`${d.lines!.join('\n')}\n`);
  });

  it('scale: to 0 waits until no container runs, back to 2 runs two tasks again', async () => {
    const replicas = async () => (await api.get<ServiceInfo>(`/services/${app}`)).Spec.Mode.Replicated?.Replicas;
    await scale(api, stack, { [app]: 0 }, signal);
    expect(await replicas()).toBe(0);
    const running = await api.list<ContainerSummary>('containers/json', stackFilter(stack));
    expect(running).toEqual([]);
    expect(await execIn(api, app, ['true'])).toEqual({ code: -1, output: `no running container of ${app}` });
    // Two updates racing: each reads the version it updates, a stale one is read again.
    await Promise.all([scale(api, stack, { [app]: 2 }, signal), scale(api, stack, { [app]: 2 }, signal)]);
    expect(await replicas()).toBe(2);
    await until('2 running tasks again', async () => (await runningTasks()) === 2);
    await expect(scale(api, stack, { [`${stack}_nothing`]: 1 }, signal)).rejects.toThrow(/scale failed: .*nothing.*not found/);
  });

  it('volumes: write, kind, sha256, snapshot and restore through helper containers, removed after use', async () => {
    const v = new Volumes(stack, api);
    await v.write(volume, 'dir/a.txt', 'hello');
    await v.write(volume, 'dir/a.txt', ' world', true);
    expect(await v.kind(volume, 'dir')).toBe('dir');
    expect(await v.kind(volume, 'dir/a.txt')).toBe('file');
    expect(await v.kind(volume, 'nope')).toBe('missing');
    const sha = createHash('sha256').update('hello world').digest('hex');
    expect(await v.sha256(volume, 'dir/a.txt')).toBe(sha);
    expect(await v.sha256(volume, 'nope')).toBeUndefined();
    const tar = join(tempDir(), 'snap.tar');
    await v.snapshot(volume, null, tar, signal);
    expect(readFileSync(tar).length).toBeGreaterThan(1024);
    await v.write(volume, 'dir/a.txt', 'changed');
    await v.write(volume, 'extra', 'x');
    await v.restore(volume, null, tar, signal);
    expect(await v.sha256(volume, 'dir/a.txt')).toBe(sha);
    expect(await v.kind(volume, 'extra')).toBe('missing');
    await expect(v.snapshot(volume, ['dir', 'missing/x'], join(tempDir(), 'p.tar'), signal)).rejects.toThrow(
      `declared path missing/x does not exist in volume ${volume}`,
    );
    expect(await api.list('containers/json', ccciFilter(stack), { all: true })).toEqual([]);
  });

  it('helper containers: too much stdout stops the container, the abort signal too', async () => {
    const file = join(tempDir(), 'out.bin');
    const spec = { image: HELPER_IMAGE, labels: { [CCCI_LABEL]: stack }, cmd: ['sh', '-c', 'head -c 5000000 /dev/zero'] };
    const r = await runHelper(api, spec, { stdout: createWriteStream(file), stdoutLimit: 100_000, timeoutMs: 60_000 });
    expect(r.overflowed).toBe(true);
    expect(readFileSync(file).length).toBeLessThanOrEqual(100_000);
    const t0 = Date.now();
    const stopped = await runHelper(api, { ...spec, cmd: ['sleep', '60'] }, { signal: AbortSignal.timeout(500), timeoutMs: 60_000 });
    expect(stopped).toMatchObject({ code: 143, killed: true });
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(await api.list('containers/json', ccciFilter(stack), { all: true })).toEqual([]);
  });

  it('the probe container: started once on the proxy network (a second prober finds it there), nc errors as the probe words them', async () => {
    const target = { service: app, port: 80, exchange: { scheme: 'http' as const, method: 'GET', path: '/', headers: { host: 'x' } } };
    const r = await new Prober(stack, api).http(target, signal);
    expect(r).toEqual({ error: `tasks.${app} does not resolve on the ${PROXY_NETWORK} network (is the service attached to it?)` });
    expect(await new Prober(stack, api).http(target, signal)).toEqual(r);
    const probes = await api.list<ContainerSummary>('containers/json', ccciFilter(stack));
    expect(probes.map((c) => c.Names[0])).toEqual([`/${stack}_cc-ci-probe`]);
  });

  it('builds the helper image from the host busybox when it is absent', async () => {
    const image = `cc-ci-test/helper:${process.pid}`;
    vi.stubEnv('CCCI_HELPER_IMAGE', image);
    vi.resetModules();
    try {
      const fresh = await import('../../src/backends/swarm/helper-image');
      expect(fresh.HELPER_IMAGE).toBe(image);
      const logged: string[] = [];
      await fresh.ensureHelperImage((m) => logged.push(m), api);
      expect(logged).toEqual([expect.stringMatching(new RegExp(`^built ${image} from /(usr/)?bin/busybox$`))]);
      const inspected = await api.get<{ Config: { Env: string[]; Cmd: string[] } }>(`/images/${image}/json`);
      expect(inspected.Config).toMatchObject({ Env: ['PATH=/bin'], Cmd: ['sh'] });
      const r = await runHelper(
        api,
        { image, labels: { [CCCI_LABEL]: stack }, cmd: ['sh', '-c', 'echo $PATH; ls /bin/nc /bin/tar'] },
        { timeoutMs: 60_000 },
      );
      expect(r).toMatchObject({ code: 0, stdout: '/bin\n/bin/nc\n/bin/tar\n' });
      // Present: nothing to do.
      await fresh.ensureHelperImage((m) => logged.push(m), api);
      expect(logged).toHaveLength(1);
    } finally {
      vi.unstubAllEnvs();
      await api.call('DELETE', `/images/${image}`, { query: { force: true }, ok404: true });
    }
  });
});
