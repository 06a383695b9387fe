import { defineConfig } from 'vitest/config';

/** The backend contract on the abra backend (needs `abra` on PATH and a swarm): npm run test:contract:abra. */
export default defineConfig({
  test: {
    include: ['test/contract/abra.contract.test.ts'],
    maxWorkers: 1,
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
