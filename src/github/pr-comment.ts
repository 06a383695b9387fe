import { call, type GitHubClient } from './client';

/** The hidden marker that makes a comment "cc-ci's comment for this recipe on this PR". */
export const marker = (recipe: string) => `<!-- cc-ci:pr-comment recipe=${recipe.replace(/[^a-z0-9-]/g, '_')} -->`;

/**
 * One comment per recipe per pull request: found by its marker (among the comments bots wrote,
 * every page of them) and edited in place on re-runs; created the first time.
 */
export async function upsertComment(gh: GitHubClient, at: { owner: string; repo: string; number: number }, recipe: string, body: string): Promise<'created' | 'updated'> {
  const text = `${marker(recipe)}\n${body}`;
  const comments = await call('list the pull request comments', 'pull-requests: read', () =>
    gh.paginate(gh.rest.issues.listComments, { owner: at.owner, repo: at.repo, issue_number: at.number, per_page: 100 }),
  );
  // Only a bot's comment that starts with the marker: a comment merely quoting it is not ours.
  const mine = comments.find((c) => c.user?.type === 'Bot' && c.body?.startsWith(`${marker(recipe)}\n`));
  if (mine) {
    await call('edit the cc-ci comment', 'pull-requests: write', () => gh.rest.issues.updateComment({ owner: at.owner, repo: at.repo, comment_id: mine.id, body: text }));
    return 'updated';
  }
  await call('comment on the pull request', 'pull-requests: write', () => gh.rest.issues.createComment({ owner: at.owner, repo: at.repo, issue_number: at.number, body: text }));
  return 'created';
}
