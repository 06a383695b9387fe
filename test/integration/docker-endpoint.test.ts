import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createServer as createTlsServer } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it, type ExpectStatic } from 'vitest';
import { DockerApi } from '../../src/backends/swarm/docker-api';
import { resolveEndpoint } from '../../src/backends/swarm/endpoint';
import { HELPER_IMAGE } from '../../src/backends/swarm/helper-image';
import { CCCI_LABEL } from '../../src/backends/swarm/labels';
import { runHelper } from '../../src/backends/swarm/processes';
import { readResults } from '../../src/report/results-file';
import { ROOT, dockerLeftovers, runCli, stackOf, tempDir, uniqueDomain } from '../support/cli';

/**
 * cc-ci on a daemon reached some other way than the default socket: through a forwarding proxy
 * (the shared dockerd cannot be restarted with more listeners) on a second unix socket, on a tcp
 * port of 127.0.0.1, and on a TLS port that requires a client certificate. The proxy reads the
 * head of every request it forwards, so each test sees which client made which call: the docker
 * CLI says `Docker-Client/...`, cc-ci's Engine API client `cc-ci`.
 */
const DAEMON = '/var/run/docker.sock';

interface Proxy {
  host: string;
  /** "<user agent> <method> <path>" of every request head forwarded. */
  requests: string[];
  connections: number;
  close(): Promise<void>;
}

const HEAD = /(?:^|\r\n)(GET|HEAD|POST|PUT|DELETE) (\S+) HTTP\/1\.[01]\r\n((?:[^\r\n]+\r\n)*?)\r\n/g;

/** Pipes each client connection to the daemon's socket, half-closes included (exec stdin ends so). */
function forward(server: Server, secure: boolean): Proxy {
  const proxy: Proxy = { host: '', requests: [], connections: 0, close: () => new Promise((done) => server.close(() => done())) };
  server.on(secure ? 'secureConnection' : 'connection', (client: Socket) => {
    proxy.connections++;
    const daemon = connect({ path: DAEMON, allowHalfOpen: true });
    // After an upgrade the connection carries a process's stdin (which may be HTTP: the probe's), not requests.
    let hijacked = false;
    client.on('data', (chunk: Buffer) => {
      for (const m of chunk.toString('latin1').matchAll(HEAD)) {
        if (hijacked) return;
        proxy.requests.push(`${/^user-agent: (.*)$/im.exec(m[3]!)?.[1] ?? '-'} ${m[1]} ${m[2]}`);
        hijacked = /^upgrade:/im.test(m[3]!);
      }
    });
    client.pipe(daemon);
    daemon.pipe(client);
    client.on('error', () => daemon.destroy());
    daemon.on('error', () => client.destroy());
  });
  return proxy;
}

