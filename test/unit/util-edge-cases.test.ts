import { existsSync, realpathSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RegexTimeout, UserError } from '../../src/errors';
import { checkResultsPath } from '../../src/report/results-file';
import { boundedExec } from '../../src/util/bounded-regex';
import { distDir } from '../../src/util/install-dir';
import { linkedSignal } from '../../src/util/signals';
import { sleep } from '../../src/util/time';
import { waitedMs, waitingOn } from '../../src/util/waits';
import { parseYamlFile } from '../../src/util/yaml-file';
import { tempDir } from '../support/cli';

describe('yaml-file', () => {
  it("a << merge of something that is not a mapping is the file's error (UserError), not an internal one", () => {
    expect(() => parseYamlFile('compose.yml', 'services:\n  app:\n    <<: 5\n')).toThrow(
      expect.objectContaining({
        constructor: UserError,
        file: 'compose.yml',
        message: 'invalid YAML: Merge sources must be maps or map aliases; fix the file',
      }),
    );
  });

  it('lineOf: an empty document has no lines; a path through a scalar or a list by name is not in the file', () => {
    expect(parseYamlFile('empty.yml', '').lineOf([])).toBeUndefined();
    const y = parseYamlFile('f.yml', 'a: 1\nlist:\n  - x\n  - y\n');
    expect(y.lineOf(['list', 1])).toBe(4);
    expect(y.lineOf(['a', 'b'])).toBeUndefined();
    expect(y.lineOf(['list', 'x'])).toBeUndefined();
  });

  it('lineOf: a mapping with a complex (list) key is searched past it', () => {
    const y = parseYamlFile('f.yml', '? [a, b]\n: v\nc: 1\n');
    expect(y.lineOf(['c'])).toBe(3);
    expect(y.lineOf(['a'])).toBeUndefined();
  });
});

describe('boundedExec', () => {
  it('an error that is not the time limit is passed on as it is', () => {
    const broken = {
      exec: () => {
        throw new TypeError('not a regexp');
      },
      source: 'x',
    } as unknown as RegExp;
    expect(() => boundedExec(broken, 'abc')).toThrow(TypeError);
    expect(() => boundedExec(broken, 'abc')).not.toThrow(RegexTimeout);
    expect(boundedExec(/b(c)/, 'abc')?.[1]).toBe('c');
  });
});

describe('install-dir', () => {
  it('distDir without a script path (argv[1]) is the parent of the working directory', () => {
    const saved = process.argv;
    process.argv = [saved[0]!];
    try {
      expect(distDir()).toBe(dirname(realpathSync('.')));
    } finally {
      process.argv = saved;
    }
  });
});

describe('linkedSignal', () => {
  it("a parent already aborted aborts it at once, with the parent's reason", () => {
    const parent = new AbortController();
    parent.abort('gone');
    const { signal, dispose } = linkedSignal([undefined, parent.signal]);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe('gone');
    dispose();
  });

  it("the timeout aborts with timeoutReason's value; without a timeout dispose only detaches the parents", async () => {
    const timed = linkedSignal([], 10, () => 'op timeout');
    await new Promise((r) => setTimeout(r, 50));
    expect(timed.signal.reason).toBe('op timeout');
    timed.dispose();

    const parent = new AbortController();
    const untimed = linkedSignal([parent.signal]);
    untimed.dispose();
    parent.abort('late');
    expect(untimed.signal.aborted).toBe(false);
  });
});

describe('sleep and waits', () => {
  it('sleep with a signal already aborted rejects with its reason without waiting', async () => {
    const ctrl = new AbortController();
    ctrl.abort(new Error('stop'));
    await expect(sleep(60_000, ctrl.signal)).rejects.toThrow('stop');
  });

  it('waitedMs counts a wait still in progress', async () => {
    let release!: () => void;
    const pending = waitingOn(new Promise<void>((r) => (release = r)));
    const before = waitedMs();
    await new Promise((r) => setTimeout(r, 60));
    const during = waitedMs();
    release();
    await pending;
    expect(during - before).toBeGreaterThanOrEqual(50);
  });
});

describe('checkResultsPath', () => {
  it('a path the system cannot resolve (a symlink loop) is refused with the reason', () => {
    const dir = tempDir();
    symlinkSync(join(dir, 'loop'), join(dir, 'loop'));
    expect(() => checkResultsPath(join(dir, 'loop'), '--results')).toThrow(
      expect.objectContaining({ constructor: UserError, message: expect.stringContaining('cannot be reached (ELOOP)') }),
    );
  });

  it('a missing parent is fine when the nearest existing directory is writable, and nothing is created', () => {
    const dir = tempDir();
    const path = join(dir, 'a', 'b', 'results.json');
    expect(() => checkResultsPath(path, '--results')).not.toThrow();
    expect(existsSync(join(dir, 'a'))).toBe(false);
  });
});
