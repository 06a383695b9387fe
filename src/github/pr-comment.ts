import { call, isRateLimited, type GitHubClient } from './client';

/** The hidden marker that makes a comment "cc-ci's comment for this recipe on this PR". */
export const marker = (recipe: string) => `<!-- cc-ci:pr-comment recipe=${recipe.replace(/[^a-z0-9-]/g, '_')} -->`;

type Author = { login?: string; type?: string } | null | undefined;

/**
 * Who may have written cc-ci's comment with this token: the authenticated user for a personal
 * token (GET /user), else, for the job's GITHUB_TOKEN or a GitHub App installation token, for
 * which GitHub refuses GET /user ("Resource not accessible by integration"), any bot: such a
 * token comments as `github-actions[bot]` or `<app>[bot]`, and its own login is not readable.
 */
async function authorTest(gh: GitHubClient): Promise<(user: Author) => boolean> {
  try {
    const { data } = await gh.rest.users.getAuthenticated();
    return (user) => user?.login === data.login;
  } catch (e) {
    const status = (e as { status?: number }).status;
    if ((status === 401 || status === 403 || status === 404) && !isRateLimited(e)) return (user) => user?.type === 'Bot';
    throw e;
  }
}

/**
 * One comment per recipe per pull request: found by its marker at the very start AND an author
 * that is this token's (every page of comments), and edited in place on re-runs; created the
 * first time. Someone else's comment that quotes or forges the marker is never edited.
 */
export async function upsertComment(
  gh: GitHubClient,
  at: { owner: string; repo: string; number: number },
  recipe: string,
  body: string,
): Promise<'created' | 'updated'> {
  const text = `${marker(recipe)}\n${body}`;
  const byThisToken = await authorTest(gh);
  const comments = await call('list the pull request comments', 'pull-requests: read', () =>
    gh.paginate(gh.rest.issues.listComments, { owner: at.owner, repo: at.repo, issue_number: at.number, per_page: 100 }),
  );
  const mine = comments.find((c) => byThisToken(c.user) && c.body?.startsWith(`${marker(recipe)}\n`));
  if (mine) {
    await call('edit the cc-ci comment', 'pull-requests: write', () =>
      gh.rest.issues.updateComment({ owner: at.owner, repo: at.repo, comment_id: mine.id, body: text }),
    );
    return 'updated';
  }
  await call('comment on the pull request', 'pull-requests: write', () =>
    gh.rest.issues.createComment({ owner: at.owner, repo: at.repo, issue_number: at.number, body: text }),
  );
  return 'created';
}
