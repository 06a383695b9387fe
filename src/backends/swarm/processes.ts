import type { Duplex, Readable, Writable } from 'node:stream';
import { OutputTail } from '../../util/exec';
import { linkedSignal } from '../../util/signals';
import { sleep } from '../../util/time';
import { waitingOn } from '../../util/waits';
import type { DockerApi } from './docker-api';
import { demux, STDERR, STDOUT, SYSTEMERR } from './docker-stream';

/**
 * Processes run through the Engine API instead of the docker CLI: `exec` in a running container,
 * and short-lived helper containers (create, attach, start, wait, remove). Output comes back on a
 * hijacked connection in the multiplexed format (docker-stream.ts); stdin, when there is one, is
 * written to the same connection and closed by half-closing it.
 */
export interface ProcessResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Stopped because of the time limit or the abort signal. */
  killed: boolean;
  /** Stopped because it wrote more than `stdoutLimit` to `stdout`. */
  overflowed?: boolean;
}

/** Exit code reported for a process stopped by cc-ci (as for a docker CLI ended with SIGTERM). */
const KILLED_CODE = 143;

/** An exec of argv in the container; the id of the exec instance. */
export async function createExec(api: DockerApi, container: string, argv: string[], stdin: boolean): Promise<string> {
  const r = await api.call<{ Id: string }>('POST', `/containers/${encodeURIComponent(container)}/exec`, {
    body: { AttachStdin: stdin, AttachStdout: true, AttachStderr: true, Tty: false, Cmd: argv },
  });
  return r!.Id;
}

/** Starts an exec on a hijacked connection (its stdin, when it has one, is this connection). */
export function startExec(api: DockerApi, execId: string, signal?: AbortSignal): Promise<Duplex> {
  return api.hijack('POST', `/exec/${execId}/start`, { body: { Detach: false, Tty: false }, signal });
}

/**
 * The exit code of an exec whose output has ended. The daemon records the code before it closes
 * the output streams (moby daemon/monitor.go, EventExit: ExitCode set, then CloseStreams), and a
 * failed start is recorded as 126 (daemon/exec.go ContainerExecStart); the short poll covers a
 * connection that ended some other way.
 */
export async function execExitCode(api: DockerApi, execId: string): Promise<number> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const r = await api.get<{ Running: boolean; ExitCode: number | null }>(`/exec/${execId}/json`);
    if (!r.Running && r.ExitCode !== null) return r.ExitCode;
    if (Date.now() > deadline) return r.ExitCode ?? -1;
    await sleep(50);
  }
}

/** Runs argv in a running container without stdin; its output collected (the last 16 MiB of each stream). */
export async function execCollect(
  api: DockerApi,
  container: string,
  argv: string[],
  opts: { signal?: AbortSignal; timeoutMs: number },
): Promise<ProcessResult> {
  const id = await createExec(api, container, argv, false);
  const limit = linkedSignal([opts.signal], opts.timeoutMs, timedOut(opts.timeoutMs));
  const out = new OutputTail();
  const err = new OutputTail();
  let stopped = false;
  try {
    const socket = await startExec(api, id, limit.signal);
    await waitingOn(demux(socket, (type, payload) => (type === STDOUT ? out : err).add(payload)));
  } catch (e) {
    if (!limit.signal.aborted) throw e;
    stopped = true;
  } finally {
    limit.dispose();
  }
  // A stopped exec goes on in the container (there is no API to end one), as after the docker CLI.
  if (stopped) return { code: KILLED_CODE, stdout: out.text(), stderr: err.text(), killed: true };
  return { code: await execExitCode(api, id), stdout: out.text(), stderr: err.text(), killed: false };
}

export interface HelperSpec {
  image: string;
  cmd: string[];
  labels: Record<string, string>;
  binds?: string[];
  workingDir?: string;
}

export interface HelperIo {
  /** Streamed to the process's stdin, which is closed at its end. */
  input?: Readable;
  /** Where stdout goes instead of being collected (binary-safe, with backpressure); ended after. */
  stdout?: Writable;
  /** With `stdout`: the most it may receive; more stops the container and sets `overflowed`. */
  stdoutLimit?: number;
  signal?: AbortSignal;
  timeoutMs: number;
}

/**
 * `docker run --rm [-i]` over the API: create, attach (before start, so no output is missed:
 * moby daemon/attach.go ContainerAttach registers the streams before it answers 101), start,
 * read the output to its end, wait for the exit code, and always remove the container (force:
 * also when stopped early, by the time limit, the signal or too much output).
 * The helper has no network and logs nothing (log driver `none`): a snapshot's tar goes over the attach only,
 * not also into a json log file on the daemon's disk.
 */
