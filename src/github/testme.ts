import { mdText } from '../report/inert';
import { OP_NAMES, OpName } from '../report/schema';
import { call, type GitHubClient } from './client';

export const TESTME = '!testme';
export const TESTME_USAGE =
  '`!testme` runs every op; `!testme install upgrade` runs those; `!testme from=1.2.0+1.0` (or `from=none`, `from=chain:3`, `from=1.0.0+1,1.2.0+1`) picks the upgrade path';
/** Who may start a run: people with write access to the repository. */
export const TRUSTED = ['OWNER', 'MEMBER', 'COLLABORATOR'];

export type Parsed = { kind: 'none' } | { kind: 'invalid'; why: string } | { kind: 'run'; ops: OpName[]; upgradeFrom?: string };

/**
 * A comment is a command only when it is exactly `!testme`, optionally followed on the same line
 * by op names and `from=<tag|previous|none>`. `!testmexyz`, a quote, or a sentence mentioning it
 * are not commands.
 */
export function parseTestme(body: string): Parsed {
  const text = body.trim();
  if (text.includes('\n') || !(text === TESTME || text.startsWith(`${TESTME} `))) return { kind: 'none' };
  const ops: OpName[] = [];
  let upgradeFrom: string | undefined;
  for (const word of text.slice(TESTME.length).trim().split(/\s+/).filter(Boolean)) {
    const op = OpName.safeParse(word);
    if (op.success) ops.push(op.data);
    else if (/^from=[\w.+:,-]+$/.test(word)) upgradeFrom = word.slice(5);
    // The word is echoed in cc-ci's reply: inert, so it cannot mention, link or inject markup in the bot's voice.
    else return { kind: 'invalid', why: `"${mdText(word.slice(0, 40))}" is neither an op (${OP_NAMES.join(', ')}) nor from=<release>` };
  }
  return { kind: 'run', ops, upgradeFrom };
}

export interface CommentEvent {
  owner: string;
  repo: string;
  number: number;
  isPullRequest: boolean;
  commentId: number;
  body: string;
  author: string;
  association: string;
}

export type Gate = { run: false; reason: string } | { run: true; sha: string; pr: number; ops: string; upgradeFrom: string };

/**
 * Handles an issue_comment event: ignores anything but an exact `!testme` on a pull request;
 * answers people without write access politely and runs nothing; otherwise reacts, resolves the
 * PR's head commit and marks it pending, so the workflow can check out exactly that commit.
 */
export async function gateComment(gh: GitHubClient, ev: CommentEvent, status: { context: string; runUrl: string }): Promise<Gate> {
  if (!ev.isPullRequest) return { run: false, reason: 'the comment is not on a pull request' };
  const parsed = parseTestme(ev.body);
  if (parsed.kind === 'none') return { run: false, reason: 'the comment is not a !testme command' };
  const { owner, repo } = ev;
  const react = (content: 'rocket' | 'confused' | 'eyes') =>
    call('react to the comment', 'pull-requests: write', () =>
      gh.rest.reactions.createForIssueComment({ owner, repo, comment_id: ev.commentId, content }),
    );
  const reply = (body: string) =>
    call('comment on the pull request', 'pull-requests: write', () =>
      gh.rest.issues.createComment({ owner, repo, issue_number: ev.number, body }),
    );

  if (!TRUSTED.includes(ev.association)) {
    await react('eyes');
    await reply(
      `Thanks for the nudge, @${ev.author}! cc-ci runs on \`!testme\` from maintainers of this repository (owners, members and collaborators), because it deploys the pull request's code. A maintainer can comment \`!testme\` to start it.`,
    );
    return { run: false, reason: `@${ev.author} (${ev.association}) may not start cc-ci` };
  }
  if (parsed.kind === 'invalid') {
    await react('confused');
    await reply(`cc-ci did not start: ${parsed.why}. ${TESTME_USAGE}.`);
    return { run: false, reason: `invalid command: ${parsed.why}` };
  }
  await react('rocket');
  const pr = await call('read the pull request', 'pull-requests: read', () => gh.rest.pulls.get({ owner, repo, pull_number: ev.number }));
  const sha = pr.data.head.sha;
  await setStatus(gh, { owner, repo, sha }, 'pending', 'cc-ci is testing this commit', status);
  return { run: true, sha, pr: ev.number, ops: parsed.ops.join(','), upgradeFrom: parsed.upgradeFrom ?? '' };
}

export async function setStatus(
  gh: GitHubClient,
  at: { owner: string; repo: string; sha: string },
  state: 'pending' | 'success' | 'failure' | 'error',
  description: string,
  status: { context: string; runUrl: string },
): Promise<void> {
  await call('set the commit status', 'statuses: write', () =>
    gh.rest.repos.createCommitStatus({
      ...at,
      state,
      context: status.context,
      description: description.slice(0, 140),
      target_url: status.runUrl,
    }),
  );
}
