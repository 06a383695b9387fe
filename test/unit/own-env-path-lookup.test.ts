import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

import { isExecutable, onOwnPath, ownEnv } from '../../src/util/own-env';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('onOwnPath', () => {
  it('with no PATH at all, gives the command back unchanged for the child to resolve', () => {
    expect(onOwnPath('docker', {})).toBe('docker');
  });

  it('takes the first directory of PATH holding an executable regular file, skipping empty entries, plain files and directories', () => {
    dir = mkdtempSync(join(tmpdir(), 'cc-ci-own-path-'));
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((n) => join(dir!, n));
    for (const p of [a, b, c, d]) mkdirSync(p!);
    writeFileSync(join(a!, 'tool'), '#!/bin/sh\n'); // not executable
    mkdirSync(join(b!, 'tool')); // a directory, even though it has the x bit
    writeFileSync(join(c!, 'tool'), '#!/bin/sh\n');
    chmodSync(join(c!, 'tool'), 0o755);
    writeFileSync(join(d!, 'tool'), '#!/bin/sh\n');
    chmodSync(join(d!, 'tool'), 0o755);
    expect(onOwnPath('tool', { PATH: `::${a}:${b}:${c}:${d}` })).toBe(join(c!, 'tool'));
    expect(isExecutable(join(b!, 'tool'))).toBe(false);
    expect(onOwnPath('tool', { PATH: `${a}:${b}` })).toBe('tool');
  });
});

describe('ownEnv', () => {
  it('keeps the allowlisted names and CCCI_* only, and drops unset values', () => {
    expect(
      ownEnv({ PATH: '/bin', DOCKER_HOST: 'unix:///x', CCCI_DEBUG: '1', GITHUB_TOKEN: 'ghs_x', INPUT_RECIPE: 'r', HOME: undefined }),
    ).toEqual({ PATH: '/bin', DOCKER_HOST: 'unix:///x', CCCI_DEBUG: '1' });
  });
});
