import * as core from '@actions/core';
import { TerminalEvents } from '../report/terminal-events';
import type { OpName, OpResult } from '../report/schema';
import { noCommands, plainLines } from '../report/inert';

/**
 * The CLI's progress lines on the job log, with GitHub's own masking, warning annotations and
 * debug log, and each op's lines (its start, progress, warnings, verdict and findings) in a
 * collapsible group of its own, named by the op. Groups do not nest: an op's group is closed
 * before the next opens, and close() (called when the run is over, however it ended, and on exit)
 * closes one an op that never finished left open.
 */
export class ActionEvents extends TerminalEvents {
  private group?: OpName;
  private readonly onExit = () => this.close();

  constructor() {
    super(process.stdout);
  }

  override mask(secret: string): void {
    super.mask(secret);
    core.setSecret(secret);
  }

  override warn(message: string): void {
    core.warning(this.redact(message));
  }

  override debug(message: string): void {
    // Same inert rendering as every other line: the message may carry recipe strings.
    for (const l of plainLines(message)) core.debug(noCommands(this.redact(l)));
  }

  override opStarted(op: OpName): void {
    this.open(op);
    super.opStarted(op);
  }

  /** An op that never started (skipped, blocked) gets a group too, holding its verdict. */
  override opFinished(r: OpResult): void {
    if (this.group !== r.op) this.open(r.op);
    super.opFinished(r);
    this.close();
  }

  /** Ends the open op group, if any. */
  close(): void {
    if (!this.group) return;
    this.group = undefined;
    process.off('exit', this.onExit);
    core.endGroup();
  }

  private open(op: OpName): void {
    this.close();
    this.group = op;
    process.once('exit', this.onExit);
    core.startGroup(op);
  }
}
