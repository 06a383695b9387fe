import { describe, expect, it } from 'vitest';
import { interpolate, references } from '../../src/recipe/interpolate';
import { InterpolationError } from '../../src/errors';

const env = { STACK_NAME: 'app_ci', V: 'v2', EMPTY: '' };

describe('interpolate (compose syntax)', () => {
  it.each([
    ['${STACK_NAME}_db_password_${V}', 'app_ci_db_password_v2'],
    // docker/cli template.go reads an unbraced `-` as a default too, and never interpolates a default
    ['$STACK_NAME-x', 'app_ci'],
    ['$MISSING-/etc/passwd', '/etc/passwd'],
    ['${STACK_NAME}-x', 'app_ci-x'],
    ['cost $$5', 'cost $5'],
    ['${MISSING:-fallback}', 'fallback'],
    ['${EMPTY:-fallback}', 'fallback'],
    ['${EMPTY-fallback}', ''],
    ['${MISSING-${V}}', '${V}'],
    ['${MISSING:-${V}}x}', '${V}x}'],
    ['${A:?x-y}', 'y'],
  ])('%s → %s', (input, expected) => {
    expect(interpolate(input, env)).toBe(expected);
  });

  it('fails where docker fails: a required variable, an unclosed brace, :+, a lone $', () => {
    expect(() => interpolate('${MISSING:?set it}', env)).toThrow(InterpolationError);
    expect(() => interpolate('${EMPTY:?must not be empty}', env)).toThrow(/EMPTY is missing a value: must not be empty/);
    for (const bad of ['${OPEN', '${V:+set}', 'plain $ sign', '$1']) expect(() => interpolate(bad, env), bad).toThrow(/invalid template/);
  });

  it('finds the references docker would substitute', () => {
    expect(references('$$x ${A} ${C:-d} ${D:?e} ${E-${F}} $B-c')).toEqual([
      { name: 'A', op: '' },
      { name: 'C', op: ':-' },
      { name: 'D', op: ':?' },
      { name: 'E', op: '-' },
      { name: 'B', op: '-' },
    ]);
  });
});
