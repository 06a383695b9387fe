import type { Readable } from 'node:stream';

/**
 * The Engine API's multiplexed stream (exec and attach without a TTY, logs of a service without
 * one): frames of an 8-byte header, [stream type, 0, 0, 0, uint32 big-endian payload length],
 * then the payload. Types: 0 stdin, 1 stdout, 2 stderr, 3 an error of the daemon's own
 * (moby pkg/stdcopy/stdcopy.go; "Error grabbing logs: ..." in api/server/httputils/write_log_stream.go).
 */
export const STDOUT = 1;
export const STDERR = 2;
export const SYSTEMERR = 3;

const HEADER = 8;

/** Splits the bytes of a multiplexed stream, however they are chunked, into its frames. */
export class FrameParser {
  private pending: Buffer[] = [];
  private size = 0;

  constructor(private readonly onFrame: (type: number, payload: Buffer) => void) {}

  push(chunk: Buffer): void {
    this.pending.push(chunk);
    this.size += chunk.length;
    while (this.size >= HEADER) {
      const head = this.peek(HEADER);
      const length = head.readUInt32BE(4);
      if (this.size < HEADER + length) return;
      const frame = this.take(HEADER + length);
      this.onFrame(frame[0]!, frame.subarray(HEADER));
    }
  }

  /** Bytes of a frame begun but not complete: not zero at the end means the stream was cut. */
  get buffered(): number {
    return this.size;
  }

  private peek(n: number): Buffer {
    if (this.pending[0]!.length < n) this.pending = [Buffer.concat(this.pending)];
    return this.pending[0]!.subarray(0, n);
  }

  private take(n: number): Buffer {
    const all = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
    this.pending = all.length > n ? [all.subarray(n)] : [];
    this.size -= n;
    return all.subarray(0, n);
  }
}

/**
 * Feeds a multiplexed stream's frames to `onFrame` until the stream ends (or closes: a hijacked
 * connection the daemon closes may not emit 'end'); rejects when it fails.
 */
export function demux(source: Readable, onFrame: (type: number, payload: Buffer) => void): Promise<void> {
  const parser = new FrameParser(onFrame);
  return new Promise((resolve, reject) => {
    source.on('data', (c: Buffer) => parser.push(c));
    source.on('end', () => resolve());
    source.on('error', reject);
    source.on('close', () => resolve());
  });
}

/** The output kept of a process run through the API: the same tail as for a child run here. */
export { OutputTail } from '../../util/exec';
