import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/cli/args';
import { UserError } from '../../src/errors';

/** The CLI's argument errors: each a one-line UserError that says what to type instead. */
const refused = (argv: string[]) => {
  try {
    parseCommand(argv);
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return (e as Error).message;
  }
  throw new Error(`accepted: ${argv.join(' ')}`);
};

describe('cc-ci arguments', () => {
  it('help: --help, help, or no command at all', () => {
    for (const argv of [['--help'], ['help'], []]) expect(parseCommand(argv)).toEqual({ kind: 'help' });
  });

  it('teardown takes one stack name, and only a name docker could have made', () => {
    expect(parseCommand(['teardown', 'app_ci_local'])).toEqual({ kind: 'teardown', stack: 'app_ci_local' });
    expect(refused(['teardown'])).toBe('teardown takes exactly one STACK name; see cc-ci --help');
    expect(refused(['teardown', 'a', 'b'])).toBe('teardown takes exactly one STACK name; see cc-ci --help');
    expect(refused(['teardown', '../x'])).toBe('teardown: "../x" is not a stack name (letters, digits, _ and -)');
  });

  it('reap: no positionals; its flags belong to it alone', () => {
    expect(parseCommand(['reap', '--dry-run', '--older-than', '90s'])).toMatchObject({ kind: 'reap', dryRun: true, staleSeconds: 90 });
    expect(refused(['reap', 'stack'])).toBe('reap takes no positional arguments; see cc-ci --help');
    expect(refused(['test', '.', '--dry-run'])).toBe('--dry-run and --older-than belong to cc-ci reap; see cc-ci --help');
  });

  it('an unknown command, and test with two recipe directories, are refused', () => {
    expect(refused(['deploy'])).toBe('unknown command "deploy"; use test, setup, teardown or reap');
    expect(refused(['test', 'a', 'b'])).toBe('test takes one RECIPE_DIR, got 2; see cc-ci --help');
  });

  it('exec needs a service and a command after --', () => {
    expect(parseCommand(['exec', 'app', '--', 'ls', '-l'])).toEqual({ kind: 'exec', service: 'app', argv: ['ls', '-l'] });
    for (const argv of [['exec'], ['exec', 'app'], ['exec', 'app', '--'], ['exec', 'app', 'extra', '--', 'ls']])
      expect(refused(argv)).toBe('usage: cc-ci exec SERVICE -- CMD [ARG...]');
  });

  it('http and logs: one positional, whole numbers, a path from /, a regex that compiles', () => {
    expect(parseCommand(['logs', 'app'])).toEqual({ kind: 'logs', service: 'app', tail: 100 });
    expect(refused(['logs'])).toBe('usage: cc-ci logs SERVICE [--tail N]');
    expect(refused(['logs', 'app', '--tail', '1.5'])).toBe('--tail must be a whole number, not "1.5"');
    expect(refused(['logs', 'app', '--tail', '-1'])).toBe("Option '--tail' argument is ambiguous; see cc-ci --help");
    expect(refused(['http'])).toBe('usage: cc-ci http PATH [--expect STATUS] [--body REGEX] [--service S]');
    expect(refused(['http', 'health'])).toBe('cc-ci http: PATH must start with /, not "health"');
    expect(refused(['http', '/', '--body', '('])).toBe('--body is not a valid regular expression: (');
    expect(refused(['http', '/', '--nope'])).toMatch(/^Unknown option '--nope'; see cc-ci --help$/);
  });
});
