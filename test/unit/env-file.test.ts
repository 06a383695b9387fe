import { describe, expect, it } from 'vitest';
import { commentHints, formatEnvLine, parseEnvFile } from '../../src/recipe/env-file';
import { UserError } from '../../src/errors';

describe('parseEnvFile', () => {
  it('reads KEY=VALUE lines without shell evaluation, expanding earlier keys like abra', () => {
    const env = parseEnvFile(
      '.env.sample',
      [
        '# comment',
        'TYPE=demo',
        'GREETING=hello from env file',
        'COMPOSE_FILE="compose.yml"',
        '#COMPOSE_FILE="$COMPOSE_FILE:compose.off.yml"',
        'COMPOSE_FILE="$COMPOSE_FILE:compose.smtp.yml"',
        "LITERAL='$TYPE stays'",
        'CMD=$(rm -rf /) `id`',
        'export EXPORTED=${TYPE}-x',
        'EMPTY=',
        'UNKNOWN=$NOPE/x',
      ].join('\n'),
    );
    expect(env.values).toEqual({
      TYPE: 'demo',
      GREETING: 'hello from env file',
      COMPOSE_FILE: 'compose.yml:compose.smtp.yml',
      LITERAL: '$TYPE stays',
      CMD: '$(rm -rf /) `id`',
      EXPORTED: 'demo-x',
      EMPTY: '',
      UNKNOWN: '/x',
    });
    expect(env.entries.find((e) => e.key === 'GREETING')?.line).toBe(3);
  });

  it('keeps trailing comments apart from values and reads hints from them', () => {
    const env = parseEnvFile('x', 'SECRET_DB_VERSION=v1 # length=64 charset=hex\nQ="a # not a comment" # real');
    expect(env.values).toEqual({ SECRET_DB_VERSION: 'v1', Q: 'a # not a comment' });
    expect(commentHints(env.entries[0]!.comment)).toEqual({ length: '64', charset: 'hex' });
    expect(env.entries[1]!.comment).toBe('real');
  });

  it('applies overrides where the key is defined, so later lines expand the new value', () => {
    const env = parseEnvFile('x', 'DOMAIN=app.example.com\nURL=https://$DOMAIN/', { DOMAIN: 'ci-1.ci.local' });
    expect(env.values.URL).toBe('https://ci-1.ci.local/');
  });

  it('names file and line for a line that is not KEY=VALUE', () => {
    const err = (() => {
      try {
        parseEnvFile('.env.sample', 'A=1\nthis is not valid\n');
      } catch (e) {
        return e as UserError;
      }
    })();
    expect(err).toBeInstanceOf(UserError);
    expect(err!.oneLine).toBe(
      '.env.sample:2: expected KEY=VALUE, got "this is not valid"; keys are letters, digits, _ and . — fix the line or comment it out with #',
    );
  });

  it('rejects an unterminated quote with its line', () => {
    expect(() => parseEnvFile('.env.sample', 'A="open')).toThrow(/unterminated " quote/);
  });

  // Each case is what joho/godotenv v1.5.1 (parser.go), which abra's env fork is built on, reads.
  it.each([
    ['export, and KEY: value (yaml style)', 'export A=1\nB: two', { A: '1', B: 'two' }],
    ['a comment needs a blank before #, and the last one counts', 'A=b#c\nB=x # y # z', { A: 'b#c', B: 'x # y' }],
    ['a value that is only a comment stays', 'A= # c', { A: '# c' }],
    ['double quotes: \\n and \\r are escapes, any other \\X is X', 'A="a\\tb\\nc\\"d"', { A: 'atb\nc"d' }],
    ['single quotes are raw', "A='a\\nb $B'", { A: 'a\\nb $B' }],
    ['quoted values span lines', 'A="one\ntwo"\nB=3', { A: 'one\ntwo', B: '3' }],
    ['${X:-d} is not special: ${X is replaced, :-d} stays', 'X=1\nA=${X:-d}\nB=${Y:-d}', { X: '1', A: '1:-d}', B: ':-d}' }],
    ['only upper-case names expand', 'low=1\nA=$low', { low: '1', A: '$low' }],
    ['\\$ in double quotes is a literal $', 'A="\\$HOME"', { A: '$HOME' }],
    ['keys may hold dots; the last definition wins', 'a.b=1\nK=1\nK=2', { 'a.b': '1', K: '2' }],
    ['CRLF line ends', 'A=1\r\nB="2"\r\n', { A: '1', B: '2' }],
  ])('%s', (_name, text, values) => {
    expect(parseEnvFile('x', text).values).toEqual(values);
  });

  it('rejects a byte order mark, which abra cannot read either', () => {
    expect(() => parseEnvFile('.env.sample', '\uFEFFA=1')).toThrow(/byte order mark/);
  });

  it.each(['plain', 'with space', 'quo"te', 'dollar $HOME', 'back\\slash', "single'quote", 'multi\nline', ''])(
    'formatEnvLine round-trips %j',
    (value) => {
      expect(parseEnvFile('x', formatEnvLine('K', value)).values.K).toBe(value);
    },
  );
});
