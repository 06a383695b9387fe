import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { errorMessage, Interrupted } from '../errors';
import { noCommands, oneLine } from '../report/inert';
import type { Leg } from '../report/matrix';
import { readResults } from '../report/results-file';
import type { Results } from '../report/schema';
import type { PlannedJob } from './jobs-plan';

export interface JobsRunOptions {
  /** Most recipes run at once. */
  jobs: number;
  /** The program and arguments of one recipe's own run (`node cli.js test ...`). */
  command: (job: PlannedJob & { results: string }) => { file: string; args: string[] };
  /** Aborted with an Interrupted reason: every running recipe gets that signal, the rest never start. */
  signal: AbortSignal;
  /** Where each recipe's lines go, prefixed with its name. */
  out: NodeJS.WritableStream;
}

/**
 * Runs each planned recipe as its own process, at most `jobs` at once, and returns one leg per
 * recipe in plan order. A process of its own gives each recipe its own signal handling, secret
 * mask, Docker wait counter and crash boundary, and uses both cores; each already redacts what it
 * prints, so its lines are only prefixed here.
 */
export async function runJobs(planned: PlannedJob[], o: JobsRunOptions): Promise<Leg[]> {
  const legs = new Map<PlannedJob, Leg>(planned.filter((j) => j.error).map((j) => [j, { recipe: j.recipe, error: j.error }]));
  const queue = planned.filter((j) => !j.error);
  const width = Math.max(0, ...queue.map((j) => j.recipe.length));
  const running = new Set<{ kill: (sig: NodeJS.Signals) => void }>();
  const stop = () => {
    for (const child of running) child.kill((o.signal.reason as Interrupted).signal as NodeJS.Signals);
  };
  o.signal.addEventListener('abort', stop, { once: true });
  const worker = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      legs.set(job, o.signal.aborted ? { recipe: job.recipe, error: 'not started: interrupted' } : await runOne(job as Runnable));
    }
  };

  type Runnable = PlannedJob & { results: string };
  const runOne = async (job: Runnable): Promise<Leg> => {
    // The file is what this run says about the recipe: never one an earlier run left there.
    rmSync(job.results, { force: true });
    const { file, args } = o.command(job);
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    // Own process group: a Ctrl-C reaches this process alone, which passes it on once (`stop`).
    running.add(child);
    const prefix = `${job.recipe.padEnd(width)} | `;
    let lastError: string | undefined;
    const relay = (stream: Readable) => {
      const lines = createInterface({ input: stream, crlfDelay: Infinity });
      lines.on('line', (line) => {
        if (line.startsWith('cc-ci: ')) lastError = line.slice('cc-ci: '.length);
        o.out.write(`${`${prefix}${noCommands(oneLine(line))}`.trimEnd()}\n`);
      });
      return once(lines, 'close');
    };
    const exited = new Promise<string>((done) => {
      child.on('error', (e) => done(`could not start: ${errorMessage(e)}`));
      child.on('exit', (code, sig) => done(sig ? `stopped by ${sig}` : `exited ${code}`));
    });
    const [exit] = await Promise.all([exited, relay(child.stdout), relay(child.stderr)]);
    running.delete(child);
    return legOf(job.recipe, job.results, exit, lastError);
  };

  await Promise.all(Array.from({ length: Math.min(o.jobs, queue.length) }, worker));
  o.signal.removeEventListener('abort', stop);
  return planned.map((j) => legs.get(j)!);
}

/**
 * What one recipe's run came to: its results file, and the exit that goes with it. A run that
 * exited non-zero never passes, whatever results it wrote before it stopped; a run without
 * results is missing, with its one-line error (`cc-ci: ...`) or its exit as the reason.
 */
export function legOf(recipe: string, path: string, exit: string, lastError: string | undefined): Leg {
  let results: Results | undefined;
  try {
    results = readResults(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return { recipe, error: `${path}: ${oneLine(errorMessage(e))}` };
  }
  if (!results) return { recipe, error: lastError ?? `${exit} without writing results` };
  return exit === 'exited 0' || results.status === 'fail' ? { recipe, results } : { recipe, results, error: lastError ?? exit };
}
