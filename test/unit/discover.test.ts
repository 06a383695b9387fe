import { describe, expect, it } from 'vitest';
import { resolveOverlays, type FoundFile, type Source } from '../../src/overlays/discover';

const file = (source: Source, rel: string, executable = true): FoundFile => ({
  source,
  rel,
  path: `/${source}/${rel}`,
  shown: `${source === 'repo-local' ? '.cc-ci' : 'overlays/r'}/${rel}`,
  executable,
});
const trusted = { repoLocalTrusted: true, skipGeneric: [] };

describe('overlay precedence: one row per situation', () => {
  const single: {
    item: string;
    found: FoundFile[];
    trust?: boolean;
    winner: Source | undefined;
    pick: (r: ReturnType<typeof resolveOverlays>) => FoundFile | undefined;
  }[] = [
    {
      item: 'install_steps.sh, only bundled',
      found: [file('bundled', 'install_steps.sh')],
      winner: 'bundled',
      pick: (r) => r.installSteps,
    },
    {
      item: 'install_steps.sh, both',
      found: [file('bundled', 'install_steps.sh'), file('repo-local', 'install_steps.sh')],
      winner: 'repo-local',
      pick: (r) => r.installSteps,
    },
    { item: 'install_steps.sh, none', found: [], winner: undefined, pick: (r) => r.installSteps },
    {
      item: 'compose.ci.yml, both',
      found: [file('repo-local', 'compose.ci.yml', false), file('bundled', 'compose.ci.yml', false)],
      winner: 'repo-local',
      pick: (r) => r.composeCi,
    },
    {
      item: 'hooks/pre-backup.sh, both',
      found: [file('bundled', 'hooks/pre-backup.sh'), file('repo-local', 'hooks/pre-backup.sh')],
      winner: 'repo-local',
      pick: (r) => r.preHooks.backup,
    },
    {
      item: 'hooks/pre-backup.sh, only repo-local',
      found: [file('repo-local', 'hooks/pre-backup.sh')],
      winner: 'repo-local',
      pick: (r) => r.preHooks.backup,
    },
    {
      item: 'untrusted repo-local hook falls back to bundled',
      found: [file('bundled', 'hooks/pre-install.sh'), file('repo-local', 'hooks/pre-install.sh')],
      trust: false,
      winner: 'bundled',
      pick: (r) => r.preHooks.install,
    },
    {
      item: 'untrusted repo-local install_steps.sh alone is not run',
      found: [file('repo-local', 'install_steps.sh')],
      trust: false,
      winner: undefined,
      pick: (r) => r.installSteps,
    },
    {
      item: 'untrusted repo-local compose.ci.yml still applies (not executable)',
      found: [file('repo-local', 'compose.ci.yml', false)],
      trust: false,
      winner: 'repo-local',
      pick: (r) => r.composeCi,
    },
  ];
  it.each(single)('$item → $winner', ({ found, trust, winner, pick }) => {
    expect(pick(resolveOverlays(found, { repoLocalTrusted: trust ?? true, skipGeneric: [] }))?.source).toBe(winner);
  });

  it('records shadowed and gated candidates in the manifest with why', () => {
    const r = resolveOverlays(
      [file('bundled', 'install_steps.sh'), file('repo-local', 'install_steps.sh'), file('repo-local', 'tests/custom/a')],
      { repoLocalTrusted: false, skipGeneric: ['restore'] },
    );
    expect(r.manifest.filter((m) => m.source !== 'built-in')).toEqual([
      {
        item: 'install_steps.sh',
        source: 'repo-local',
        path: '.cc-ci/install_steps.sh',
        used: false,
        note: 'not run: repo-local executable from an untrusted pull request (set allow-repo-local to run it)',
      },
      { item: 'install_steps.sh', source: 'bundled', path: 'overlays/r/install_steps.sh', used: true },
      {
        item: 'tests/custom/a',
        source: 'repo-local',
        path: '.cc-ci/tests/custom/a',
        used: false,
        note: 'not run: repo-local executable from an untrusted pull request (set allow-repo-local to run it)',
      },
    ]);
    expect(r.manifest.find((m) => m.item === 'generic restore assertions')).toEqual({
      item: 'generic restore assertions',
      source: 'built-in',
      path: null,
      used: false,
      note: 'skipped by config skip-generic',
    });
    expect(r.manifest.find((m) => m.item === 'generic install assertions')?.used).toBe(true);
  });

  it('notes an overridden candidate', () => {
    const r = resolveOverlays([file('bundled', 'hooks/pre-backup.sh'), file('repo-local', 'hooks/pre-backup.sh')], trusted);
    expect(r.manifest.find((m) => m.source === 'bundled')).toMatchObject({
      used: false,
      note: 'overridden by repo-local .cc-ci/hooks/pre-backup.sh',
    });
  });

  it('adds tests from every location: bundled first, then repo-local, by name', () => {
    const r = resolveOverlays(
      [
        file('repo-local', 'tests/install/b'),
        file('bundled', 'tests/install/z'),
        file('repo-local', 'tests/install/a'),
        file('bundled', 'tests/custom/c'),
      ],
      trusted,
    );
    expect(r.tests.install?.map((t) => t.shown)).toEqual([
      'overlays/r/tests/install/z',
      '.cc-ci/tests/install/a',
      '.cc-ci/tests/install/b',
    ]);
    expect(r.tests.custom?.map((t) => t.shown)).toEqual(['overlays/r/tests/custom/c']);
  });

  it('merges config files in order bundled, repo-local', () => {
    expect(
      resolveOverlays([file('repo-local', 'config.yml', false), file('bundled', 'config.yml', false)], trusted).configs.map(
        (c) => c.source,
      ),
    ).toEqual(['bundled', 'repo-local']);
  });

  it('reports non-executable hooks and tests and misnamed items as fatal, other files as warnings', () => {
    const rels = [
      'hooks/pre-deploy.sh',
      'tests/instal/x',
      'hooks/post-backup.sh',
      'install-steps.sh',
      'config.yaml',
      'tests/lib/helpers.sh',
      'tests/install/lib/helpers.sh',
      'hooks/common.sh',
      'notes.txt',
    ];
    const r = resolveOverlays([file('repo-local', 'tests/install/check', false), ...rels.map((rel) => file('repo-local', rel))], trusted);
    expect(r.problems.map((p) => [p.file.rel, p.fatal, p.message])).toEqual([
      ['tests/install/check', true, 'is not executable; run chmod +x on it (and git add --chmod=+x)'],
      [
        'hooks/pre-deploy.sh',
        true,
        'is not an overlay item, so cc-ci would ignore it; hooks are hooks/pre-<op>.sh, op one of lint, install, upgrade, backup, restore, custom; rename it',
      ],
      [
        'tests/instal/x',
        true,
        'is not an overlay item, so cc-ci would ignore it; did you mean tests/install/? tests go in tests/<op>/, op one of lint, install, upgrade, backup, restore, custom; move it',
      ],
      [
        'hooks/post-backup.sh',
        true,
        'is not an overlay item, so cc-ci would ignore it; there are no post-op hooks: hooks are hooks/pre-<op>.sh, and checks after an op go in tests/<op>/; move it',
      ],
      ['install-steps.sh', true, 'is not an overlay item, so cc-ci would ignore it; did you mean install_steps.sh? rename it'],
      ['config.yaml', true, 'is not an overlay item, so cc-ci would ignore it; did you mean config.yml? rename it'],
      ['tests/lib/helpers.sh', false, expect.stringMatching(/tests\/lib\/helpers\.sh is not an overlay item .*; it is ignored$/)],
      ['tests/install/lib/helpers.sh', false, expect.stringMatching(/it is ignored$/)],
      ['hooks/common.sh', false, expect.stringMatching(/it is ignored$/)],
      ['notes.txt', false, expect.stringMatching(/it is ignored$/)],
    ]);
  });
});
