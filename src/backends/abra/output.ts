import type { RunResult } from '../../util/exec';
import { firstErrorLine } from '../../util/exec';

/** Colour and cursor sequences (abra colours its logs when it thinks it has a terminal). */
// eslint-disable-next-line no-control-regex -- ESC starts every sequence
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]/g;

const clean = (text: string) => text.replace(ANSI, '').replace(/\r/g, '');

/** A secret abra generated, as `abra app secret generate --machine` lists it: the secret's name and value. */
interface GeneratedSecret {
  name: string;
  value: string;
}

/**
 * The values in `abra app secret generate --machine` output: a JSON list of rows keyed by the
 * table's lower-cased headers, `[{"name": "db_password", "value": "…"}]`. abra builds that text
 * without escaping, so when it is not valid JSON the rows are read field by field instead
 * (passgen's alphabets and passphrases hold no `"`, `\` or braces).
 */
export function generatedSecrets(stdout: string): GeneratedSecret[] {
  const text = clean(stdout);
  const start = text.indexOf('[');
  const end = text.lastIndexOf(']');
  if (start >= 0 && end > start) {
    try {
      const rows: unknown = JSON.parse(text.slice(start, end + 1));
      if (Array.isArray(rows)) return rows.flatMap((row) => (row && typeof row === 'object' ? pick(row as Record<string, unknown>) : []));
    } catch {
      // read field by field below
    }
  }
  const found: GeneratedSecret[] = [];
  for (const m of text.matchAll(/\{([^{}]*)\}/g)) {
    const body = m[1]!;
    const name = /"name"\s*:\s*"([^"]*)"/i.exec(body)?.[1];
    const value = /"value"\s*:\s*"([^"]*)"/i.exec(body)?.[1];
    if (name !== undefined && value !== undefined) found.push({ name, value });
  }
  return found;
}

function pick(row: Record<string, unknown>): GeneratedSecret[] {
  const field = (want: string) => Object.entries(row).find(([k]) => k.toLowerCase() === want)?.[1];
  const name = field('name');
  const value = field('value');
  return typeof name === 'string' && typeof value === 'string' ? [{ name, value }] : [];
}

/** Why an abra command failed, in one line: its last FATA/ERRO log line, else the first line that says so. */
export function failureLine(r: RunResult): string {
  const lines = clean(`${r.stderr}\n${r.stdout}`)
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const fatal = [...lines].reverse().find((l) => /^(FATA|FATAL|ERRO|ERROR)\b/.test(l));
  if (fatal) return fatal;
  if (r.killed) return `stopped after it ran out of time (exit code ${r.code})`;
  return firstErrorLine({ ...r, stdout: clean(r.stdout), stderr: clean(r.stderr) });
}

/** The last `n` lines abra printed (stdout, then stderr), for DeployRejected. */
export function lastLines(r: RunResult, n = 40): string[] {
  return clean(`${r.stdout}\n${r.stderr}`)
    .split('\n')
    .map((l) => l.trimEnd())
    .filter(Boolean)
    .slice(-n);
}

/** All abra printed, for matching its messages. */
export const printed = (r: RunResult) => clean(`${r.stdout}\n${r.stderr}`);
