import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { UserError } from '../../errors';

/**
 * THE Docker daemon cc-ci talks to, resolved once per process the way the docker CLI resolves it,
 * so the Engine API client (docker-api.ts) and every docker CLI call (stack.ts) reach the same one.
 * docker/cli, checked at 28f756087e:
 * - cli/command/cli.go resolveContextName: DOCKER_HOST, then DOCKER_CONTEXT, then config.json's
 *   currentContext, else the `default` context (DOCKER_HOST, else the default socket);
 * - opts/hosts.go ParseHost / parseDockerDaemonHost / ParseTCPAddr: no scheme means tcp, a tcp
 *   address without host or port is localhost:2375, no host at all with TLS is tcp://localhost:2376;
 * - cli/flags/options.go: DOCKER_TLS_VERIFY turns TLS on with {ca,cert,key}.pem from
 *   DOCKER_CERT_PATH, else the config dir (DOCKER_CONFIG, else ~/.docker); cert and key only if
 *   they exist, the CA must;
 * - cli/context/store: a context's metadata is contexts/meta/<sha256(name)>/meta.json and its TLS
 *   files contexts/tls/<sha256(name)>/docker/{ca,cert,key}.pem; cli/context/docker/load.go: TLS
 *   when there are TLS files or SkipTLSVerify, never on a socket.
 * ssh://, npipe:// and fd:// need connection helpers cc-ci does not have: refused in one line.
 */
export interface TlsFiles {
  /** Verify the daemon's certificate (with `ca`, else the default roots). */
  verify: boolean;
  ca?: string;
  cert?: string;
  key?: string;
}

export type Endpoint =
  | { kind: 'unix'; host: string; path: string; from: string }
  | { kind: 'tcp'; host: string; hostname: string; port: number; tls?: TlsFiles; from: string };

const DEFAULT_SOCKET = '/var/run/docker.sock';
const HELP = 'see docs/docker-endpoint.md';

let resolved: { endpoint?: Endpoint; error?: unknown } | undefined;

/** The endpoint of cc-ci's own environment, resolved once; a refusal is thrown on every call. */
export function dockerEndpoint(): Endpoint {
  if (!resolved) {
    try {
      resolved = { endpoint: resolveEndpoint(process.env) };
    } catch (error) {
      resolved = { error };
    }
  }
  if (resolved.error !== undefined) throw resolved.error as Error;
  return resolved.endpoint!;
}

/** The config dir the docker CLI reads (cli/config/config.go Dir). */
export function configDir(env: NodeJS.ProcessEnv): string {
  return env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker');
}

export function resolveEndpoint(env: NodeJS.ProcessEnv): Endpoint {
  const config = configDir(env);
  if (env.DOCKER_HOST) return fromHost(env.DOCKER_HOST, 'DOCKER_HOST', envTls(env, config));
  const context = env.DOCKER_CONTEXT ? { name: env.DOCKER_CONTEXT, from: 'DOCKER_CONTEXT' } : currentContext(config);
  if (context && context.name !== 'default') return fromContext(context.name, context.from, config);
  const tls = envTls(env, config);
  return fromHost(tls ? 'tcp://localhost:2376' : `unix://${DEFAULT_SOCKET}`, 'the default endpoint', tls);
}

/** config.json's `currentContext`, as `docker context use` writes it. */
function currentContext(config: string): { name: string; from: string } | undefined {
  const file = join(config, 'config.json');
  if (!existsSync(file)) return undefined;
  const name = (readJson(file, 'the docker config file') as { currentContext?: unknown }).currentContext;
  return typeof name === 'string' && name ? { name, from: `currentContext in ${file}` } : undefined;
}

