import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shrinkStateDir } from '../../src/engine/state-dir';
import { tempDir } from '../support/cli';

const files = (dir: string): string[] => readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();

describe("a finished run's state dir", () => {
  it('keeps results.json, the manifest, logs/ and each snapshot manifest; removes symlinks without following them', () => {
    const dir = tempDir();
    const outside = tempDir();
    writeFileSync(join(outside, 'precious'), 'not the run’s');
    const put = (rel: string, text = rel) => {
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), text);
    };
    for (const rel of [
      'results.json',
      'manifest.json',
      'config.json',
      'app.ci.local.env',
      'base-1.0.0+1/compose.yml',
      'bin/cc-ci',
      'abra/servers/default/app.ci.local.env',
      'logs/install/hook.log',
      'logs/services/install-app.log',
      'snapshots/snap-1/manifest.json',
      'snapshots/snap-1/stack_data.tar',
      'snapshots/stray.tar',
    ])
      put(rel);
    symlinkSync(outside, join(dir, 'linked'));
    symlinkSync(outside, join(dir, 'snapshots/snap-2'));
    shrinkStateDir(dir);
    expect(files(dir)).toEqual([
      'logs',
      'logs/install',
      'logs/install/hook.log',
      'logs/services',
      'logs/services/install-app.log',
      'manifest.json',
      'results.json',
      'snapshots',
      'snapshots/snap-1',
      'snapshots/snap-1/manifest.json',
    ]);
    expect(existsSync(join(outside, 'precious'))).toBe(true);
  });
});
