import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { stackClient, writeIsolated } from '../../src/backends/swarm/stack-env';
import { onOwnPath } from '../../src/util/own-env';
import { tempDir } from '../support/cli';

/**
 * cc-ci hands docker renamed references and renamed env (stack-env.ts). That must not change what
 * docker makes of the files: `docker stack config` (merge + interpolation, the same loader
 * `docker stack deploy` and abra use) prints the same for the originals with the app env as the
 * process env, and for cc-ci's copies with cc-ci's env.
 */
function stackConfig(dir: string, files: string[], env: Record<string, string>, flags: string[] = []) {
  const r = spawnSync(onOwnPath('docker'), [...flags, 'stack', 'config', ...files.flatMap((f) => ['-c', f])], {
    cwd: dir,
    env,
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function parity(files: Record<string, string>, appEnv: Record<string, string>) {
  const dir = tempDir('cc-ci-stack-env-');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const order = Object.keys(files).filter((f) => f.startsWith('compose'));
  // The reference: docker given the app env alone, as abra's loader is.
  const original = stackConfig(dir, order, appEnv);
  const isolated = writeIsolated(dir, order, appEnv);
  try {
    const client = stackClient(appEnv);
    const ours = stackConfig(dir, isolated.files, client.env, client.flags);
    return { original, ours: { ...ours, stdout: isolated.shown(ours.stdout), stderr: isolated.shown(ours.stderr) } };
  } finally {
    isolated.remove();
  }
}

const REAL_SHAPED = `version: "3.8"
x-defaults: &defaults
  restart_policy:
    condition: on-failure
services:
  app:
    image: "nginx:\${APP_VERSION:-1.27}"
    environment: &env
      - DOMAIN
      - EMPTY_IN_FILE=
      - HOME
      - NOT_IN_APP_ENV
      - DB_HOST=\${DB_HOST:-db}
      - RAW=$$HOME stays literal
      - HARD=$A-default and \${B-unset only}
    command: ["sh", "-c", "echo \${GREETING} && echo $$PATH"]
    entrypoint: |
      /docker-entrypoint.sh \${ENTRY_ARG:-serve}
    secrets: [db_password]
    configs:
      - source: nginx_conf
        target: /etc/nginx/conf.d/default.conf
    deploy:
      <<: *defaults
      replicas: \${REPLICAS:-1}
      labels:
        - "traefik.enable=true"
        - "traefik.http.routers.\${STACK_NAME}.rule=Host(\`\${DOMAIN}\`) && PathPrefix(\`/cms\`)"
        - "traefik.http.middlewares.\${STACK_NAME}-strip.stripprefix.prefixes=/cms"
secrets:
  db_password:
    name: \${STACK_NAME}_db_password_\${SECRET_DB_PASSWORD_VERSION:-v1}
    external: true
configs:
  nginx_conf:
    name: \${STACK_NAME}_nginx_conf_\${NGINX_CONF_VERSION}
    file: nginx.conf
`;

const ENV = {
  EMPTY_IN_FILE: 'filled',
  DOMAIN: 'app.ci.local',
  STACK_NAME: 'app_ci_local',
  REPLICAS: '2',
  GREETING: 'it\'s "quoted" $ and\nmultiline',
  NGINX_CONF_VERSION: 'v3',
  DB_HOST: '',
  A: 'set',
};

describe("docker stack config gives the same for cc-ci's renamed files and env as for the originals", () => {
  it('a real-shaped recipe: anchors, merge keys, $$, unbraced defaults, casts, path-prefixed routers, relative config files', () => {
    const { original, ours } = parity({ 'compose.yml': REAL_SHAPED, 'nginx.conf': 'server {}\n' }, ENV);
    expect(original.code, original.stderr).toBe(0);
    expect(ours).toEqual(original);
    expect(original.stdout).toContain('replicas: 2');
  });

  it('environment entries without a value are filled from the app env, in lists, maps and merged anchors', () => {
    const text = [
      'x-env: &env',
      '  FROM_ANCHOR:',
      '  UNSET_ANCHOR:',
      'services:',
      '  app:',
      '    image: x',
      '    environment:',
      '      <<: *env',
      '      DOMAIN:',
      '      EMPTY: ""',
      '      PATH:',
      '  worker:',
      '    image: x',
      '    environment: [DOMAIN, "EMPTY=", "SET=given", HOME]',
      '',
    ].join('\n');
    const { original, ours } = parity(
      { 'compose.yml': text },
      { DOMAIN: 'app.ci.local', EMPTY: 'from-env', SET: 'ignored', FROM_ANCHOR: 'a' },
    );
    expect(original.code, original.stderr).toBe(0);
    // An anchor's source under an x- key is filled too; stack deploy ignores extension fields.
    const deployed = (out: string) => Object.fromEntries(Object.entries(parse(out)).filter(([k]) => !k.startsWith('x-')));
    expect({ ...ours, stdout: deployed(ours.stdout) }).toEqual({ ...original, stdout: deployed(original.stdout) });
    expect(original.stdout).toContain('FROM_ANCHOR: a');
  });

  it('several files merged in COMPOSE_FILE order, with overrides', () => {
    const smtp =
      'version: "3.8"\nservices:\n  app:\n    environment:\n      - SMTP_HOST=${SMTP_HOST:-mail}\n    deploy:\n      replicas: ${SMTP_REPLICAS}\n';
    const { original, ours } = parity(
      { 'compose.yml': REAL_SHAPED, 'compose.smtp.yml': smtp, 'nginx.conf': '' },
      { ...ENV, SMTP_REPLICAS: '3' },
    );
    expect(original.code, original.stderr).toBe(0);
    expect(ours).toEqual(original);
  });

  it.each([
    ['a required variable without a value', 'services:\n  app:\n    image: "x:${TAG:?set TAG in .env.sample}"\n'],
    ['a :+ reference, which docker does not know', 'services:\n  app:\n    image: "x:${TAG:+alt}"\n'],
    ['a replica count that is not a number', 'services:\n  app:\n    image: x\n    deploy:\n      replicas: ${GREETING}\n'],
  ])('%s: the same refusal', (_what, text) => {
    const { original, ours } = parity({ 'compose.yml': text }, ENV);
    expect(original.code).not.toBe(0);
    expect(ours).toEqual(original);
  });

  it("a variable the recipe sets for its own app (DOCKER_HOST) is interpolated, and the CLI still reaches cc-ci's daemon", () => {
    const text = 'services:\n  app:\n    image: x\n    environment:\n      - DOCKER_HOST=${DOCKER_HOST}\n';
    const { ours } = parity({ 'compose.yml': text }, { DOCKER_HOST: 'tcp://socket-proxy:2375' });
    expect(ours.code, ours.stderr).toBe(0);
    expect(ours.stdout).toContain('DOCKER_HOST: tcp://socket-proxy:2375');
    const client = stackClient({ DOCKER_HOST: 'tcp://127.0.0.1:1', DOCKER_CONFIG: '/nonexistent', HTTPS_PROXY: 'http://127.0.0.1:1' });
    expect(
      execFileSync(onOwnPath('docker'), [...client.flags, 'info', '--format', '{{.Swarm.LocalNodeState}}'], {
        env: client.env,
        encoding: 'utf8',
      }).trim(),
    ).toBe('active');
  });
});
