import { createReadStream, createWriteStream } from 'node:fs';
import { firstErrorLine } from '../../util/exec';
import { ARCHIVE_CHUNK } from '../../util/tar';
import { DockerApi } from './docker-api';
import { HELPER_IMAGE } from './helper-image';
import { CCCI_LABEL } from './labels';
import { runHelper, type ProcessResult } from './processes';

/**
 * The most a snapshot may hold: it is written to the runner's disk (and read back a chunk at a
 * time for the manifest, util/tar.ts), so the bound is the runner's disk, not cc-ci's memory.
 */
const SNAPSHOT_LIMIT = 2 * 2 ** 30;

/**
 * Volume access through short-lived helper containers that mount the volume: works whatever the
 * app's image contains (no tar or shell needed in it). Paths are passed as arguments, never
 * spliced into the script.
 */
export class Volumes {
  constructor(
    private readonly stack: string,
    private readonly api = new DockerApi(),
  ) {}

  /** `docker run --rm [-i] -v volume:/v:mode -w /v`, labelled so teardown finds it if it outlives us. */
  private helper(
    volume: string,
    mode: 'ro' | 'rw',
    argv: string[],
    opts: { stdoutFile?: string; stdoutFileLimit?: number; inputFile?: string; signal?: AbortSignal } = {},
  ): Promise<ProcessResult> {
    return runHelper(
      this.api,
      { image: HELPER_IMAGE, cmd: argv, labels: { [CCCI_LABEL]: this.stack }, binds: [`${volume}:/v:${mode}`], workingDir: '/v' },
      {
        input: opts.inputFile ? createReadStream(opts.inputFile, { highWaterMark: ARCHIVE_CHUNK }) : undefined,
        stdout: opts.stdoutFile ? createWriteStream(opts.stdoutFile, { highWaterMark: ARCHIVE_CHUNK }) : undefined,
        stdoutLimit: opts.stdoutFileLimit,
        signal: opts.signal,
        timeoutMs: 300_000,
      },
    );
  }

  /** Streams a tar of the volume (or of `paths` below its root) to `file`, never holding it whole. */
  async snapshot(volume: string, paths: string[] | null, file: string, signal?: AbortSignal): Promise<void> {
    const r = await this.helper(volume, 'ro', ['tar', '-cf', '-', ...(paths ? paths.map((p) => `./${p}`) : ['.'])], {
      stdoutFile: file,
      stdoutFileLimit: SNAPSHOT_LIMIT,
      signal,
    });
    if (r.overflowed)
      throw new Error(
        `volume ${volume} holds more than ${SNAPSHOT_LIMIT / 2 ** 30} GiB, more than cc-ci snapshots; keep test data small (the app wrote it, or a sparse file counts in full)`,
      );
    const missing = /\.\/(.+): No such file or directory/.exec(r.stderr)?.[1];
    if (missing) throw new Error(`declared path ${missing} does not exist in volume ${volume}`);
    if (r.code !== 0) throw new Error(`capturing volume ${volume} failed: ${firstErrorLine(r)}`);
  }

  /** Replaces the volume's content (or just `paths`) with the tar in `file`, streamed to the helper's stdin. */
  async restore(volume: string, paths: string[] | null, file: string, signal?: AbortSignal): Promise<void> {
    const script = 'if [ "$#" -eq 0 ]; then find . -mindepth 1 -maxdepth 1 -exec rm -rf {} +; else rm -rf -- "$@"; fi && tar -xf -';
    const r = await this.helper(volume, 'rw', ['sh', '-c', script, 'sh', ...(paths ?? []).map((p) => `./${p}`)], {
      inputFile: file,
      signal,
    });
    if (r.code !== 0) throw new Error(`restoring volume ${volume} failed: ${firstErrorLine(r)}`);
  }

  async kind(volume: string, path: string): Promise<'dir' | 'file' | 'missing'> {
    const r = await this.helper(volume, 'ro', [
      'sh',
      '-c',
      'if [ -d "$1" ]; then echo dir; elif [ -e "$1" ]; then echo file; else echo missing; fi',
      'sh',
      `./${path}`,
    ]);
    const kind = r.stdout.trim();
    if (kind !== 'dir' && kind !== 'file' && kind !== 'missing')
      throw new Error(`inspecting ${volume}:${path} failed: ${firstErrorLine(r)}`);
    return kind;
  }

  /** sha256 of a file in the volume, or undefined when it is not there. */
  async sha256(volume: string, path: string): Promise<string | undefined> {
    const r = await this.helper(volume, 'ro', ['sha256sum', `./${path}`]);
    return r.code === 0 ? r.stdout.split(/\s/)[0] : undefined;
  }

  async write(volume: string, path: string, content: string, append = false): Promise<void> {
    const script = `mkdir -p "$(dirname "$1")" && printf '%s' "$2" ${append ? '>>' : '>'} "$1"`;
    const r = await this.helper(volume, 'rw', ['sh', '-c', script, 'sh', `./${path}`, content]);
    if (r.code !== 0) throw new Error(`writing ${volume}:${path} failed: ${firstErrorLine(r)}`);
  }
}
