/**
 * Every error class cc-ci throws across module boundaries, in one leaf module any layer may import
 * (backends included). How each is reported: UserError → one line, exit 2; DeployRejected → the
 * op fails with what the deploy printed; OpTimeout/Interrupted → abort reasons; the rest are
 * caught where they are parsed and turned into a finding or a UserError.
 */

/**
 * A problem the user fixes (bad input, bad recipe or config file, missing environment): reported
 * as one line, `file:line: what is wrong; what to change`, with no stack trace, and exit code 2.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'UserError';
  }

  /** The one line printed to the user. */
  get oneLine(): string {
    const where = this.file ? `${this.file}${this.line ? `:${this.line}` : ''}: ` : '';
    return `${where}${this.message}`.replace(/\s*\n\s*/g, ' ');
  }
}

/** Thrown when the run is cancelled (SIGINT/SIGTERM, or the action being cancelled). */
export class Interrupted extends Error {
  constructor(readonly signal: string) {
    super(`interrupted by ${signal}`);
    this.name = 'Interrupted';
  }
}

/** The abort reason of an op that ran out of time (as opposed to an interrupted run). */
export class OpTimeout extends Error {
  /** `limit`: which limit ran out, when it is not the op's own (e.g. abra's deploy wait). */
  constructor(
    readonly seconds: number,
    limit?: string,
  ) {
    super(`timed out after ${seconds}s${limit ? ` (${limit})` : ''}`);
    this.name = 'OpTimeout';
  }
}

/** A command of the backend's failed; `lines` is what it printed (the autopsy's last lines). */
abstract class CommandFailed extends Error {
  constructor(
    message: string,
    readonly lines: string[] = [],
  ) {
    super(message);
  }
}

/** The backend's deploy (`docker stack deploy`, `abra app deploy`) refused the spec; `source`: the compose line it refused. */
export class DeployRejected extends CommandFailed {
  override name = 'DeployRejected';
  constructor(
    message: string,
    lines: string[] = [],
    readonly source?: { file: string; line?: number },
  ) {
    super(message, lines);
  }
}

/** The operator's backup tool (abra app backup/restore) failed. */
export class BackupToolFailed extends CommandFailed {
  override name = 'BackupToolFailed';
}

/** The Docker Engine API answered with an error status (or could not be reached: status 0). */
export class DockerApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'DockerApiError';
  }
}

/** A regular expression from a recipe ran too long (it backtracks; traefik's Go regexps never do). */
export class RegexTimeout extends Error {
  constructor(
    readonly pattern: string,
    ms: number,
  ) {
    super(
      `the regular expression \`${pattern}\` ran for over ${ms} ms (it backtracks; traefik's Go regexps never do), so cc-ci stopped it; simplify the pattern (no nested repetition)`,
    );
    this.name = 'RegexTimeout';
  }
}

/** A traefik rule that traefik would not parse. */
export class RuleError extends Error {}

/** A Go regexp (traefik's PathRegexp, HostRegexp) that Go would not compile. */
export class GoRegexError extends Error {}

/** A compose interpolation docker would refuse. */
export class InterpolationError extends Error {}

export function errorMessage(e: unknown): string {
  if (e instanceof UserError) return e.oneLine;
  return e instanceof Error ? e.message : String(e);
}
