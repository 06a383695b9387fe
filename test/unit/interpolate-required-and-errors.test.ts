import { describe, expect, it } from 'vitest';

import { interpolate, interpolateAt } from '../../src/recipe/interpolate';
import { UserError } from '../../src/errors';

describe('required references that are set', () => {
  it.each([
    ['${A:?must be set}', { A: 'x' }, 'x'],
    ['${A?must be set}', { A: 'x' }, 'x'],
    // `?` only requires the variable to exist: empty is a value
    ['[${A?must be set}]', { A: '' }, '[]'],
    ['$A?unbraced_message', { A: 'y' }, 'y'],
    // ops are tried by substring, `-` before `?`: this is a default for the variable `A?no`
    ['$A?no-brace', { A: 'y' }, 'brace'],
  ])('%s with %j is %j', (text, env, out) => expect(interpolate(text, env)).toBe(out));

  it('`:?` refuses an empty value, `?` an unset one, both with the message given', () => {
    expect(() => interpolate('${A:?set A}', { A: '' })).toThrow('required variable A is missing a value: set A');
    expect(() => interpolate('${A?}', {})).toThrow(/^required variable A is missing a value$/);
  });
});

describe('interpolateAt', () => {
  it('reports a bad reference as a UserError at the file and line', () => {
    let err: unknown;
    try {
      interpolateAt('${A:?}', {}, { file: 'compose.yml', line: 7 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    expect(err).toMatchObject({ file: 'compose.yml', line: 7 });
    expect((err as Error).message).toBe('required variable A is missing a value; fix the variable reference or set it in .env.sample');
  });

  it('lets any other error through as it is, not as a mistake of the recipe', () => {
    const boom = new RangeError('env lookup failed');
    const env: Record<string, string | undefined> = {};
    Object.defineProperty(env, 'A', {
      enumerable: true,
      get() {
        throw boom;
      },
    });
    let err: unknown;
    try {
      interpolateAt('${A}', env, { file: 'compose.yml', line: 1 });
    } catch (e) {
      err = e;
    }
    expect(err).toBe(boom);
  });
});
