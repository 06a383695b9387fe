import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DockerApi } from '../../src/backends/swarm/docker-api';
import { cliFlags, connection, endpointEnv, fromHost, resolveEndpoint, type Endpoint } from '../../src/backends/swarm/endpoint';
import { abraEnv } from '../../src/backends/abra/commands';
import { DockerApiError, UserError } from '../../src/errors';
import { tempDir } from '../support/cli';

/** A docker config dir holding contexts laid out as docker/cli's context store writes them. */
function configWith(
  contexts: Record<string, { host: string; skip?: boolean; tls?: string[] }>,
  current?: string,
  dir = tempDir('cc-ci-dockercfg-'),
): string {
  for (const [name, c] of Object.entries(contexts)) {
    const id = createHash('sha256').update(name).digest('hex');
    mkdirSync(join(dir, 'contexts/meta', id), { recursive: true });
    const meta = { Name: name, Metadata: {}, Endpoints: { docker: { Host: c.host, SkipTLSVerify: c.skip ?? false } } };
    writeFileSync(join(dir, 'contexts/meta', id, 'meta.json'), JSON.stringify(meta));
    if (c.tls) {
      mkdirSync(join(dir, 'contexts/tls', id, 'docker'), { recursive: true });
      for (const f of c.tls) writeFileSync(join(dir, 'contexts/tls', id, 'docker', f), `${f} of ${name}`);
    }
  }
  if (current) writeFileSync(join(dir, 'config.json'), JSON.stringify({ auths: {}, currentContext: current }));
  return dir;
}

const refusal = (env: NodeJS.ProcessEnv): string => {
  try {
    resolveEndpoint(env);
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    const line = (e as UserError).oneLine;
    expect(line).not.toContain('\n');
    return line;
  }
  throw new Error(`resolved ${JSON.stringify(env)} without a refusal`);
};

describe('which daemon: the docker CLI precedence (cli/command/cli.go resolveContextName)', () => {
  const config = configWith({ ctx: { host: 'tcp://127.0.0.1:7001' }, cur: { host: 'unix:///run/cur.sock' } }, 'cur');

  it('DOCKER_HOST first, over DOCKER_CONTEXT and currentContext', () => {
    expect(resolveEndpoint({ DOCKER_HOST: 'unix:///run/x.sock', DOCKER_CONTEXT: 'ctx', DOCKER_CONFIG: config })).toEqual({
      kind: 'unix',
      host: 'unix:///run/x.sock',
      path: '/run/x.sock',
      from: 'DOCKER_HOST',
    });
  });

  it('then DOCKER_CONTEXT, over currentContext', () => {
    expect(resolveEndpoint({ DOCKER_CONTEXT: 'ctx', DOCKER_CONFIG: config })).toEqual({
      kind: 'tcp',
      host: 'tcp://127.0.0.1:7001',
      hostname: '127.0.0.1',
      port: 7001,
      from: 'docker context "ctx", from DOCKER_CONTEXT',
    });
  });

  it("then config.json's currentContext, under DOCKER_CONFIG or ~/.docker", () => {
    expect(resolveEndpoint({ DOCKER_CONFIG: config })).toMatchObject({
      host: 'unix:///run/cur.sock',
      from: `docker context "cur", from currentContext in ${config}/config.json`,
    });
    const home = tempDir('cc-ci-home-');
    configWith({ cur: { host: 'tcp://10.1.1.1:2375' } }, 'cur', join(home, '.docker'));
    expect(resolveEndpoint({ HOME: home }).host).toBe('tcp://10.1.1.1:2375');
  });

  it('the default context means the environment, else the default socket (tcp://localhost:2376 with TLS)', () => {
    expect(resolveEndpoint({ DOCKER_CONTEXT: 'default', DOCKER_CONFIG: config }).host).toBe('unix:///var/run/docker.sock');
    expect(resolveEndpoint({ DOCKER_CONFIG: configWith({}, 'default') }).host).toBe('unix:///var/run/docker.sock');
    expect(resolveEndpoint({ HOME: tempDir() })).toEqual({
      kind: 'unix',
      host: 'unix:///var/run/docker.sock',
      path: '/var/run/docker.sock',
      from: 'the default endpoint',
    });
    const certs = tempDir();
    writeFileSync(join(certs, 'ca.pem'), 'ca');
    expect(resolveEndpoint({ HOME: tempDir(), DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs })).toMatchObject({
      host: 'tcp://localhost:2376',
      tls: { verify: true },
    });
  });
});

