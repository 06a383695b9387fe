import type { Operation } from '../engine/operation';
import { install } from './install';

/** Every operation cc-ci knows, in no particular order (the orchestrator orders them). */
export const OPERATIONS: readonly Operation[] = [install];
