import { contractSuite } from './scenarios';
import { fakeHarness } from './harnesses/fake';

contractSuite(fakeHarness);
