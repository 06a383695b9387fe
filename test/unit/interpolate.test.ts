import { describe, expect, it } from 'vitest';
import { interpolate, InterpolationError } from '../../src/recipe/interpolate';

const env = { STACK_NAME: 'app_ci', V: 'v2', EMPTY: '' };

describe('interpolate (compose syntax)', () => {
  it.each([
    ['${STACK_NAME}_db_password_${V}', 'app_ci_db_password_v2'],
    ['$STACK_NAME-x', 'app_ci-x'],
    ['cost $$5', 'cost $5'],
    ['${MISSING:-fallback}', 'fallback'],
    ['${EMPTY:-fallback}', 'fallback'],
    ['${EMPTY-fallback}', ''],
    ['${MISSING-${V}}', 'v2'],
    ['${V:+set}', 'set'],
    ['${EMPTY:+set}', ''],
    ['${EMPTY+set}', 'set'],
    ['plain $ sign', 'plain $ sign'],
  ])('%s → %s', (input, expected) => {
    expect(interpolate(input, env)).toBe(expected);
  });

  it('fails on a required variable and on an unclosed brace', () => {
    expect(() => interpolate('${MISSING:?set it}', env)).toThrow(InterpolationError);
    expect(() => interpolate('${EMPTY:?must not be empty}', env)).toThrow(/EMPTY is missing a value: must not be empty/);
    expect(() => interpolate('${OPEN', env)).toThrow(/unclosed/);
  });
});
