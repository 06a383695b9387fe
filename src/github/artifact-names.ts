/**
 * Names of cc-ci's artifacts, and which of them are current. Since @actions/artifact v2 an
 * artifact name is unique in a workflow run and immutable (a second upload of a name is a 409),
 * and a re-run attempt sees the artifacts of the attempts before it. So a leg's artifact is named
 * after its recipe and the run attempt, `cc-ci-<recipe>-attempt<N>`: stable per recipe, never in
 * conflict with an earlier attempt, and the reader keeps the highest attempt per recipe, so a
 * stale failed attempt is never read. docs/github.md says why this and not delete-then-upload.
 */

const PREFIX = 'cc-ci-';
const NAME = /^cc-ci-(.+)-attempt([1-9]\d*)$/;

/** The run attempt this job belongs to (GITHUB_RUN_ATTEMPT; 1 where a runner does not set it). */
export function runAttempt(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.GITHUB_RUN_ATTEMPT);
  return Number.isSafeInteger(n) && n >= 1 ? n : 1;
}

export function artifactName(recipe: string, attempt: number): string {
  return `${PREFIX}${recipe}-attempt${attempt}`;
}

/** The recipe and attempt of a name this version gives, or undefined for any other name. */
export function parseArtifactName(name: string): { recipe: string; attempt: number } | undefined {
  const m = NAME.exec(name);
  return m ? { recipe: m[1]!, attempt: Number(m[2]) } : undefined;
}

/**
 * Whether an artifact (or the folder it was unpacked into) is cc-ci's, of `recipe` when one is
 * named. Names of another form that start with cc-ci's prefix are kept: they come from an older
 * cc-ci, or from a job that uploaded something else under that name, and the reader judges them.
 */
export function isOurs(name: string, recipe?: string): boolean {
  const parsed = parseArtifactName(name);
  if (parsed) return !recipe || parsed.recipe === recipe;
  return name.startsWith(recipe ? `${PREFIX}${recipe}-` : PREFIX);
}

/**
 * Drops every `cc-ci-<recipe>-attempt<N>` that a higher attempt of the same recipe supersedes;
 * keeps everything else, in order. `nameOf` gives an artifact's name, or a results file's folder.
 */
export function newestAttempts<T>(items: T[], nameOf: (item: T) => string): T[] {
  const newest = new Map<string, number>();
  for (const item of items) {
    const p = parseArtifactName(nameOf(item));
    if (p && p.attempt > (newest.get(p.recipe) ?? 0)) newest.set(p.recipe, p.attempt);
  }
  return items.filter((item) => {
    const p = parseArtifactName(nameOf(item));
    return !p || p.attempt === newest.get(p.recipe);
  });
}
