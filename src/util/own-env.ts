import { accessSync, constants, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Variables cc-ci passes on from its own environment to the processes it starts (docker, git,
 * tar, hooks). An allowlist, because the runner's environment carries the action's inputs
 * (INPUT_*), the runtime tokens (ACTIONS_*) and whatever secrets a workflow exported, and none of
 * that is any child's business. They come from whoever started cc-ci (the workflow, the
 * operator), never from a recipe: a recipe's env reaches docker only renamed (stack-env.ts).
 */
const OWN = new Set([
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'LANG',
  'LC_ALL',
  'TZ',
  'TMPDIR',
  'TERM',
  'CI',
  // which daemon and how to reach it: the workflow's choice
  'DOCKER_HOST',
  'DOCKER_CONTEXT',
  'DOCKER_CONFIG',
  'DOCKER_TLS_VERIFY',
  'DOCKER_CERT_PATH',
  'DOCKER_API_VERSION',
  'XDG_RUNTIME_DIR',
  'SSH_AUTH_SOCK',
]);

/** cc-ci's own settings (helper image, overlays dir, debug) reach the `cc-ci` helpers hooks call. */
const OWN_PREFIX = 'CCCI_';

export function ownEnv(from: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(from)) if (v !== undefined && (OWN.has(k) || k.startsWith(OWN_PREFIX))) env[k] = v;
  return env;
}

/**
 * The program `cmd` resolves to on cc-ci's own PATH, for children started with an environment
 * that has no PATH of its own (the system default would find another binary, or none).
 */
export function onOwnPath(cmd: string, from: NodeJS.ProcessEnv = process.env): string {
  for (const dir of (from.PATH ?? '').split(':').filter(Boolean)) {
    const path = join(dir, cmd);
    if (isExecutable(path)) return path;
  }
  return cmd;
}

/** A regular file this process may execute (symlinks followed). */
export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