function fromContext(name: string, from: string, config: string): Endpoint {
  const id = createHash('sha256').update(name).digest('hex');
  const meta = join(config, 'contexts', 'meta', id, 'meta.json');
  if (!existsSync(meta))
    throw new UserError(
      `docker context "${name}" (from ${from}) does not exist: there is no ${meta}; create it with \`docker context create\` or choose another context`,
    );
  const docker = (readJson(meta, `docker context "${name}"`) as { Endpoints?: { docker?: { Host?: unknown; SkipTLSVerify?: unknown } } })
    .Endpoints?.docker;
  if (typeof docker?.Host !== 'string' || !docker.Host)
    throw new UserError(
      `docker context "${name}" (from ${from}) has no docker host in ${meta}; recreate it with \`docker context create ${name} --docker host=...\``,
    );
  const files = tlsFiles(join(config, 'contexts', 'tls', id, 'docker'));
  const skip = docker.SkipTLSVerify === true;
  const tls = skip || files.ca || files.cert || files.key ? { verify: !skip, ...files } : undefined;
  return fromHost(docker.Host, `docker context "${name}", from ${from}`, tls);
}

/** DOCKER_TLS_VERIFY's TLS: the files of DOCKER_CERT_PATH or the config dir; the CA must exist. */
function envTls(env: NodeJS.ProcessEnv, config: string): TlsFiles | undefined {
  if (!env.DOCKER_TLS_VERIFY) return undefined;
  const dir = env.DOCKER_CERT_PATH || config;
  const ca = join(dir, 'ca.pem');
  if (!existsSync(ca))
    throw new UserError(
      `DOCKER_TLS_VERIFY is set but there is no ${ca}; set DOCKER_CERT_PATH to the directory holding ca.pem, cert.pem and key.pem, or unset DOCKER_TLS_VERIFY`,
    );
  return { verify: true, ...tlsFiles(dir) };
}

/** The paths of the TLS files docker keeps in `dir`, each only if it exists. */
function tlsFiles(dir: string): Omit<TlsFiles, 'verify'> {
  const file = (f: string) => (existsSync(join(dir, f)) ? join(dir, f) : undefined);
  return { ca: file('ca.pem'), cert: file('cert.pem'), key: file('key.pem') };
}

/** A daemon address as parseDockerDaemonHost reads it; the schemes cc-ci cannot reach are refused. */
export function fromHost(address: string, from: string, tls?: TlsFiles): Endpoint {
  const trimmed = address.trim();
  const scheme = trimmed.includes('://') ? trimmed.slice(0, trimmed.indexOf('://')) : 'tcp';
  const rest = trimmed.includes('://') ? trimmed.slice(scheme.length + 3) : trimmed;
  if (scheme === 'unix') {
    const path = rest || DEFAULT_SOCKET;
    return { kind: 'unix', host: `unix://${path}`, path, from };
  }
  if (scheme === 'tcp') return tcp(rest, address, from, tls);
  const what =
    scheme === 'ssh'
      ? 'cc-ci has no ssh connection helper; forward the remote socket (ssh -NL /tmp/docker.sock:/var/run/docker.sock HOST) and set DOCKER_HOST=unix:///tmp/docker.sock'
      : `${['npipe', 'fd'].includes(scheme) ? `cc-ci does not speak ${scheme}://` : 'not a Docker address'}; use unix:///path/to/docker.sock or tcp://host:port`;
  throw new UserError(`cannot use the Docker endpoint ${address} (from ${from}): ${what} (${HELP})`);
}

/** ParseTCPAddr: host and port both optional (localhost, 2375); a path after them is refused. */
function tcp(rest: string, address: string, from: string, tls?: TlsFiles): Endpoint {
  const slash = rest.indexOf('/');
  const path = slash < 0 ? '' : rest.slice(slash);
  const m = /^(?:\[([^\]]*)\]|([^:@[\]]*))(?::(\d*))?$/.exec(slash < 0 ? rest : rest.slice(0, slash));
  const port = Number(m?.[3] || 2375);
  if (!m || port < 1 || port > 65535)
    throw new UserError(`cannot use the Docker endpoint ${address} (from ${from}): not a valid tcp://host:port address (${HELP})`);
  if (path && path !== '/')
    throw new UserError(
      `cannot use the Docker endpoint ${address} (from ${from}): cc-ci does not support a path after host:port; drop ${path}`,
    );
  const hostname = m[1] ?? (m[2] || 'localhost');
  const shown = hostname.includes(':') ? `[${hostname}]` : hostname;
  return { kind: 'tcp', host: `tcp://${shown}:${port}`, hostname, port, from, ...(tls ? { tls } : {}) };
}

