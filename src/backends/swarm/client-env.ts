/**
 * Variables that configure the docker CLI itself (which daemon, which config dir, which binary).
 * They come from cc-ci's own environment, never from a recipe's env.
 */
const CLIENT_KEYS = ['PATH', 'HOME', 'TMPDIR', 'XDG_RUNTIME_DIR', 'DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_CONFIG', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'DOCKER_API_VERSION'];

/**
 * The environment of `docker stack deploy`: what it interpolates the compose files with is the
 * app's env alone, as abra loads compose files with the app env and not the operator's shell.
 * The runner's environment (GITHUB_*, RUNNER_*, tokens) never reaches the interpolation; the
 * client's own settings are cc-ci's, and a recipe's DOCKER_* keys are dropped.
 */
export function deployEnv(appEnv: Record<string, string>, own: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(appEnv)) if (!k.startsWith('DOCKER_') && !CLIENT_KEYS.includes(k)) env[k] = v;
  for (const k of CLIENT_KEYS) if (own[k] !== undefined) env[k] = own[k]!;
  return env;
}