describe('addresses as docker/cli opts/hosts.go parses them', () => {
  it.each([
    ['tcp://127.0.0.1:2375', 'tcp://127.0.0.1:2375', '127.0.0.1', 2375],
    ['tcp://daemon.example', 'tcp://daemon.example:2375', 'daemon.example', 2375],
    ['tcp://:2380', 'tcp://localhost:2380', 'localhost', 2380],
    ['tcp://', 'tcp://localhost:2375', 'localhost', 2375],
    ['127.0.0.1:4243', 'tcp://127.0.0.1:4243', '127.0.0.1', 4243],
    ['tcp://[::1]:2376', 'tcp://[::1]:2376', '::1', 2376],
  ])('%s', (address, host, hostname, port) => {
    expect(fromHost(address, 'test')).toEqual({ kind: 'tcp', host, hostname, port, from: 'test' });
  });

  it('unix:// alone is the default socket', () => {
    expect(fromHost('unix://', 'test')).toMatchObject({ kind: 'unix', path: '/var/run/docker.sock' });
  });
});

describe('endpoints cc-ci cannot reach are refused in one line naming them', () => {
  it.each([
    [
      'ssh://deploy@build.example',
      /Docker endpoint ssh:\/\/deploy@build\.example \(from DOCKER_HOST\): cc-ci has no ssh connection helper; forward the remote socket/,
    ],
    [
      'npipe:////./pipe/docker_engine',
      /Docker endpoint npipe:\/\/\/\/\.\/pipe\/docker_engine \(from DOCKER_HOST\): cc-ci does not speak npipe:\/\//,
    ],
    ['fd://', /Docker endpoint fd:\/\/ \(from DOCKER_HOST\): cc-ci does not speak fd:\/\//],
    ['http://127.0.0.1:2375', /Docker endpoint http:\/\/127\.0\.0\.1:2375 \(from DOCKER_HOST\): not a Docker address/],
    [
      'tcp://127.0.0.1:2375/prefix',
      /Docker endpoint tcp:\/\/127\.0\.0\.1:2375\/prefix \(from DOCKER_HOST\): cc-ci does not support a path/,
    ],
    ['tcp://host:port', /Docker endpoint tcp:\/\/host:port \(from DOCKER_HOST\): not a valid tcp:\/\/host:port address/],
  ])('%s', (address, message) => {
    expect(refusal({ DOCKER_HOST: address, HOME: tempDir() })).toMatch(message);
  });

  it('a context that points at ssh names the context and its host', () => {
    const config = configWith({ remote: { host: 'ssh://root@server.example' } });
    expect(refusal({ DOCKER_CONTEXT: 'remote', DOCKER_CONFIG: config })).toMatch(
      /^cannot use the Docker endpoint ssh:\/\/root@server\.example \(from docker context "remote", from DOCKER_CONTEXT\)/,
    );
  });

  it('a context that does not exist, and TLS without a CA', () => {
    expect(refusal({ DOCKER_CONTEXT: 'nope', DOCKER_CONFIG: configWith({}) })).toMatch(
      /^docker context "nope" \(from DOCKER_CONTEXT\) does not exist: there is no \S+\/contexts\/meta\/[0-9a-f]{64}\/meta\.json; create it/,
    );
    const certs = tempDir();
    expect(refusal({ DOCKER_HOST: 'tcp://127.0.0.1:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs })).toBe(
      `DOCKER_TLS_VERIFY is set but there is no ${certs}/ca.pem; set DOCKER_CERT_PATH to the directory holding ca.pem, cert.pem and key.pem, or unset DOCKER_TLS_VERIFY`,
    );
  });

  it('the Engine API client names an endpoint it cannot reach, in one line', async () => {
    const gone: Endpoint = { kind: 'unix', host: 'unix:///nonexistent/docker.sock', path: '/nonexistent/docker.sock', from: 'DOCKER_HOST' };
    const e = await new DockerApi(gone).get('/info').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DockerApiError);
    expect((e as Error).message).toBe(
      'cannot reach the Docker daemon at unix:///nonexistent/docker.sock (from DOCKER_HOST): connect ENOENT /nonexistent/docker.sock',
    );
  });
});

describe('TLS: which files, and what the CLI and node are given', () => {
  it('DOCKER_TLS_VERIFY: the files of DOCKER_CERT_PATH (cert and key only if present), else of the config dir', () => {
    const certs = tempDir();
    for (const f of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(join(certs, f), f);
    const e = resolveEndpoint({ DOCKER_HOST: 'tcp://127.0.0.1:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs });
    expect(e).toMatchObject({ tls: { verify: true, ca: `${certs}/ca.pem`, cert: `${certs}/cert.pem`, key: `${certs}/key.pem` } });
    expect(cliFlags(e)).toEqual([
      '--host',
      'tcp://127.0.0.1:2376',
      '--tlsverify',
      `--tlscacert=${certs}/ca.pem`,
      `--tlscert=${certs}/cert.pem`,
      `--tlskey=${certs}/key.pem`,
    ]);
    expect(connection(e)).toEqual({
      secure: true,
      options: {
        host: '127.0.0.1',
        port: 2376,
        rejectUnauthorized: true,
        ca: Buffer.from('ca.pem'),
        cert: Buffer.from('cert.pem'),
        key: Buffer.from('key.pem'),
      },
    });
    const config = tempDir();
    writeFileSync(join(config, 'ca.pem'), 'ca');
    expect(resolveEndpoint({ DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CONFIG: config })).toMatchObject({
      tls: { verify: true, ca: `${config}/ca.pem`, cert: undefined, key: undefined },
    });
  });

  it('without DOCKER_TLS_VERIFY a tcp daemon is plain http, certificates or not (as the docker CLI)', () => {
    const e = resolveEndpoint({ DOCKER_HOST: 'tcp://127.0.0.1:2375', DOCKER_CERT_PATH: tempDir() });
    expect(e).not.toHaveProperty('tls');
    expect(cliFlags(e)).toEqual(['--host', 'tcp://127.0.0.1:2375']);
    expect(connection(e)).toEqual({ secure: false, options: { host: '127.0.0.1', port: 2375 } });
  });

  it("a context's TLS files and SkipTLSVerify (cli/context/docker/load.go); a client certificate only with its key", () => {
    const config = configWith({
      sure: { host: 'tcp://127.0.0.1:7002', tls: ['ca.pem', 'cert.pem', 'key.pem'] },
      loose: { host: 'tcp://127.0.0.1:7003', skip: true, tls: ['cert.pem'] },
    });
    const sure = resolveEndpoint({ DOCKER_CONTEXT: 'sure', DOCKER_CONFIG: config });
    expect(cliFlags(sure).slice(2, 4)).toEqual([
      '--tlsverify',
      expect.stringMatching(/^--tlscacert=.*\/contexts\/tls\/[0-9a-f]{64}\/docker\/ca\.pem$/),
    ]);
    expect(connection(sure)).toMatchObject({
      secure: true,
      options: { rejectUnauthorized: true, ca: Buffer.from('ca.pem of sure'), key: Buffer.from('key.pem of sure') },
    });
    const loose = resolveEndpoint({ DOCKER_CONTEXT: 'loose', DOCKER_CONFIG: config });
    // Empty file flags: the CLI then reads no default file of its own either.
    expect(cliFlags(loose)).toEqual([
      '--host',
      'tcp://127.0.0.1:7003',
      '--tls',
      '--tlscacert=',
      expect.stringMatching(/--tlscert=.*cert\.pem$/),
      '--tlskey=',
    ]);
    expect(connection(loose)).toEqual({ secure: true, options: { host: '127.0.0.1', port: 7003, rejectUnauthorized: false } });
  });

  it('a unix socket never gets TLS, even with DOCKER_TLS_VERIFY (load.go: no TLS for a socket)', () => {
    const certs = tempDir();
    writeFileSync(join(certs, 'ca.pem'), 'ca');
    const e = resolveEndpoint({ DOCKER_HOST: 'unix:///run/d.sock', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs });
    expect(cliFlags(e)).toEqual(['--host', 'unix:///run/d.sock']);
    expect(connection(e)).toEqual({ secure: false, options: { socketPath: '/run/d.sock' } });
  });
});

describe('what abra is given: the resolved endpoint as a Docker client reads it from the environment', () => {
  it('DOCKER_HOST, and for TLS the directory of its files, verified or not', () => {
    expect(endpointEnv(resolveEndpoint({ DOCKER_HOST: 'unix:///run/d.sock' }))).toEqual({ DOCKER_HOST: 'unix:///run/d.sock' });
    const config = configWith(
      {
        sure: { host: 'tcp://127.0.0.1:7002', tls: ['ca.pem', 'cert.pem', 'key.pem'] },
        loose: { host: 'tcp://127.0.0.1:7003', skip: true, tls: ['ca.pem', 'cert.pem', 'key.pem'] },
        bare: { host: 'tcp://127.0.0.1:7004', skip: true },
        caOnly: { host: 'tcp://127.0.0.1:7005', tls: ['ca.pem'] },
      },
      'sure',
    );
    // A context (here config.json's currentContext) reaches abra as DOCKER_HOST: it wins over any context abra might read.
    expect(endpointEnv(resolveEndpoint({ DOCKER_CONFIG: config }))).toEqual({
      DOCKER_HOST: 'tcp://127.0.0.1:7002',
      DOCKER_CERT_PATH: expect.stringMatching(/\/contexts\/tls\/[0-9a-f]{64}\/docker$/),
      DOCKER_TLS_VERIFY: '1',
    });
    expect(endpointEnv(resolveEndpoint({ DOCKER_CONTEXT: 'loose', DOCKER_CONFIG: config }))).toEqual({
      DOCKER_HOST: 'tcp://127.0.0.1:7003',
      DOCKER_CERT_PATH: expect.stringMatching(/docker$/),
    });
    for (const context of ['bare', 'caOnly']) {
      expect(() => endpointEnv(resolveEndpoint({ DOCKER_CONTEXT: context, DOCKER_CONFIG: config }))).toThrow(
        /uses TLS without all of ca\.pem, cert\.pem and key\.pem, which abra needs in one directory; add them, or use --backend swarm$/,
      );
    }
  });

  it("replaces the caller's DOCKER_* in abra's environment", () => {
    const caller = {
      PATH: '/bin',
      DOCKER_HOST: 'tcp://elsewhere:2375',
      DOCKER_CONTEXT: 'prod',
      DOCKER_TLS_VERIFY: '1',
      DOCKER_CERT_PATH: '/home/me/.docker',
      DOCKER_CONFIG: '/home/me/.docker',
    };
    expect(abraEnv(caller, '/state/abra', { DOCKER_HOST: 'unix:///run/d.sock' })).toEqual({
      PATH: '/bin',
      DOCKER_CONFIG: '/home/me/.docker',
      DOCKER_HOST: 'unix:///run/d.sock',
      ABRA_DIR: '/state/abra',
      ABRA_CI: '1',
    });
  });
});