function readJson(file: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UserError(`cannot read ${what}: ${(e as Error).message.split('\n')[0]}; fix or remove the file`, file);
  }
}

/**
 * The docker CLI's global flags for this endpoint: always `--host` (which makes it ignore
 * DOCKER_CONTEXT and currentContext, cli.go resolveContextName) and, for TLS, every file flag
 * given (empty when absent, so it reads no default file of its own).
 */
export function cliFlags(endpoint: Endpoint): string[] {
  const flags = ['--host', endpoint.host];
  if (endpoint.kind !== 'tcp' || !endpoint.tls) return flags;
  const t = endpoint.tls;
  return [
    ...flags,
    t.verify ? '--tlsverify' : '--tls',
    `--tlscacert=${t.ca ?? ''}`,
    `--tlscert=${t.cert ?? ''}`,
    `--tlskey=${t.key ?? ''}`,
  ];
}

/** The variables by which a program without --host (abra) is pointed at a daemon, and that must not reach it otherwise. */
export const DOCKER_ENDPOINT_VARS = ['DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH'] as const;

/**
 * The endpoint as the environment of a program that takes no --host flag (abra): DOCKER_HOST,
 * and for TLS DOCKER_CERT_PATH with DOCKER_TLS_VERIFY when the certificate is verified. docker's
 * Go client library (client.FromEnv) reads exactly these, and with DOCKER_CERT_PATH set it speaks
 * TLS (unverified without DOCKER_TLS_VERIFY) and loads ca.pem, cert.pem and key.pem from there, so
 * all three must exist. DOCKER_HOST also wins over any context in the docker CLI.
 */
export function endpointEnv(endpoint: Endpoint): Record<string, string> {
  const env = { DOCKER_HOST: endpoint.host };
  if (endpoint.kind !== 'tcp' || !endpoint.tls) return env;
  const { verify, ca, cert, key } = endpoint.tls;
  if (!ca || !cert || !key) {
    throw new UserError(
      `the Docker endpoint ${endpoint.host} (from ${endpoint.from}) uses TLS without all of ca.pem, cert.pem and key.pem, which abra needs in one directory; add them, or use --backend swarm`,
    );
  }
  return { ...env, DOCKER_CERT_PATH: dirname(ca), ...(verify ? { DOCKER_TLS_VERIFY: '1' } : {}) };
}

/** How node reaches the endpoint: a socket path, or host and port (over TLS with its files read). */
export type Connection =
  | { secure: false; options: { socketPath: string } | { host: string; port: number } }
  | { secure: true; options: { host: string; port: number; rejectUnauthorized: boolean; ca?: Buffer; cert?: Buffer; key?: Buffer } };

export function connection(endpoint: Endpoint): Connection {
  if (endpoint.kind === 'unix') return { secure: false, options: { socketPath: endpoint.path } };
  const at = { host: endpoint.hostname, port: endpoint.port };
  const t = endpoint.tls;
  if (!t) return { secure: false, options: at };
  const read = (f: string) => {
    try {
      return readFileSync(f);
    } catch (e) {
      throw new UserError(
        `cannot read the TLS file ${f} of the Docker endpoint ${endpoint.host} (from ${endpoint.from}): ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      );
    }
  };
  // As docker: a client certificate only with both its files (cli/context/docker/load.go tlsConfig).
  const pair = t.cert && t.key ? { cert: read(t.cert), key: read(t.key) } : {};
  return { secure: true, options: { ...at, rejectUnauthorized: t.verify, ...(t.ca ? { ca: read(t.ca) } : {}), ...pair } };
}
