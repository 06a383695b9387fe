// The third-party notices build.mjs writes to dist/licenses.txt (scripts/licenses.mjs): which packages
// each bundle holds, what each ships, and when the build must refuse.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  collectPackages,
  declaredLicense,
  LICENSE_FILE,
  licenseProblems,
  packageDirOf,
  packagesByBundle,
  readPackage,
  renderNotices,
  type InstalledPackage,
  type Metafile,
} from '../../scripts/licenses.mjs';

const out = (entryPoint: string | undefined, inputs: string[], imports: { path: string; kind: string; external?: boolean }[] = []) => ({
  ...(entryPoint ? { entryPoint } : {}),
  inputs: Object.fromEntries(inputs.map((i) => [i, {}])),
  imports,
});

// Two entries sharing a chunk; main also loads a chunk dynamically that imports another chunk.
const metafile: Metafile = {
  outputs: {
    'dist.b/cli.js': out(
      'src/entrypoints/cli.ts',
      ['src/entrypoints/cli.ts'],
      [
        { path: 'dist.b/chunks/chunk-A.js', kind: 'import-statement' },
        { path: 'node:fs', kind: 'import-statement', external: true },
      ],
    ),
    'dist.b/main.js': out(
      'src/entrypoints/action-main.ts',
      ['src/entrypoints/action-main.ts', 'node_modules/@actions/core/lib/core.js'],
      [
        { path: 'dist.b/chunks/chunk-A.js', kind: 'import-statement' },
        { path: 'dist.b/chunks/artifact-X.js', kind: 'dynamic-import' },
      ],
    ),
    'dist.b/chunks/chunk-A.js': out(undefined, ['node_modules/yaml/dist/index.js', 'node_modules/yaml/dist/parse.js', 'src/recipe/env.ts']),
    // A dynamically imported module is an esbuild entry point too, but not one of ours.
    'dist.b/chunks/artifact-X.js': out(
      'node_modules/@actions/artifact/lib/artifact.js',
      ['node_modules/@actions/artifact/lib/artifact.js'],
      [{ path: 'dist.b/chunks/chunk-B.js', kind: 'import-statement' }],
    ),
    'dist.b/chunks/chunk-B.js': out(undefined, [
      'node_modules/lazystream/node_modules/readable-stream/lib/x.js',
      'node_modules/readable-stream/lib/x.js',
    ]),
  },
};
const ENTRIES = ['src/entrypoints/cli.ts', 'src/entrypoints/action-main.ts'];

// license null: the package.json declares none.
const pkg = (name: string, version: string, files: string[] = ['LICENSE'], license: string | null = 'MIT'): InstalledPackage => ({
  dir: `node_modules/${name}`,
  name,
  version,
  license: license ?? undefined,
  files: files.map((f) => ({ name: f, text: `${f} of ${name}\r\n` })),
});

describe('packageDirOf', () => {
  it('finds the package directory of an input, scoped and nested ones whole', () => {
    expect(packageDirOf('node_modules/yaml/dist/index.js')).toBe('node_modules/yaml');
    expect(packageDirOf('node_modules/@actions/core/lib/core.js')).toBe('node_modules/@actions/core');
    expect(packageDirOf('node_modules/@actions/github/node_modules/@actions/http-client/lib/index.js')).toBe(
      'node_modules/@actions/github/node_modules/@actions/http-client',
    );
    expect(packageDirOf('../../tmp/x/node_modules/ms/index.js')).toBe('../../tmp/x/node_modules/ms');
    expect(packageDirOf('(disabled):node_modules/foo/bar.js')).toBe('node_modules/foo');
  });

  it('is undefined for cc-ci own code and for a path that names no file in a package', () => {
    expect(packageDirOf('src/engine/run.ts')).toBeUndefined();
    expect(packageDirOf('node_modules/@scope')).toBeUndefined();
    expect(packageDirOf('node_modules/')).toBeUndefined();
  });
});

describe('packagesByBundle', () => {
  it("gives each of cc-ci's entry bundles the packages of its chunks, static and dynamic, and nothing else", () => {
    const byBundle = packagesByBundle(metafile, 'dist.b', ENTRIES);
    expect([...byBundle.keys()].sort()).toEqual(['cli.js', 'main.js']);
    expect([...byBundle.get('cli.js')!].sort()).toEqual(['node_modules/yaml']);
    expect([...byBundle.get('main.js')!].sort()).toEqual([
      'node_modules/@actions/artifact',
      'node_modules/@actions/core',
      'node_modules/lazystream/node_modules/readable-stream',
      'node_modules/readable-stream',
      'node_modules/yaml',
    ]);
  });

  it('survives an import cycle between chunks', () => {
    const cyclic: Metafile = {
      outputs: {
        'd/main.js': out('m.ts', [], [{ path: 'd/a.js', kind: 'import-statement' }]),
        'd/a.js': out(undefined, ['node_modules/a/i.js'], [{ path: 'd/b.js', kind: 'import-statement' }]),
        'd/b.js': out(undefined, ['node_modules/b/i.js'], [{ path: 'd/a.js', kind: 'import-statement' }]),
      },
    };
    expect([...packagesByBundle(cyclic, 'd', ['./m.ts']).get('main.js')!].sort()).toEqual(['node_modules/a', 'node_modules/b']);
  });
});

