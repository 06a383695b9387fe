import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { dockerLeftovers, fixture, runCli, runRecords, stackOf, uniqueDomain } from '../support/cli';
import { sleep } from '../../src/util/time';

/** Everything of a run on the host: its app's objects and its record. */
const objectsOf = (stack: string) => [...dockerLeftovers(stack), ...runRecords(stack).map((id) => `record ${id}`)];
const stateDirOf = (stack: string) => join(tmpdir(), 'cc-ci', stack);

async function until(what: string, ok: () => boolean, ms = 60_000): Promise<void> {
  for (const end = Date.now() + ms; !ok(); await sleep(250)) if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
}

/** A run of the slow-starting fixture killed with SIGKILL once its deploy was accepted: no teardown ran. */
async function killedMidDeploy(prefix: string) {
  const domain = uniqueDomain(prefix);
  const run = await runCli(['test', fixture('slow-start'), '--ops', 'install', '--timeout', '60', '--domain', domain], {
    killWhen: /converging/,
    killWith: 'SIGKILL',
  });
  return { stack: stackOf(domain), run };
}

describe('reaping what killed runs left (real swarm)', () => {
  it('two runs at once, one SIGKILLed mid-deploy: cc-ci reap removes all of the dead one and none of the live one', async ({ expect }) => {
    const liveDomain = uniqueDomain('reaplive');
    const live = stackOf(liveDomain);
    // Converging takes minutes (its healthcheck starts late): alive throughout, until its own timeout.
    const liveRun = runCli(['test', fixture('slow-start'), '--ops', 'install', '--timeout', '20', '--domain', liveDomain]);
    const dead = await killedMidDeploy('reapdead');
    expect(dead.run.signal).toBe('SIGKILL');
    expect(objectsOf(dead.stack).length).toBeGreaterThan(1);
    await until('the live run to deploy', () => dockerLeftovers(live).some((o) => o.startsWith('service')));
    const liveBefore = objectsOf(live);

    const reap = await runCli(['reap']);
    const said = reap.stdout + reap.stderr;
    expect(reap.code, said).toBe(0);
    expect(said).toMatch(new RegExp(`reaped stack ${dead.stack}: owner pid \\d+ is gone`));
    expect(said).toMatch(new RegExp(`left alone stack ${live}: owner pid \\d+ is running`));
    expect(objectsOf(dead.stack)).toEqual([]);
    expect(existsSync(stateDirOf(dead.stack))).toBe(false);
    expect(objectsOf(live)).toEqual(liveBefore);

    // The live run never noticed: it ends on its own timeout and tears its own stack down.
    const ended = await liveRun;
    expect(ended.code, ended.stderr).toBe(1);
    expect(ended.stdout + ended.stderr).toMatch(/timed out after 20s waiting for convergence: app 0\/1 running/);
    expect(objectsOf(live)).toEqual([]);
  });

  it('the next cc-ci test reaps a run SIGKILLed mid-deploy before it starts; --dry-run only says so', async ({ expect }) => {
    const dead = await killedMidDeploy('reapnext');
    expect(dead.run.signal).toBe('SIGKILL');
    const dry = await runCli(['reap', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout + dry.stderr).toMatch(new RegExp(`would reap stack ${dead.stack}: owner pid \\d+ is gone`));
    expect(objectsOf(dead.stack).length).toBeGreaterThan(1);

    const domain = uniqueDomain('reaper');
    const next = await runCli(['test', fixture('no-backup'), '--ops', 'lint', '--domain', domain]);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout + next.stderr).toMatch(new RegExp(`reaped stack ${dead.stack}: owner pid \\d+ is gone`));
    expect(objectsOf(dead.stack)).toEqual([]);
    expect(objectsOf(stackOf(domain))).toEqual([]);
  });

  it('a second run on the stack of a live run is refused in one line and touches nothing', async ({ expect }) => {
    const domain = uniqueDomain('reapheld');
    const stack = stackOf(domain);
    const first = runCli(['test', fixture('slow-start'), '--ops', 'install', '--timeout', '12', '--domain', domain]);
    // Its task's container appears when the swarm schedules it, on the swarm's own time: wait for
    // it too, so the comparison below sees only what a second run could have changed.
    await until('the first run to deploy', () =>
      ['service', 'container'].every((kind) => dockerLeftovers(stack).some((o) => o.startsWith(kind))),
    );
    const before = objectsOf(stack);
    const second = await runCli(['test', fixture('no-backup'), '--ops', 'install', '--domain', domain]);
    expect(second.code).toBe(2);
    expect(second.stdout + second.stderr).toMatch(
      new RegExp(
        `^cc-ci: stack ${stack} is held by pid \\d+ on \\S+, last alive \\S+; pick another --domain, or run cc-ci reap if that run is gone$`,
        'm',
      ),
    );
    expect(objectsOf(stack)).toEqual(before);
    expect((await first).code).toBe(1);
    expect(objectsOf(stack)).toEqual([]);
  });
});