async function listen(server: Server, proxy: Proxy, at: { path: string } | { port: 0; host: '127.0.0.1' }, scheme: string): Promise<Proxy> {
  await new Promise<void>((done) => server.listen(at, done));
  proxy.host = 'path' in at ? `unix://${at.path}` : `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}

const unixProxy = () => {
  const server = createServer({ allowHalfOpen: true });
  return listen(server, forward(server, false), { path: join(tempDir('cc-ci-sock-'), 'docker.sock') }, 'unix');
};
const tcpProxy = () => {
  const server = createServer({ allowHalfOpen: true });
  return listen(server, forward(server, false), { port: 0, host: '127.0.0.1' }, 'tcp');
};
const tlsProxy = (pki: Pki) => {
  const server = createTlsServer({
    allowHalfOpen: true,
    ca: pki.ca,
    cert: pki.serverCert,
    key: pki.serverKey,
    requestCert: true,
    rejectUnauthorized: true,
  });
  return listen(server, forward(server, true), { port: 0, host: '127.0.0.1' }, 'tcp');
};

interface Pki {
  /** Holds ca.pem, cert.pem and key.pem (the client's), as DOCKER_CERT_PATH expects. */
  dir: string;
  ca: Buffer;
  serverCert: Buffer;
  serverKey: Buffer;
}

/** A CA, a server certificate for IP 127.0.0.1 and a client certificate, made with openssl. */
function makePki(): Pki {
  const dir = tempDir('cc-ci-pki-');
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  ssl('req', '-x509', ...ec, '-keyout', 'ca-key.pem', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=cc-ci test CA');
  for (const [name, ext] of [
    ['server', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n'],
    ['client', 'extendedKeyUsage=clientAuth\n'],
  ] as const) {
    writeFileSync(join(dir, `${name}.ext`), ext);
    ssl('req', ...ec, '-keyout', `${name}-key.pem`, '-out', `${name}.csr`, '-subj', `/CN=cc-ci test ${name}`);
    ssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca-key.pem',
      '-CAcreateserial',
      '-days',
      '1',
      '-extfile',
      `${name}.ext`,
      '-out',
      `${name}-cert.pem`,
    );
  }
  execFileSync('cp', [join(dir, 'client-cert.pem'), join(dir, 'cert.pem')]);
  execFileSync('cp', [join(dir, 'client-key.pem'), join(dir, 'key.pem')]);
  const read = (f: string) => readFileSync(join(dir, f));
  return { dir, ca: read('ca.pem'), serverCert: read('server-cert.pem'), serverKey: read('server-key.pem') };
}

const byCli = (p: Proxy) => p.requests.filter((r) => r.startsWith('Docker-Client/'));
const byApi = (p: Proxy) => p.requests.filter((r) => r.startsWith('cc-ci '));

/** A cc-ci run of the example recipe with `env` on top of the test's environment. */
async function ccciTest(env: NodeJS.ProcessEnv, ops?: string) {
  const dir = tempDir();
  execFileSync('bash', [join(ROOT, 'examples/release-repo.sh'), join(dir, 'demo')]);
  const domain = uniqueDomain('endpoint');
  const out = join(dir, 'results.json');
  const run = await runCli(['test', join(dir, 'demo'), '--domain', domain, '--results', out, ...(ops ? ['--ops', ops] : [])], { env });
  return { run, results: () => readResults(out), stack: stackOf(domain) };
}

/**
 * Both clients went through the proxy: the CLI deployed the stack (`stack deploy` creates the
 * services) and removed it (`stack rm` deletes what teardown's API calls left to it: the stack's
 * networks), the API client did the rest.
 */
function expectBothClients(expect: ExpectStatic, p: Proxy, stack: string) {
  expect(byCli(p)).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/ POST \/v[\d.]+\/services\/create$/),
      expect.stringMatching(/ DELETE \/v[\d.]+\/networks\//),
    ]),
  );
  // Reads, and a hijacked exec (the serving probe's).
  expect(byApi(p)).toEqual(
    expect.arrayContaining([
      `cc-ci GET /v1.41/info`,
      expect.stringContaining(`cc-ci GET /v1.41/services?status=true&filters=`),
      expect.stringMatching(/^cc-ci POST \/v1\.41\/exec\/\w+\/start$/),
    ]),
  );
  expect(p.requests.filter((r) => !r.startsWith('Docker-Client/') && !r.startsWith('cc-ci '))).toEqual([]);
  expect(dockerLeftovers(stack)).toEqual([]);
}

// The four cc-ci runs go side by side (a proxy each), as the lifecycle tests do.
describe('one Docker endpoint for the Engine API client and the docker CLI (real daemon, through a proxy)', () => {
  let pki: Pki;
  const proxies: Proxy[] = [];
  const started = async (starting: Promise<Proxy>) => {
    const p = await starting;
    proxies.push(p);
    return p;
  };

  beforeAll(() => {
    pki = makePki();
  });
  afterAll(async () => {
    await Promise.all(proxies.map((p) => p.close()));
  });

  it.each([
    ['a second unix socket', () => unixProxy(), {}],
    ['a tcp port on 127.0.0.1', () => tcpProxy(), {}],
    ['TLS with a client certificate', () => tlsProxy(pki), { DOCKER_TLS_VERIFY: '1' }],
  ])('the API client over %s: requests, and a hijacked attach whose stdin ends with a half-close', async (_what, start, tls) => {
    const p = await started(start());
    const api = new DockerApi(resolveEndpoint({ DOCKER_HOST: p.host, DOCKER_CERT_PATH: pki.dir, ...tls }));
    expect(await api.get<{ Swarm: { LocalNodeState: string } }>('/info')).toMatchObject({ Swarm: { LocalNodeState: 'active' } });
    const r = await runHelper(
      api,
      { image: HELPER_IMAGE, cmd: ['sh', '-c', 'wc -c; echo done >&2'], labels: { [CCCI_LABEL]: `cc-ci-endpoint-${process.pid}` } },
      { input: Readable.from([Buffer.alloc(200_000, 'x')]), timeoutMs: 60_000 },
    );
    expect(r).toMatchObject({ code: 0, stdout: '200000\n', stderr: 'done\n' });
    expect(byApi(p)).toEqual(
      expect.arrayContaining(['cc-ci GET /v1.41/info', expect.stringMatching(/^cc-ci POST \/v1\.41\/containers\/\w+\/attach\?/)]),
    );
  });

  it('TLS: a client without the client certificate is turned away, in one line naming the endpoint', async () => {
    const p = await started(tlsProxy(pki));
    const certs = tempDir('cc-ci-ca-only-');
    writeFileSync(join(certs, 'ca.pem'), pki.ca);
    const api = new DockerApi(resolveEndpoint({ DOCKER_HOST: p.host, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs }));
    await expect(api.get('/info')).rejects.toThrow(
      new RegExp(`^cannot reach the Docker daemon at ${p.host} \\(from DOCKER_HOST\\): [^\\n]+$`),
    );
  });

  it.concurrent(
    'DOCKER_HOST=tcp://127.0.0.1:<port>: a full cc-ci test passes, every call through that port, nothing left',
    async ({ expect }) => {
      const p = await started(tcpProxy());
      const { run, results, stack } = await ccciTest({ DOCKER_HOST: p.host });
      expect(run.code, run.stderr).toBe(0);
      expect(Object.fromEntries(results().ops.map((o) => [o.op, o.status]))).toEqual({
        lint: 'pass',
        install: 'pass',
        upgrade: 'pass',
        backup: 'pass',
        restore: 'pass',
        custom: 'pass',
      });
      expectBothClients(expect, p, stack);
    },
  );

  it.concurrent('DOCKER_HOST=unix://<a second socket>: install passes through it', async ({ expect }) => {
    const p = await started(unixProxy());
    const { run, stack } = await ccciTest({ DOCKER_HOST: p.host }, 'install');
    expect(run.code, run.stderr).toBe(0);
    expectBothClients(expect, p, stack);
  });

  it.concurrent('DOCKER_TLS_VERIFY and DOCKER_CERT_PATH: install passes over TLS', async ({ expect }) => {
    const p = await started(tlsProxy(pki));
    const { run, stack } = await ccciTest({ DOCKER_HOST: p.host, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: pki.dir }, 'install');
    expect(run.code, run.stderr).toBe(0);
    expectBothClients(expect, p, stack);
  });

  it.concurrent(
    'the current docker context (docker context create + use, TLS files in the context store) is honoured the same way',
    async ({ expect }) => {
      const p = await started(tlsProxy(pki));
      const config = tempDir('cc-ci-docker-config-');
      const docker = (...args: string[]) => execFileSync('docker', args, { env: { ...process.env, DOCKER_CONFIG: config }, stdio: 'pipe' });
      const file = (f: string) => join(pki.dir, f);
      docker(
        'context',
        'create',
        'cc-ci-proxy',
        '--docker',
        `host=${p.host},ca=${file('ca.pem')},cert=${file('cert.pem')},key=${file('key.pem')}`,
      );
      docker('context', 'use', 'cc-ci-proxy');
      const { run, stack } = await ccciTest(
        {
          DOCKER_CONFIG: config,
          DOCKER_HOST: undefined,
          DOCKER_CONTEXT: undefined,
          DOCKER_TLS_VERIFY: undefined,
          DOCKER_CERT_PATH: undefined,
        },
        'install',
      );
      expect(run.code, run.stderr).toBe(0);
      expectBothClients(expect, p, stack);
    },
  );

  it('an ssh:// endpoint is refused at setup: exit 2, one line naming it', async () => {
    const run = await runCli(['setup'], { env: { DOCKER_HOST: 'ssh://deploy@build.example' } });
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^cc-ci: cannot use the Docker endpoint ssh:\/\/deploy@build\.example \(from DOCKER_HOST\): cc-ci has no ssh connection helper; /,
      ),
    ]);
  });
});
