import { contractSuite } from './scenarios';
import { swarmHarness } from './harnesses/swarm';

contractSuite(swarmHarness);
