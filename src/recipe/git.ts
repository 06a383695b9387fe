import { run } from '../util/exec';

/** The commit a recipe checkout is at, or "working tree" when it is not a git repository. */
export async function headRef(dir: string): Promise<string> {
  const r = await run('git', ['-C', dir, 'rev-parse', 'HEAD']);
  return r.code === 0 ? r.stdout.trim() : 'working tree';
}
