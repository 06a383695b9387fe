import { createServer, type Server } from 'node:net';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { dockerLeftovers, runCli, runRecords, stackOf, tempDir, uniqueDomain } from '../support/cli';
import { CASES, TAKEN_PORT, placeholderPath } from '../fixtures/bad-input/cases';

/** Bounds on a whole run: refused input is answered at once; a run that deploys tears down too. */
const PREPARE_BOUND_MS = 30_000;
const DEPLOY_BOUND_MS = 150_000;
/** What a stack trace or a crash would print. */
const CRASH = /^\s+at .+:\d+:\d+\)?$|internal error|Error: |ERR_[A-Z_]+/m;

let hog: Server;
beforeAll(async () => {
  // Holds the port the port-in-use case publishes, as another service on the host would.
  hog = createServer((s) => s.end());
  await new Promise<void>((ok, fail) => hog.once('error', fail).listen(TAKEN_PORT, '127.0.0.1', ok));
});
afterAll(() => new Promise<void>((done) => hog.close(() => done())));

describe('bad input: one line that says what to change, nothing left behind (real swarm)', () => {
  for (const c of CASES)
    it.concurrent(c.name, async ({ expect }) => {
      const domain = uniqueDomain('bad');
      // The state root is $TMPDIR/cc-ci: a TMPDIR of its own shows what the run left there.
      const tmp = tempDir();
      const scratch = tempDir();
      const args = (c.args ?? []).map((a) => placeholderPath(a, scratch));
      const started = Date.now();
      const cli = await runCli(['test', c.recipe(), '--domain', domain, ...args], { env: { TMPDIR: tmp } });
      const elapsed = Date.now() - started;
      const out = `${cli.stdout}${cli.stderr}`;
      const lines = out.trim().split('\n');

      expect(cli.code, out).toBe(c.code);
      expect(out).not.toMatch(CRASH);
      expect(elapsed).toBeLessThan(c.deploys ? DEPLOY_BOUND_MS : PREPARE_BOUND_MS);
      if (c.code === 2) {
        // Refused before anything was created: the one line is all it prints, and no state is kept.
        expect(lines).toHaveLength(1);
        const said = lines[0]!.replace(/^cc-ci: /, '');
        if (typeof c.says === 'string') expect(said).toBe(c.says);
        else expect(said).toMatch(c.says);
        expect(said, 'the line says what to change after "; "').toMatch(/; \S/);
        expect(readdirSync(tmp)).toEqual([]);
      } else {
        expect(
          lines.some((l) => (typeof c.says === 'string' ? l === c.says : c.says.test(l))),
          out,
        ).toBe(true);
      }
      expect(dockerLeftovers(stackOf(domain))).toEqual([]);
      expect(runRecords(stackOf(domain))).toEqual([]);
      if (c.code !== 2) expect(readdirSync(join(tmp, 'cc-ci'))).toEqual([stackOf(domain)]);
    });
});
