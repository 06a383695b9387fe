import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Integration tests each deploy their own uniquely named stack, so files may run side by side;
    // two at a time keeps a 2-core machine responsive.
    maxWorkers: 2,
    // Integration tests deploy, upgrade and tear down real stacks: tens of seconds each.
    testTimeout: 180_000,
    hookTimeout: 120_000,
    // vitest measures the code tests import; the built CLI and action steps tests start record
    // their own (CC_CI_SUBPROCESS_COVERAGE, test/support/cli.ts spawnEnv), and
    // scripts/coverage/floors.mjs merges the two.
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['json'],
      reportsDirectory: '.coverage/vitest',
      // A red run still shows its figures (the run fails on the tests either way).
      reportOnFailure: true,
    },
    projects: [
      {
        extends: true,
        test: {
          name: 'suite',
          include: ['test/**/*.test.ts'],
          // The abra backend's contract needs the abra CLI, which the test bed cannot install: the
          // GitHub workflow's abra-contract job runs it (vitest.abra.config.ts).
          exclude: [
            ...configDefaults.exclude,
            'test/contract/abra.contract.test.ts',
            'test/host-wide/**',
            'test/integration/snapshot-stream.test.ts',
          ],
        },
      },
      {
        extends: true,
        // Tests that act on every run on the Docker host (a reap removes any dead run's stack,
        // whoever killed it): they run after the rest, with nothing beside them.
        test: { name: 'host-wide', include: ['test/host-wide/**/*.test.ts'], sequence: { groupOrder: 1 } },
      },
      {
        extends: true,
        // A gigabyte through dockerd and the disk: beside other tests it slowed their Docker calls
        // past their bounds (a refused run took 34 s), so it runs last, alone.
        test: { name: 'heavy', include: ['test/integration/snapshot-stream.test.ts'], sequence: { groupOrder: 2 } },
      },
    ],
  },
});
