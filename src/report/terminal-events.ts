import type { RunEvents } from '../engine/events';
import type { OpName, OpResult } from './schema';
import { seconds } from '../util/time';
import { noCommands, oneLine, plainLines } from './inert';

/** Findings listed under an op's line; the results file has them all. */
const SHOWN_FINDINGS = 10;

/**
 * The CLI's view of a run: one live progress line per op (rewritten in place on a terminal,
 * printed on change when piped), and every line passed through the secret mask. Messages carry
 * recipe strings (names, reasons, hook output) and the action prints them to the runner's log,
 * so every line written is plain text (no escape sequences) that is no workflow command.
 */
export class TerminalEvents implements RunEvents {
  private readonly secrets = new Set<string>();
  private readonly tty: boolean;
  private current?: { op: OpName; started: number; detail: string; printedAt: number };
  private ticker?: NodeJS.Timeout;

  constructor(private readonly out: NodeJS.WriteStream = process.stderr) {
    this.tty = Boolean(out.isTTY) && process.env.TERM !== 'dumb';
  }

  redact(text: string): string {
    let s = text;
    for (const secret of this.secrets) s = s.split(secret).join('***');
    return s;
  }

  private line(text: string): void {
    this.clearLive();
    // Control characters go before the mask (one inside a secret would hide it from it), commands after.
    this.out.write(
      `${plainLines(text)
        .map((l) => noCommands(this.redact(l)))
        .join('\n')}\n`,
    );
    this.drawLive();
  }

  info(message: string): void {
    this.line(message);
  }

  warn(message: string): void {
    this.line(`warning: ${message}`);
  }

  debug(message: string): void {
    if (process.env.CCCI_DEBUG) this.line(`debug: ${message}`);
  }

  mask(secret: string): void {
    if (secret) this.secrets.add(secret);
  }

  opStarted(op: OpName): void {
    this.current = { op, started: Date.now(), detail: 'starting', printedAt: 0 };
    if (this.tty) this.ticker = setInterval(() => this.drawLive(), 250);
    else this.line(`▶ ${op}`);
  }

  opProgress(op: OpName, detail: string): void {
    const c = this.current;
    if (!c || c.op !== op) return;
    const changed = c.detail !== detail;
    c.detail = detail;
    if (this.tty) this.drawLive();
    else if (changed && Date.now() - c.printedAt > 2000) {
      c.printedAt = Date.now();
      this.line(`  ${op} ${seconds(Date.now() - c.started)}: ${detail}`);
    }
  }

  opFinished(r: OpResult): void {
    if (this.ticker) clearInterval(this.ticker);
    this.clearLive();
    this.current = undefined;
    const time = r.durationMs ? ` ${seconds(r.durationMs)}` : '';
    this.line(
      `${r.status === 'pass' ? '✔' : r.status === 'fail' ? '✘' : r.status === 'skip' ? '○' : '⊘'} ${r.op} ${r.status}${time}: ${r.reason}`,
    );
    // Findings at a file and line (lint's, a refused compose key) are what to fix: each on its own line.
    const located = r.assertions.filter((a) => a.source && (a.status === 'warn' || a.status === 'fail') && !r.reason.includes(a.detail));
    for (const a of located.slice(0, SHOWN_FINDINGS))
      this.line(`  ${a.status === 'warn' ? 'warning' : 'error'} ${a.name.split(' ')[0]}: ${a.detail}`);
    if (located.length > SHOWN_FINDINGS) this.line(`  … ${located.length - SHOWN_FINDINGS} more in the results file`);
  }

  private drawLive(): void {
    const c = this.current;
    if (!this.tty || !c) return;
    const width = this.out.columns || 100;
    const text = noCommands(this.redact(oneLine(`… ${c.op} ${seconds(Date.now() - c.started)} ${c.detail}`)));
    this.out.write(`\r\x1b[K${text.slice(0, width - 1)}`);
  }

  private clearLive(): void {
    if (this.tty && this.current) this.out.write('\r\x1b[K');
  }
}
