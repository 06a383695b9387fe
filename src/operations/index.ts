import type { Operation } from './operation';
import { backup } from './backup';
import { custom } from './custom';
import { install } from './install';
import { lint } from './lint';
import { restore } from './restore';
import { upgrade } from './upgrade';

/** Every operation cc-ci knows (the orchestrator runs them in the canonical order). */
export const OPERATIONS: readonly Operation[] = [lint, install, upgrade, backup, restore, custom];
