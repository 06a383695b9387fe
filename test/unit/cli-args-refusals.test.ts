import { describe, expect, it } from 'vitest';
import { MAX_JOBS, parseCommand, USAGE } from '../../src/cli/args';
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

  it('an unknown command is refused (several recipe directories are test --jobs, below)', () => {
    expect(refused(['deploy'])).toBe('unknown command "deploy"; use test, setup, teardown or reap');
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

describe('cc-ci test with several recipes (--jobs)', () => {
  it('one RECIPE_DIR without --jobs or --results-dir is the single run of today', () => {
    expect(parseCommand(['test', 'a', '--domain', 'a.ci.local', '--results', 'r.json'])).toMatchObject({
      kind: 'test',
      recipeDir: 'a',
      domain: 'a.ci.local',
      results: 'r.json',
    });
    expect(parseCommand(['test'])).toMatchObject({ kind: 'test', recipeDir: '.' });
  });

  it('several RECIPE_DIRs, --jobs or --results-dir: one run each, the run flags passed on as typed', () => {
    expect(parseCommand(['test', 'a', 'b'])).toEqual({ kind: 'jobs', recipeDirs: ['a', 'b'], jobs: 1, backend: 'swarm', runArgs: [] });
    const runFlags = [
      '--ops',
      'install,backup',
      '--backend',
      'abra',
      '--teardown',
      'never',
      '--timeout',
      '60',
      '--upgrade-from',
      'none',
      '--host-access',
      'refuse',
    ];
    expect(parseCommand(['test', 'a', 'b', 'c', '--jobs', '3', '--results-dir', 'out', ...runFlags])).toEqual({
      kind: 'jobs',
      recipeDirs: ['a', 'b', 'c'],
      jobs: 3,
      resultsDir: 'out',
      backend: 'abra',
      runArgs: runFlags,
    });
    expect(parseCommand(['test', '--jobs', '2'])).toMatchObject({ kind: 'jobs', recipeDirs: ['.'], jobs: 2 });
    expect(parseCommand(['test', 'a', '--results-dir', 'out'])).toMatchObject({
      kind: 'jobs',
      recipeDirs: ['a'],
      jobs: 1,
      resultsDir: 'out',
    });
    expect(parseCommand(['test', 'a', 'b', '--jobs', String(MAX_JOBS)])).toMatchObject({ jobs: MAX_JOBS });
  });

  it('refuses --results, --domain and --recipe with several recipes, pointing at --results-dir', () => {
    expect(refused(['test', 'a', 'b', '--results', 'r.json'])).toBe(
      '--results is for one recipe; with several RECIPE_DIRs, --jobs or --results-dir each run gets its own domain and results file: use --results-dir DIR',
    );
    expect(refused(['test', 'a', '--jobs', '2', '--domain', 'a.ci.local'])).toBe(
      '--domain is for one recipe; with several RECIPE_DIRs, --jobs or --results-dir each run gets its own domain and results file: use --results-dir DIR',
    );
    expect(refused(['test', 'a', 'b', '--recipe', 'notes'])).toBe(
      '--recipe is for one recipe; with several RECIPE_DIRs, --jobs or --results-dir each is named by TYPE= in its .env.sample, else its directory name',
    );
    expect(refused(['test', 'a', 'b', '--results-dir', ''])).toBe(
      '--results-dir is empty; give a directory for the results files, e.g. ./results',
    );
  });

  it('--jobs is a whole number from 1 to the maximum', () => {
    for (const bad of ['0', String(MAX_JOBS + 1), 'three', '1.5', '2e0', ' 2', ''])
      expect(refused(['test', 'a', 'b', '--jobs', bad])).toBe(`--jobs must be a whole number from 1 to ${MAX_JOBS}, not "${bad}"`);
  });

  it('checks the passed-on run flags once, up front, as a single run does', () => {
    expect(refused(['test', 'a', 'b', '--ops', 'install,nope'])).toMatch(/^--ops: unknown op "nope"/);
    expect(refused(['test', 'a', 'b', '--timeout', '0'])).toBe('--timeout is "0"; give a whole number of seconds, e.g. 600');
  });

  it('the usage names both forms and the upgrade-from values', () => {
    expect(USAGE).toContain('cc-ci test RECIPE_DIR... [--jobs N] [--results-dir DIR]');
    expect(USAGE).toContain('[--upgrade-from previous|none|chain|chain:N|TAG[,TAG...]]');
  });
});
