/**
 * Cuts a byte stream into lines (each with its newline) for `onLine`; more than `max` bytes still
 * waiting for their newline are handed on in pieces of `max`, and `flush` hands on what is left. Bytes, not text: a line
 * that is not UTF-8 passes unchanged.
 */
export function lineBuffer(
  onLine: (line: Buffer) => void,
  max = 64 * 1024,
): { write(chunk: Buffer): void; flush(): void; discard(): void } {
  let pending: Buffer = Buffer.alloc(0);
  return {
    write(chunk) {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      for (let nl = pending.indexOf(10); nl >= 0; nl = pending.indexOf(10)) {
        onLine(pending.subarray(0, nl + 1));
        pending = pending.subarray(nl + 1);
      }
      while (pending.length > max) {
        onLine(pending.subarray(0, max));
        pending = pending.subarray(max);
      }
    },
    flush() {
      if (pending.length) onLine(pending);
      pending = Buffer.alloc(0);
    },
    /** Drops what waits for its newline (a cut-off line). */
    discard() {
      pending = Buffer.alloc(0);
    },
  };
}
