import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, spawnEnv, tempDir } from './cli';

/** A fake runner for one job: the files GitHub gives an action, and the pre/main/post steps. */
export class FakeRunner {
  readonly dir = tempDir('cc-ci-runner-');
  readonly summary = join(this.dir, 'summary.md');
  readonly output = join(this.dir, 'output');
  readonly state = join(this.dir, 'state');

  constructor(
    private readonly inputs: Record<string, string>,
    private readonly extraEnv: NodeJS.ProcessEnv = {},
  ) {
    for (const f of [this.summary, this.output, this.state]) writeFileSync(f, '');
  }

  /** Runs dist/<step>.js as the runner would; post gets main's saved state as STATE_* env. */
  step(
    step: 'pre' | 'main' | 'post',
    opts: { killWhen?: RegExp; dropState?: boolean; cwd?: string } = {},
  ): Promise<{ code: number | null; stdout: string }> {
    const env: NodeJS.ProcessEnv = {
      ...spawnEnv(),
      ...this.extraEnv,
      RUNNER_TEMP: this.dir,
      GITHUB_STEP_SUMMARY: this.summary,
      GITHUB_OUTPUT: this.output,
      GITHUB_STATE: this.state,
    };
    for (const [k, v] of Object.entries(this.inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
    if (step === 'post' && !opts.dropState) for (const [k, v] of Object.entries(this.savedState())) env[`STATE_${k}`] = v;
    return new Promise((done) => {
      const child = spawn(process.execPath, [join(DIST, `${step}.js`)], { env, cwd: opts.cwd });
      let stdout = '';
      child.stdout.on('data', (d) => {
        stdout += d;
        if (opts.killWhen?.test(stdout)) child.kill('SIGKILL');
      });
      child.stderr.on('data', (d) => (stdout += d));
      child.on('close', (code) => done({ code, stdout }));
    });
  }

  /** Key/values from a GITHUB_OUTPUT / GITHUB_STATE file (heredoc format). */
  private parse(file: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const m of readFileSync(file, 'utf8').matchAll(/^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) out[m[1]!] = m[3]!;
    return out;
  }

  outputs(): Record<string, string> {
    return this.parse(this.output);
  }

  savedState(): Record<string, string> {
    return this.parse(this.state);
  }

  summaryText(): string {
    return readFileSync(this.summary, 'utf8');
  }
}

/** The event file of a comment on pull request 7 (an `issue_comment` event). */
export function commentEvent(body = '!testme', association = 'MEMBER'): string {
  const path = join(tempDir(), 'event.json');
  writeFileSync(
    path,
    JSON.stringify({
      issue: { number: 7, pull_request: { url: 'x' } },
      comment: { id: 42, body, user: { login: 'alice' }, author_association: association },
    }),
  );
  return path;
}

/** The event environment of pull request 7, opened from a fork of coop-cloud/recipe. */
export function forkPullRequestEnv(): Record<string, string> {
  const path = join(tempDir(), 'event.json');
  writeFileSync(
    path,
    JSON.stringify({
      pull_request: { number: 7, head: { repo: { full_name: 'someone/fork' } }, base: { repo: { full_name: 'coop-cloud/recipe' } } },
    }),
  );
  return { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: path, GITHUB_REPOSITORY: 'coop-cloud/recipe' };
}
