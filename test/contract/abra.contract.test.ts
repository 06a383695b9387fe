import { describe, expect, it } from 'vitest';
import { backupbotDomain } from '../../src/backends/abra/commands';
import { backendKind } from '../../src/backends/registry';
import { stackName } from '../../src/recipe/app';
import type { TeardownReport } from '../../src/backends/types';
import { dockerLeftovers, fixture } from '../support/cli';
import { recipeRepo } from '../support/recipe-repo';
import { contractApp } from './contract-app';
import { contractSuite, sha } from './scenarios';
import { abraHarness } from './harnesses/abra';

// Needs the abra CLI: run by `npm run test:contract:abra` (the GitHub workflow's abra-contract job),
// left out of the default run (vitest.config.ts) because abra cannot be installed on the test bed.
contractSuite(abraHarness);

// abra's own backup path: only the abra backend has one (the swarm backend's backups are cc-ci's
// helpers, covered by the contract's 'backup then restore brings data back').
describe('abra: backups through abra app backup create and abra app restore (backup-bot-two)', () => {
  it('a file written before the backup is back after the restore; the pre-hook ran in its service; teardown removes the bot', async () => {
    const kind = backendKind('abra');
    await kind.setupHost({ initSwarm: true, log: () => {} });
    const a = await contractApp(kind, recipeRepo(fixture('contract'), 'contract'), 'abrabackup');
    const { stack } = a.prepared.app;
    let report: TeardownReport | undefined;
    try {
      const since = await a.deployment.deploy(AbortSignal.timeout(120_000));
      expect(await a.converge(since, abraHarness.convergeSeconds)).toMatchObject({ ok: true });
      const tool = a.backend.backupTool;
      expect(tool?.label).toBe('abra app backup (backup-bot-two)');
      const volume = `${stack}_data`;
      await a.backend.volumes.write(volume, 'kept.txt', 'as backed up\n');
      const id = await tool!.backup(AbortSignal.timeout(600_000), () => {});
      expect(await a.backend.volumes.kind(`${stack}_db`, 'hook-ran-in')).toBe('file');
      await a.backend.volumes.write(volume, 'kept.txt', 'changed after backup\n');
      await tool!.restore(id, AbortSignal.timeout(600_000), () => {});
      expect(await a.backend.volumes.sha256(volume, 'kept.txt')).toBe(sha('as backed up\n'));
    } finally {
      report = await a.backend.teardown();
    }
    expect(report.leftovers).toEqual([]);
    expect(dockerLeftovers(stack)).toEqual([]);
    expect(dockerLeftovers(stackName(backupbotDomain(a.prepared.app.domain)))).toEqual([]);
  });
});