export async function runHelper(api: DockerApi, spec: HelperSpec, io: HelperIo): Promise<ProcessResult> {
  const stdin = io.input !== undefined;
  const sink = io.stdout;
  let sinkError: Error | undefined;
  sink?.on('error', (e) => (sinkError ??= e));
  const limit = linkedSignal([io.signal], io.timeoutMs, timedOut(io.timeoutMs));
  const out = new OutputTail();
  const err = new OutputTail();
  let overflowed = false;
  let id: string | undefined;
  try {
    const created = await api.call<{ Id: string }>('POST', '/containers/create', {
      body: {
        Image: spec.image,
        Cmd: spec.cmd,
        Labels: spec.labels,
        WorkingDir: spec.workingDir,
        AttachStdin: stdin,
        AttachStdout: true,
        AttachStderr: true,
        OpenStdin: stdin,
        // The end of the attach's stdin closes the container's (moby daemon/attach.go: CloseStdin = StdinOnce).
        StdinOnce: stdin,
        Tty: false,
        // No network: a helper only reads and writes the volumes it mounts, and a container
        // without one skips the bridge endpoint (veth pair, addresses, iptables) every start
        // would otherwise set up: measured 580 against 505 ms a `docker run --rm` on the test bed.
        HostConfig: { Binds: spec.binds, NetworkMode: 'none', LogConfig: { Type: 'none', Config: {} } },
      },
      signal: limit.signal,
    });
    id = created!.Id;
    const socket = await api.hijack('POST', `/containers/${id}/attach`, {
      query: { stream: true, stdin, stdout: true, stderr: true },
      signal: limit.signal,
    });
    sink?.on('error', (e) => socket.destroy(e));
    // A sink that failed before the attach (its file could not be opened) takes no output: stop
    // now, not at the time limit (a write to it would wait for a drain that never comes).
    if (sinkError) socket.destroy(sinkError);
    await api.call('POST', `/containers/${id}/start`, { signal: limit.signal });
    if (io.input) {
      io.input.on('error', () => socket.end());
      io.input.pipe(socket);
    }
    let received = 0;
    await waitingOn(
      demuxQuietly(socket, (type, payload) => {
        if (type !== STDOUT) return err.add(payload);
        if (!sink) return out.add(payload);
        received += payload.length;
        if (io.stdoutLimit !== undefined && received > io.stdoutLimit) {
          if (!overflowed) socket.destroy();
          overflowed = true;
          return;
        }
        // Backpressure: the daemon's output waits while the sink is full, so memory holds one chunk.
        if (!sink.write(payload) && !socket.isPaused()) {
          socket.pause();
          sink.once('drain', () => socket.resume());
        }
      }),
    );
    if (sinkError) throw sinkError;
    if (sink) await endWritable(sink);
    if (overflowed) return { code: KILLED_CODE, stdout: '', stderr: err.text(), killed: false, overflowed };
    // Started (start returns once the container runs), so "not-running" (the default condition)
    // waits for this run's exit (moby container/state.go Wait).
    const status = await api.call<{ StatusCode: number; Error?: { Message?: string } | null }>('POST', `/containers/${id}/wait`, {
      idleMs: 0,
      signal: limit.signal,
    });
    if (status?.Error?.Message) err.add(Buffer.from(`${status.Error.Message}\n`));
    return { code: status?.StatusCode ?? -1, stdout: out.text(), stderr: err.text(), killed: false };
  } catch (e) {
    if (!limit.signal.aborted || sinkError) throw sinkError ?? e;
    return { code: KILLED_CODE, stdout: out.text(), stderr: err.text(), killed: true };
  } finally {
    limit.dispose();
    io.input?.destroy();
    if (sink && !sink.writableEnded) sink.end();
    if (id) await api.call('DELETE', `/containers/${id}`, { query: { force: true, v: true }, ok404: true }).catch(() => undefined);
  }
}

/**
 * Like demux, with the daemon's own error frames as stderr, and a broken connection (EPIPE,
 * ECONNRESET) as the end of the output: the daemon closes the connection when the process exits,
 * which fails a write of stdin still in flight before the end is read (the exit code says how it
 * went). Any other error, an abort's included, is passed on.
 */
export function demuxQuietly(socket: Duplex, onFrame: (type: number, payload: Buffer) => void): Promise<void> {
  return demux(socket, (type, payload) => onFrame(type === SYSTEMERR ? STDERR : type, payload)).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || e.code === 'ECONNRESET') return;
    throw e;
  });
}

function endWritable(w: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    w.once('error', reject);
    w.end(() => resolve());
  });
}

/** The abort reason of a time limit here (for linkedSignal): "timed out after 15s". */
export const timedOut = (ms: number) => () => new Error(`timed out after ${ms / 1000}s`);
