import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { ownEnv } from './own-env';
import { waitingOn } from './waits';

export interface RunOptions {
  /** Default: cc-ci's own allowlisted environment (own-env.ts), never the runner's whole one. */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  input?: string | Buffer;
  /** Streams this file to stdin (binary-safe, e.g. a tar archive). */
  inputFile?: string;
  /** Streams stdout into this file instead of collecting it (binary-safe). */
  stdoutFile?: string;
  /** With stdoutFile: the most it may hold; more kills the child and sets `overflowed`. */
  stdoutFileLimit?: number;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Called per complete output line, for live logs. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Killed because of timeoutMs or the abort signal. */
  killed: boolean;
  /** Killed because it wrote more than stdoutFileLimit. */
  overflowed?: boolean;
}

/**
 * Runs a program with an argument array (never through a shell, so recipe and user strings are
 * never interpolated). Unlike @actions/exec it can be cancelled, which timeouts and SIGINT need.
 */
export function run(cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  return waitingOn(spawnAndWait(cmd, args, opts));
}

function spawnAndWait(cmd: string, args: readonly string[], opts: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) return resolve({ code: 130, stdout: '', stderr: 'aborted before start', killed: true });
    // Own process group: a Ctrl-C in the terminal reaches cc-ci only, which then decides what to
    // stop, instead of killing the docker calls teardown still needs.
    const child = spawn(cmd, args, { env: opts.env ?? ownEnv(), cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    const out = new OutputTail();
    const err = new OutputTail();
    let killed = false;
    const kill = () => {
      killed = true;
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 2000).unref();
    };
    const timer = opts.timeoutMs ? setTimeout(kill, opts.timeoutMs) : undefined;
    opts.signal?.addEventListener('abort', kill, { once: true });
    const lineSplitter = (stream: 'stdout' | 'stderr') => {
      let rest = '';
      return (chunk: Buffer) => {
        if (!opts.onLine) return;
        const lines = (rest + chunk.toString('utf8')).split('\n');
        rest = (lines.pop() ?? '').slice(0, 64 * 1024); // a line without end is cut, not kept whole
        for (const line of lines) opts.onLine(line, stream);
      };
    };
    const onOut = lineSplitter('stdout');
    const onErr = lineSplitter('stderr');
    const toFile = opts.stdoutFile ? createWriteStream(opts.stdoutFile) : undefined;
    // Caught here, not when the child closes: a file that fails early (ENOENT, ENOSPC) would
    // otherwise be an unhandled rejection until then, which ends the process.
    const written = toFile ? finished(toFile).catch(() => undefined) : Promise.resolve();
    let overflowed = false;
    if (toFile) {
      let bytes = 0;
      child.stdout.on('data', (c: Buffer) => {
        bytes += c.length;
        if (opts.stdoutFileLimit !== undefined && bytes > opts.stdoutFileLimit && !overflowed) {
          overflowed = true;
          kill();
        }
      });
      child.stdout.pipe(toFile);
    } else child.stdout.on('data', (c: Buffer) => (out.add(c), onOut(c)));
    child.stderr.on('data', (c: Buffer) => (err.add(c), onErr(c)));
    child.stdin.on('error', () => {}); // the child may exit before reading its input
    if (opts.inputFile)
      createReadStream(opts.inputFile)
        .on('error', () => child.stdin.end())
        .pipe(child.stdin);
    else child.stdin.end(opts.input ?? '');
    child.on('error', (e) => {
      if (timer) clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, sig) => {
      if (timer) clearTimeout(timer);
      opts.signal?.removeEventListener('abort', kill);
      void written.then(() =>
        resolve({
          code: code ?? (sig ? 128 + signalNumber(sig) : 1),
          stdout: out.text(),
          stderr: err.text(),
          killed,
          ...(overflowed ? { overflowed } : {}),
        }),
      );
    });
  });
}

/** What a child may leave in memory per stream: its last 16 MiB (a recipe's hook can print without end). */
export const KEEP_OUTPUT_BYTES = 16 * 1024 * 1024;

/**
 * What is kept of one output stream in memory: its last `limit` bytes, with a note when earlier
 * output was dropped (for a child run here, and for a process run through the Engine API).
 */
export class OutputTail {
  private chunks: Buffer[] = [];
  private size = 0;
  private dropped = false;

  constructor(private readonly limit = KEEP_OUTPUT_BYTES) {}

  add(c: Buffer): void {
    this.chunks.push(c);
    this.size += c.length;
    while (this.chunks.length > 1 && this.size - this.chunks[0]!.length >= this.limit) {
      this.size -= this.chunks.shift()!.length;
      this.dropped = true;
    }
  }

  text(): string {
    const all = Buffer.concat(this.chunks);
    const kept = all.length > this.limit ? all.subarray(-this.limit) : all;
    return `${this.dropped || kept !== all ? '[cc-ci: earlier output not kept]\n' : ''}${kept.toString('utf8')}`;
  }
}

function signalNumber(sig: NodeJS.Signals): number {
  return sig === 'SIGKILL' ? 9 : sig === 'SIGINT' ? 2 : 15;
}

/** The first line that says why a command failed, for one-line messages. */
export function firstErrorLine(r: RunResult): string {
  const text = (r.stderr.trim() || r.stdout.trim()).split('\n');
  // `||`: a command that printed nothing still has one (empty) line, which says less than its exit code.
  return text.find((l) => /error|denied|invalid|not found|failed/i.test(l))?.trim() || text[0]!.trim() || `exit code ${r.code}`;
}