describe('declaredLicense', () => {
  it('reads SPDX strings, the legacy object and the legacy array', () => {
    expect(declaredLicense({ license: 'MIT' })).toBe('MIT');
    expect(declaredLicense({ license: { type: 'ISC' } })).toBe('ISC');
    expect(declaredLicense({ licenses: [{ type: 'MIT' }, { type: 'Apache-2.0' }] })).toBe('(MIT OR Apache-2.0)');
    expect(declaredLicense({ licenses: [{ type: 'BSD-3-Clause' }] })).toBe('BSD-3-Clause');
    expect(declaredLicense({})).toBeUndefined();
  });
});

describe('readPackage', () => {
  const root = mkdtempSync(join(tmpdir(), 'cc-ci-licenses-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reads name, version, license and every LICENSE/COPYING/NOTICE file (sorted), not other files or directories', () => {
    const dir = join(root, 'p');
    mkdirSync(join(dir, 'license'), { recursive: true }); // a directory named like a license file
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'p', version: '1.2.3', license: 'Apache-2.0' }));
    for (const f of ['NOTICE', 'LICENSE.md', 'COPYING', 'LICENCE-MIT', 'README.md', 'licensed.js', 'index.js'])
      writeFileSync(join(dir, f), f);
    symlinkSync('README.md', join(dir, 'NOTICE.txt'));
    const p = readPackage(dir);
    expect(p).toMatchObject({ name: 'p', version: '1.2.3', license: 'Apache-2.0' });
    expect(p.files.map((f) => f.name)).toEqual(['COPYING', 'LICENCE-MIT', 'LICENSE.md', 'NOTICE', 'NOTICE.txt']);
    expect(p.files[0]!.text).toBe('COPYING');
    expect(LICENSE_FILE.test('licensed.js')).toBe(false);
  });
});

describe('collectPackages, licenseProblems and renderNotices', () => {
  const installed: Record<string, InstalledPackage> = {
    'node_modules/yaml': pkg('yaml', '2.9.1', ['LICENSE'], 'ISC'),
    'node_modules/@actions/core': pkg('@actions/core', '3.0.1', ['LICENSE.md']),
    'node_modules/@actions/artifact': pkg('@actions/artifact', '6.2.1', ['LICENSE.md']),
    'node_modules/readable-stream': pkg('readable-stream', '4.8.0'),
    'node_modules/lazystream/node_modules/readable-stream': pkg('readable-stream', '2.3.8'),
  };
  const read = (dir: string) => installed[dir]!;
  const packages = collectPackages(packagesByBundle(metafile, 'dist.b', ENTRIES), read);

  it('lists each name@version once, with the bundles it is in, sorted by name then version', () => {
    expect(packages.map((p) => `${p.name}@${p.version} ${p.bundles.join(',')}`)).toEqual([
      '@actions/artifact@6.2.1 main.js',
      '@actions/core@3.0.1 main.js',
      'readable-stream@2.3.8 main.js',
      'readable-stream@4.8.0 main.js',
      'yaml@2.9.1 cli.js,main.js',
    ]);
  });

  it('merges one version installed in two places into one entry', () => {
    const twice = collectPackages(new Map([['main.js', new Set(['node_modules/a/node_modules/ms', 'node_modules/ms'])]]), () =>
      pkg('ms', '2.1.3'),
    );
    expect(twice).toHaveLength(1);
    expect(twice[0]!.dirs).toEqual(['node_modules/a/node_modules/ms', 'node_modules/ms']);
  });

  it('renders the same text whatever order the metafile lists things in', () => {
    const reversed: Metafile = { outputs: Object.fromEntries(Object.entries(metafile.outputs).reverse()) };
    const again = collectPackages(packagesByBundle(reversed, 'dist.b', [...ENTRIES].reverse()), read);
    expect(renderNotices(again, {})).toBe(renderNotices(packages, {}));
  });

  it('holds each license file text with LF line ends, after a summary line per package', () => {
    const text = renderNotices(packages, {});
    expect(text).toContain('  yaml 2.9.1  ISC\n');
    expect(text).toContain('yaml 2.9.1\nLicense (package.json): ISC\nBundled in: cli.js, main.js\n\n--- LICENSE\n\nLICENSE of yaml\n');
    expect(text).not.toContain('\r');
    expect(text.endsWith('\n') && !text.endsWith('\n\n')).toBe(true);
  });

  it('refuses a bundled package that ships no license file, unless a maintainer reviewed it', () => {
    const bare = [...packages, { ...pkg('buffers', '0.1.1', [], null), dirs: ['node_modules/buffers'], bundles: ['main.js'] }];
    expect(licenseProblems(packages, {})).toEqual([]);
    const problems = licenseProblems(bare, {});
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^buffers@0\.1\.1 \(node_modules\/buffers\) is bundled but ships no LICENSE.*license: none/);
    const reviewed = { buffers: 'declares no license; checked upstream' };
    expect(licenseProblems(bare, reviewed)).toEqual([]);
    const text = renderNotices(bare, reviewed);
    expect(text).toContain('  buffers 0.1.1  NO LICENSE DECLARED\n');
    expect(text).toContain('License file: NONE SHIPPED IN THE PUBLISHED PACKAGE\nReviewed: declares no license; checked upstream\n');
  });

  it('refuses a reviewed entry that no longer applies', () => {
    expect(licenseProblems(packages, { 'left-pad': 'x' })).toEqual([
      'REVIEWED_WITHOUT_LICENSE_FILE names left-pad, which is no longer bundled: remove it',
    ]);
    expect(licenseProblems(packages, { yaml: 'x' })).toEqual([
      'REVIEWED_WITHOUT_LICENSE_FILE names yaml, which now ships a license file: remove it',
    ]);
  });
});
