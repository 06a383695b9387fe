import { createContext, Script } from 'node:vm';
import { RegexTimeout } from '../errors';

/**
 * Runs regular expressions that a pull request wrote (traefik labels, config.yml) with a time
 * limit. Go's RE2, which traefik uses, is linear-time; V8's regexps backtrack, so a crafted
 * pattern can run for minutes with the event loop blocked, and with it every timeout and the
 * teardown. vm's timeout interrupts a running regexp (measured: about 0.14 ms per call).
 */
const LIMIT_MS = 250;
const ctx = createContext({ re: null, s: '' });
const script = new Script('re.exec(s)');

/** `re.exec(s)`, stopped with RegexTimeout after `ms`; `shown` is the pattern as its author wrote it. */
export function boundedExec(re: RegExp, s: string, shown = re.source, ms = LIMIT_MS): RegExpExecArray | null {
  Object.assign(ctx, { re, s });
  try {
    return script.runInContext(ctx, { timeout: ms }) as RegExpExecArray | null;
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw new RegexTimeout(shown, ms);
    throw e;
  } finally {
    Object.assign(ctx, { re: null, s: '' });
  }
}

export const boundedTest = (re: RegExp, s: string, shown = re.source, ms = LIMIT_MS): boolean => boundedExec(re, s, shown, ms) !== null;
