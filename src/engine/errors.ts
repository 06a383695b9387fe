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

export function errorMessage(e: unknown): string {
  if (e instanceof UserError) return e.oneLine;
  return e instanceof Error ? e.message : String(e);
}
