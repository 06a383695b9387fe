import { describe, expect, it } from 'vitest';
import { signalExitCode } from '../../src/engine/interrupt';
import { Interrupted } from '../../src/errors';

describe('signalExitCode', () => {
  it('is 128 + the signal number for SIGINT and SIGTERM, and 130 for a reason that names no signal it knows', () => {
    expect(signalExitCode(new Interrupted('SIGINT'))).toBe(130);
    expect(signalExitCode(new Interrupted('SIGTERM'))).toBe(143);
    expect(signalExitCode(new Interrupted('SIGHUP'))).toBe(130);
    expect(signalExitCode(undefined)).toBe(130);
  });
});
