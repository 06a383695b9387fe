/**
 * Whether this runner's artifact service can be used through @actions/artifact v2+ (artifacts
 * v4), decided before calling it. The client refuses any host but github.com, *.ghe.com and
 * *.localhost with GHESNotSupportedError (isGhes() in its lib/internal/shared/config.js), which
 * is what GitHub Enterprise Server, and Gitea and Forgejo runners (their server URL is their own
 * host) get; it needs ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL. Checking first gives one
 * line of cc-ci's instead of the client's multi-line warning about githubstatus.com.
 */

/** Why the artifact service cannot be used here, as a phrase ("no artifact upload <why>"), or undefined. */
export function artifactServiceUnusable(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (!env.ACTIONS_RUNTIME_TOKEN) return 'outside GitHub Actions (no ACTIONS_RUNTIME_TOKEN)';
  const host = hostOf(env.GITHUB_SERVER_URL || 'https://github.com');
  if (!supportedHost(host)) return unsupported(host);
  if (!env.ACTIONS_RESULTS_URL) return 'without ACTIONS_RESULTS_URL (this runner offers no artifact service v4)';
  return undefined;
}

/** The same phrase for an error the client threw because of the host (a newer client may decide differently). */
export function unsupportedHostError(e: unknown, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if ((e as { name?: string })?.name !== 'GHESNotSupportedError') return undefined;
  return unsupported(hostOf(env.GITHUB_SERVER_URL || ''));
}

const unsupported = (host: string) =>
  `on ${host || 'this server'}: @actions/artifact v2+ works on github.com and GHE.com only, not on GitHub Enterprise Server, Gitea or Forgejo`;

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return '';
  }
}

function supportedHost(host: string): boolean {
  return host === 'github.com' || host.endsWith('.ghe.com') || host.endsWith('.localhost');
}
