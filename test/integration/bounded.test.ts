import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { LOG_LIMIT } from '../../src/overlays/executables';
import { readResults } from '../../src/report/results-file';
import { filesUnder } from '../../src/util/files';
import { dockerLeftovers, fixture, runCli, stackOf, tempDir, uniqueDomain } from '../support/cli';
import { recipeCopy } from '../support/copy';

/** Nothing recipe code prints or does keeps the main step from finishing and tearing down. */
describe('bounded: recipe code cannot hang or flood the run', () => {
  it.concurrent('a test that prints 1 GiB on one line passes with its log capped, and the report stays small', async ({ expect }) => {
    const scratch = tempDir('cc-ci-flood-');
    const recipe = recipeCopy(fixture('no-backup'), {
      add: { '.cc-ci/tests/install/flood': "#!/bin/sh\nhead -c 1073741824 /dev/zero | tr '\\000' x\necho\necho flood done\n" },
      exec: ['.cc-ci/tests/install/flood'],
    });
    const domain = uniqueDomain('flood');
    const out = join(scratch, 'results.json');
    const cli = await runCli(['test', recipe, '--domain', domain, '--results', out, '--ops', 'install'], { env: { TMPDIR: scratch } });
    expect(cli.code, cli.stderr).toBe(0);
    const r = readResults(out);
    expect(r.ops[0]!.assertions.find((a) => a.name.includes('flood'))?.status).toBe('pass');
    expect(statSync(out).size).toBeLessThan(1024 * 1024);
    const log = filesUnder(join(scratch, 'cc-ci')).find((f) => f.endsWith('_flood.log'));
    expect(log, readdirSync(scratch).join(' ')).toBeDefined();
    // Capped at LOG_LIMIT, less the line cut there (written in 64 KiB pieces, the cut one dropped: it could end inside a secret).
    expect(statSync(log!).size).toBeGreaterThanOrEqual(LOG_LIMIT - 64 * 1024);
    expect(statSync(log!).size).toBeLessThan(LOG_LIMIT + 1024);
    expect(dockerLeftovers(stackOf(domain))).toEqual([]);
  });

  it.concurrent('a test that never exits is stopped at the op timeout, reported, and the app torn down', async ({ expect }) => {
    const recipe = recipeCopy(fixture('no-backup'), {
      add: { '.cc-ci/tests/install/forever': '#!/bin/sh\necho waiting forever\nsleep 100000 &\nwait\n' },
      exec: ['.cc-ci/tests/install/forever'],
    });
    const domain = uniqueDomain('forever');
    const out = join(tempDir(), 'results.json');
    const started = Date.now();
    const cli = await runCli(['test', recipe, '--domain', domain, '--results', out, '--ops', 'install', '--timeout', '25']);
    expect(cli.code, cli.stderr).toBe(1);
    const install = readResults(out).ops[0]!;
    expect(install.status).toBe('fail');
    expect(install.autopsy?.reason).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(120_000);
    expect(dockerLeftovers(stackOf(domain))).toEqual([]);
  });
});
