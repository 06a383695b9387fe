import * as core from '@actions/core';
import { TerminalEvents } from '../report/terminal-events';

/** The CLI's progress lines on the job log, with GitHub's own masking and warning annotations. */
export class ActionEvents extends TerminalEvents {
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
}
