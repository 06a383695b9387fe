import { contractSuite } from './scenarios';
import { abraHarness } from './harnesses/abra';

// Needs the abra CLI: run by `npm run test:contract:abra` (the GitHub workflow's abra-contract job),
// left out of the default run (vitest.config.ts) because abra cannot be installed on the test bed.
contractSuite(abraHarness);
