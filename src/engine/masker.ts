import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Generated secrets of the run, and the one way to keep them out of everything cc-ci writes. */
export class Masker {
  private readonly secrets = new Set<string>();

  constructor(private readonly onAdd: (secret: string) => void = () => {}) {}

  add(secret: string): void {
    if (secret.length < 4 || this.secrets.has(secret)) return;
    this.secrets.add(secret);
    this.onAdd(secret);
  }

  redact(text: string): string {
    let out = text;
    for (const s of this.secrets) out = out.split(s).join('***');
    return out;
  }

  /** redact() on bytes (a line of a log as it is written): each secret's UTF-8 bytes become `***`, other bytes stay. */
  redactBytes(bytes: Buffer): Buffer {
    if (!this.secrets.size) return bytes;
    const text = bytes.toString('latin1');
    const redacted = this.redactLatin1(text);
    return redacted === text ? bytes : Buffer.from(redacted, 'latin1');
  }

  /** Bytes as latin1 (which round-trips any bytes), each secret's UTF-8 bytes the same way. */
  private redactLatin1(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(Buffer.from(secret).toString('latin1')).join('***');
    return out;
  }

  /** Redacts every string in a JSON-like value. */
  redactDeep<T>(value: T): T {
    if (typeof value === 'string') return this.redact(value) as T;
    if (Array.isArray(value)) return (value as unknown[]).map((v) => this.redactDeep(v)) as T;
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.redactDeep(v)])) as T;
    return value;
  }

  /**
   * Redacts, in place, every file under `dir` that holds a secret: the logs of hooks, tests and
   * failed services are written as their processes print them, and go into the artifact.
   */
  redactFiles(dir: string): void {
    if (!this.secrets.size) return;
    let names: string[];
    try {
      names = readdirSync(dir, { recursive: true, encoding: 'utf8' });
    } catch {
      return; // no logs yet
    }
    for (const name of names) {
      const path = join(dir, name);
      if (!statSync(path, { throwIfNoEntry: false })?.isFile()) continue;
      const text = readFileSync(path, 'latin1');
      const redacted = this.redactLatin1(text);
      if (redacted !== text) writeFileSync(path, redacted, 'latin1');
    }
  }
}
