import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Backend } from '../backends/backend';
import { backendKind } from '../backends/registry';
import { RUN_CONFIG } from '../engine/prepare';
import { ConfigSchema, type Config } from '../overlays/config';
import { UserError } from '../errors';
import { probeOnce, probePlans } from '../operations/serving';

/** The app a hook or test runs against, from the contract env cc-ci gives it. */
function appFromEnv(): { stack: string; domain: string; backend: Backend; config: Config } {
  const { CCCI_STACK: stack, CCCI_DOMAIN: domain, CCCI_BACKEND: name = 'swarm', CCCI_STATE_DIR: stateDir = '' } = process.env;
  if (!stack || !domain) throw new UserError('this helper runs inside a cc-ci hook or test (CCCI_STACK and CCCI_DOMAIN are not set)');
  const saved = stateDir ? join(stateDir, RUN_CONFIG) : undefined;
  const config = saved && existsSync(saved) ? ConfigSchema.parse(JSON.parse(readFileSync(saved, 'utf8'))) : {};
  return { stack, domain, backend: backendKind(name, 'CCCI_BACKEND').forApp({ stack, domain, stateDir }), config };
}

/** `cc-ci exec <service> -- <cmd...>`: runs the command in the service's running container, attached. */
export async function helperExec(service: string, argv: string[]): Promise<number> {
  const { stack, backend } = appFromEnv();
  const code = await backend.execAttached(`${stack}_${service}`, argv);
  if (code === -1) throw new UserError(`service ${service} has no running container in stack ${stack}`);
  return code;
}

/** `cc-ci logs <service> [--tail N]`: the service's log lines, oldest first. */
export async function helperLogs(service: string, tail: number): Promise<number> {
  const { stack, backend } = appFromEnv();
  const lines = await backend.logs(`${stack}_${service}`, tail);
  process.stdout.write(lines.map((l) => `${l}\n`).join(''));
  return 0;
}

/**
 * `cc-ci http <path> [--expect STATUS] [--body REGEX] [--service S]`: one request for <path>
 * through the same probe as the serving check (routed and rewritten as traefik would, sent to
 * the service's tasks). Prints the status and body; exits 0 when the status is allowed and the
 * body matches.
 */
export async function helperHttp(path: string, opts: { expect?: number; body?: string; service?: string }): Promise<number> {
  const app = appFromEnv();
  const plans = probePlans(await app.backend.services(), app, app.config, { path, service: opts.service });
  if (typeof plans === 'string') throw new UserError(plans);
  const plan = plans[0];
  if (!plan) throw new UserError('the app declares no HTTP router (traefik.enable=true and a router rule) to send the request to');
  const r = await probeOnce(
    app.backend,
    plan,
    { status: opts.expect ? [opts.expect] : undefined, body: opts.body },
    AbortSignal.timeout(30_000),
  );
  if (r.response) process.stdout.write(`HTTP ${r.response.status}\n${r.response.body}${r.response.body.endsWith('\n') ? '' : '\n'}`);
  if (!r.ok) process.stderr.write(`cc-ci http: ${plan.label}: ${r.detail}\n`);
  return r.ok ? 0 : 1;
}
