import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { demux, FrameParser, OutputTail, STDERR, STDOUT, SYSTEMERR } from '../../src/backends/swarm/docker-stream';

/**
 * Bytes a Docker 20.10 daemon sent (GET /containers/{id}/logs?stdout=1&stderr=1 of a container
 * that ran `echo out1; echo err1 >&2; printf "no newline"; printf "x...x" >&2` with 300 x's),
 * captured with curl over the socket: the multiplexed format exec and attach use too.
 */
const CAPTURED = Buffer.concat([
  Buffer.from('0200000000000005657272310a01000000000000056f7574310a010000000000000a6e6f206e65776c696e65020000000000012c', 'hex'),
  Buffer.from('x'.repeat(300)),
]);
const EXPECTED: [number, string][] = [
  [STDERR, 'err1\n'],
  [STDOUT, 'out1\n'],
  [STDOUT, 'no newline'],
  [STDERR, 'x'.repeat(300)],
];

const frames = (chunks: Buffer[]) => {
  const seen: [number, string][] = [];
  const parser = new FrameParser((type, payload) => seen.push([type, payload.toString('utf8')]));
  for (const c of chunks) parser.push(c);
  return { seen, buffered: parser.buffered };
};

/** Splits a buffer at the given offsets. */
const cut = (b: Buffer, at: number[]) => [0, ...at, b.length].slice(1).map((end, i, all) => b.subarray(i ? all[i - 1] : 0, end));

describe('the multiplexed stream demuxer', () => {
  it('reads the frames of a real daemon stream in one chunk', () => {
    expect(frames([CAPTURED])).toEqual({ seen: EXPECTED, buffered: 0 });
  });

  it('reads them however the socket chunks them: byte by byte, mid-header, mid-payload', () => {
    expect(frames([...CAPTURED].map((b) => Buffer.from([b]))).seen).toEqual(EXPECTED);
    expect(frames(cut(CAPTURED, [3, 9, 13, 14, 30, 52, 100])).seen).toEqual(EXPECTED);
    for (let at = 1; at < CAPTURED.length; at += 7) expect(frames(cut(CAPTURED, [at])).seen).toEqual(EXPECTED);
  });

  it('keeps an incomplete frame back, and says so, when the stream is cut', () => {
    const r = frames([CAPTURED.subarray(0, CAPTURED.length - 10)]);
    expect(r.seen).toEqual(EXPECTED.slice(0, 3));
    expect(r.buffered).toBe(8 + 290);
  });

  it('passes empty frames and the daemon’s own error frames (type 3) through', () => {
    const frame = (type: number, text: string) => {
      const payload = Buffer.from(text);
      const head = Buffer.alloc(8);
      head[0] = type;
      head.writeUInt32BE(payload.length, 4);
      return Buffer.concat([head, payload]);
    };
    const bytes = Buffer.concat([frame(STDOUT, ''), frame(SYSTEMERR, 'Error grabbing logs: gone\n'), frame(STDOUT, 'ü')]);
    expect(frames(cut(bytes, [5, 20, bytes.length - 1])).seen).toEqual([
      [STDOUT, ''],
      [SYSTEMERR, 'Error grabbing logs: gone\n'],
      [STDOUT, 'ü'],
    ]);
  });

  it('demux() feeds a stream’s frames until it ends', async () => {
    const source = new PassThrough();
    const seen: [number, string][] = [];
    const done = demux(source, (type, payload) => seen.push([type, payload.toString('utf8')]));
    for (const c of cut(CAPTURED, [4, 17, 40])) source.write(c);
    source.end();
    await done;
    expect(seen).toEqual(EXPECTED);
  });
});

describe('OutputTail', () => {
  it('keeps the last bytes and marks what it dropped', () => {
    const t = new OutputTail(10);
    t.add(Buffer.from('0123456789'));
    expect(t.text()).toBe('0123456789');
    t.add(Buffer.from('abcdef'));
    expect(t.text()).toBe('[cc-ci: earlier output not kept]\n6789abcdef');
  });
});
