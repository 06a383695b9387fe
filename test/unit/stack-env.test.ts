import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { resolveEndpoint } from '../../src/backends/swarm/endpoint';
import { APP_VAR_PREFIX as P, renameInCompose, renameReferences, stackClient } from '../../src/backends/swarm/stack-env';

describe('renaming variable references as docker/cli template.go matches them', () => {
  it.each([
    ['$$literal', '$$literal'],
    ['$A', `$${P}A`],
    ['${A}', `\${${P}A}`],
    ['x${A:-d}y', `x\${${P}A:-d}y`],
    ['${A-d}${b?e}${C:?set C}', `\${${P}A-d}\${${P}b?e}\${${P}C:?set C}`],
    // docker reads an unbraced default too, and never substitutes inside a default
    ['$A-x', `$${P}A-x`],
    ['${A:-${B}}', `\${${P}A:-\${B}}`],
    // invalid for docker (no :+, no digit names): left as written, so docker refuses them alike
    ['${A:+alt}', '${A:+alt}'],
    ['$1 and $ alone', '$1 and $ alone'],
    ['$$${A}', `$$\${${P}A}`],
  ])('%s', (from, to) => expect(renameReferences(from)).toBe(to));
});

describe('how docker stack deploy is started', () => {
  it("its environment is the app env under renamed keys alone; cc-ci's endpoint and config dir are flags; the runner's secrets are nowhere", () => {
    const runner = {
      PATH: '/usr/bin',
      HOME: '/root',
      DOCKER_HOST: 'unix:///run/d.sock',
      DOCKER_CONTEXT: 'elsewhere',
      GITHUB_TOKEN: 'ghs_secret',
      ACTIONS_RUNTIME_TOKEN: 'rt',
      'INPUT_GITHUB-TOKEN': 'ghs',
      RUNNER_TEMP: '/tmp/r',
    };
    const app = {
      GREETING: 'hello',
      PATH: '.tools:/bin',
      DOCKER_HOST: 'tcp://10.0.0.1:2375',
      DOCKER_CONFIG: '.evil',
      LD_PRELOAD: './evil.so',
      NODE_OPTIONS: '--require ./x.js',
    };
    expect(stackClient(app, resolveEndpoint(runner), runner)).toEqual({
      flags: ['--host', 'unix:///run/d.sock', '--config', '/root/.docker'],
      env: {
        [`${P}GREETING`]: 'hello',
        [`${P}PATH`]: '.tools:/bin',
        [`${P}DOCKER_HOST`]: 'tcp://10.0.0.1:2375',
        [`${P}DOCKER_CONFIG`]: '.evil',
        [`${P}LD_PRELOAD`]: './evil.so',
        [`${P}NODE_OPTIONS`]: '--require ./x.js',
      },
    });
  });

  it('the default socket is named too, so no context the CLI finds can send it elsewhere', () => {
    expect(stackClient({}, resolveEndpoint({ HOME: '/nowhere' }), { HOME: '/nowhere', DOCKER_API_VERSION: '1.41' })).toEqual({
      flags: ['--host', 'unix:///var/run/docker.sock', '--config', '/nowhere/.docker'],
      env: { DOCKER_API_VERSION: '1.41' },
    });
  });
});

describe('a compose file with its references renamed', () => {
  const text = [
    '# a comment stays',
    'x-env: &env',
    '  DB: ${DB_HOST:-db}',
    'x-deploy: &deploy',
    '  replicas: ${N}',
    'services:',
    '  app:',
    '    image: "nginx:${TAG:-1.27}"',
    '    environment:',
    '      <<: *env',
    '      PLAIN: no-vars',
    "      QUOTED: 'say $$HOME'",
    '    command: |',
    '      echo ${GREETING}',
    '      echo $$literal',
    '    deploy:',
    '      <<: *deploy',
    '      labels: [ "traefik.http.routers.${STACK_NAME}.rule=Host(`${DOMAIN}`)", keep ]',
    '    ${NOT_A_VALUE}: key stays',
    'secrets:',
    '  db:',
    '    name: ${STACK_NAME}_db_${SECRET_DB_VERSION:-v1}',
    '',
  ].join('\n');
  const out = renameInCompose(text, 'compose.yml', new Set(['DOMAIN']));

  it('renames every reference in values, through anchors, merge keys, block and flow scalars', () => {
    const data = parse(out, { merge: true });
    expect(data.services.app.environment).toEqual({ DB: `\${${P}DB_HOST:-db}`, PLAIN: 'no-vars', QUOTED: 'say $$HOME' });
    expect(data.services.app.image).toBe(`nginx:\${${P}TAG:-1.27}`);
    expect(data.services.app.command).toBe(`echo \${${P}GREETING}\necho $$literal\n`);
    expect(data.services.app.deploy.replicas).toBe(`\${${P}N}`);
    expect(data.services.app.deploy.labels).toEqual([`traefik.http.routers.\${${P}STACK_NAME}.rule=Host(\`\${${P}DOMAIN}\`)`, 'keep']);
    expect(data.secrets.db.name).toBe(`\${${P}STACK_NAME}_db_\${${P}SECRET_DB_VERSION:-v1}`);
  });

  it('leaves keys, comments, anchors and unchanged values as written', () => {
    expect(out).toContain('# a comment stays\nx-env: &env\n');
    expect(out).toContain('    ${NOT_A_VALUE}: key stays\n');
    expect(out).toContain('      <<: *env\n      PLAIN: no-vars\n');
    expect(out).toContain("      QUOTED: 'say $$HOME'\n");
  });
});
