import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deployBlockers, lint, RULES, type Finding } from '../../src/lint';
import { readDeployEnv, stackName, appEnvText } from '../../src/recipe/app';
import { loadComposeSet } from '../../src/recipe/compose';
import { loadRecipe } from '../../src/recipe/recipe';
import type { RecipeGit } from '../../src/recipe/releases';
import { planSecrets } from '../../src/recipe/secrets';
import { tempDir } from '../support/cli';

const DOMAIN = 'lint-1.ci.local';
const STACK = stackName(DOMAIN);
const NO_GIT: RecipeGit = { isRepo: false, shallow: false, head: 'h', releases: [], merged: new Set(), others: [] };

const GOOD = `version: "3.8"
services:
  app:
    image: web:1.2.3
    networks: [proxy]
    volumes: [data:/data]
    healthcheck:
      test: ["CMD", "wget", "-q", "-O-", "http://localhost:8080/health"]
      interval: 5s
    deploy:
      labels:
        - "traefik.enable=true"
        - "traefik.http.services.\${STACK_NAME}.loadbalancer.server.port=8080"
        - "traefik.http.routers.\${STACK_NAME}.rule=Host(\`\${DOMAIN}\`)"
        - "coop-cloud.\${STACK_NAME}.version=1.0.0+1.2.3"
        - "backupbot.backup=true"
volumes:
  data:
networks:
  proxy:
    external: true
`;

function findings(files: Record<string, string>, opts: { git?: Partial<RecipeGit>; convergeSeconds?: number } = {}): Finding[] {
  const dir = join(tempDir(), 'lintme');
  mkdirSync(dir);
  for (const [name, text] of Object.entries({ '.env.sample': 'TYPE=lintme\nDOMAIN=x.example.com\n', 'compose.yml': GOOD, ...files }))
    writeFileSync(join(dir, name), text);
  const recipe = loadRecipe(dir);
  const envFile = join(dir, '..', `${DOMAIN}.env`);
  writeFileSync(envFile, appEnvText(recipe, DOMAIN));
  const env = readDeployEnv({ recipe, domain: DOMAIN, stack: STACK, envFile });
  const compose = loadComposeSet(dir, env.values.COMPOSE_FILE!, env.composeListedAt);
  return lint({
    recipe,
    git: { ...NO_GIT, ...opts.git },
    compose,
    env: env.values,
    secrets: planSecrets(compose, env),
    stack: STACK,
    convergeSeconds: opts.convergeSeconds ?? 50,
    routing: [],
  });
}

const failed = (fs: Finding[]) => fs.filter((f) => !f.ok);
const only = (fs: Finding[], rule: string) => failed(fs).filter((f) => f.rule === rule);
const compose = (edit: (text: string) => string) => ({ 'compose.yml': edit(GOOD) });

describe('lint rules', () => {
  it('passes a recipe shaped like a well-kept Co-op Cloud recipe', () => {
    expect(failed(findings({}))).toEqual([]);
  });

  it('gives every rule a stable, unique id: abra R0xx or cc-ci CC0xx', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^(R|CC)0\d\d$/);
    expect(ids.slice(0, ids.indexOf('CC001')).every((id) => id.startsWith('R'))).toBe(true);
  });

  it('CC001: a stack network with driver bridge is refused by the swarm, so it blocks the deploy, with its line', () => {
    const fs = findings(
      compose((t) =>
        t
          .replace('    networks: [proxy]', '    networks: [proxy, internal]')
          .replace('networks:\n  proxy:', 'networks:\n  internal:\n    driver: bridge\n  proxy:'),
      ),
    );
    const [f] = only(fs, 'CC001');
    expect(f).toMatchObject({ level: 'error', blocksDeploy: true, source: { file: 'compose.yml', line: 21 } });
    expect(f!.message).toMatch(/network "internal" has driver: bridge, which a swarm stack cannot use; use driver: overlay/);
    expect(deployBlockers(fs).map((b) => b.rule)).toEqual(['CC001']);
  });

  it("CC002: docker's host network as an external network is accepted, but traefik cannot reach it", () => {
    expect(
      only(findings(compose((t) => t.replace('  proxy:\n    external: true', '  proxy:\n    external: true\n    name: host'))), 'CC002')[0],
    ).toMatchObject({ level: 'warn', source: { line: 20 } });
  });

  it('CC003: a service using an undeclared secret, network or volume blocks the deploy', () => {
    const fs = findings(
      compose((t) => t.replace('    volumes: [data:/data]', '    volumes: [data:/data, uploads:/up]\n    secrets: [api_key]')),
    );
    expect(only(fs, 'CC003').map((f) => f.message)).toEqual([
      'service app uses secret "api_key", which no top-level secrets: section declares; declare it (external: true if abra or another stack creates it)',
      'service app mounts volume "uploads", which no top-level volumes: section declares; declare it',
    ]);
  });

  it('CC004/CC005: options the swarm ignores warn, options it refuses block', () => {
    const fs = findings(
      compose((t) =>
        t.replace(
          '    image: web:1.2.3',
          '    image: web:1.2.3\n    restart: always\n    depends_on: [db]\n    container_name: x\n    extends: {service: base}',
        ),
      ),
    );
    expect(only(fs, 'CC004').map((f) => [f.message.split(':')[1], f.source?.line])).toEqual([
      [' restart', 5],
      [' depends_on', 6],
      [' container_name', 7],
    ]);
    expect(only(fs, 'CC005')[0]).toMatchObject({ blocksDeploy: true, source: { line: 8 } });
  });

  it('R011: a service with build: and no image blocks the deploy (docker: no image specified)', () => {
    const [f] = only(findings(compose((t) => t.replace('    image: web:1.2.3', '    build: .'))), 'R011');
    expect(f).toMatchObject({ blocksDeploy: true, source: { file: 'compose.yml', line: 3 } });
    expect(f!.message).toMatch(/build: is ignored by docker stack deploy/);
  });

  it('CC006: ${VAR} that .env.sample never sets warns at its line; a default or a set key passes', () => {
    const fs = findings(
      compose((t) =>
        t.replace(
          '    networks: [proxy]',
          () =>
            '    networks: [proxy]\n    environment:\n      - A=${UNSET_ONE}\n      - B=${UNSET_TWO:-fine}\n      - C=${TYPE}\n      - D=$$NOT_A_REF',
        ),
      ),
    );
    expect(only(fs, 'CC006').map((f) => [f.message.slice(0, 16), f.source?.line])).toEqual([['${UNSET_ONE} has', 7]]);
  });

  it('CC007: a healthcheck on another port than traefik routes to warns', () => {
    const [f] = only(findings(compose((t) => t.replace('localhost:8080/health', 'localhost:3000/health'))), 'CC007');
    expect(f!.message).toBe('service app: the healthcheck probes port 3000, traefik routes to 8080; probe the port the app serves on');
    expect(f!.source?.line).toBe(8);
  });

  it('CC008/CC009: a healthcheck that can never pass within the wait is an error; one that may settle too late warns', () => {
    expect(only(findings(compose((t) => t.replace('interval: 5s', 'interval: 1m'))), 'CC008')[0]?.message).toMatch(
      /first healthcheck runs after interval 60s, but the deploy waits 50s/,
    );
    const late = only(
      findings(compose((t) => t.replace('interval: 5s', 'interval: 10s\n      start_period: 30s\n      retries: 5'))),
      'CC009',
    );
    expect(late[0]?.message).toMatch(/start_period \+ retries × interval = 80s, but the deploy waits 50s/);
    expect(
      only(
        findings(
          compose((t) => t.replace('interval: 5s', 'interval: 10s\n      start_period: 30s\n      retries: 5')),
          { convergeSeconds: 300 },
        ),
        'CC009',
      ),
    ).toEqual([]);
  });

  it('CC010/CC018: a backup-enabled stack without volumes is an error; labels naming no mounted volume warn', () => {
    const fs = findings(
      compose((t) =>
        t
          .replace('    volumes: [data:/data]\n', '')
          .replace(
            '        - "backupbot.backup=true"',
            '        - "backupbot.backup=true"\n        - "backupbot.backup.volumes.dta.path=x"',
          ),
      ),
    );
    expect(only(fs, 'CC010').map((f) => f.message.slice(0, 40))).toEqual(['backupbot.backup=true on app, but no ser']);
    expect(only(fs, 'CC018').map((f) => [f.message.slice(0, 40), f.source?.line])).toEqual([
      ['service app: backupbot.backup.volumes.dt', 16],
    ]);
  });

  it("CC018: the label on a service without its own volume only warns: backupbot backs up the stack's other volumes", () => {
    const fs = findings(
      compose((t) =>
        t
          .replace('    volumes: [data:/data]\n', '')
          .replace(
            'volumes:\n  data:',
            '  db:\n    image: db:1.0.0\n    volumes: [data:/var/lib/db]\n    healthcheck:\n      test: ["CMD", "true"]\n      interval: 2s\nvolumes:\n  data:',
          ),
      ),
    );
    expect(failed(fs).map((f) => f.rule)).toEqual(['CC018']);
  });

  it("CC011: a hook with a single quote ends backupbot's quoting", () => {
    const [f] = only(
      findings(
        compose((t) =>
          t.replace(
            '        - "backupbot.backup=true"',
            `        - "backupbot.backup=true"\n        - "backupbot.backup.pre-hook=psql -c 'select 1' > /data/x"`,
          ),
        ),
      ),
      'CC011',
    );
    expect(f!.message).toMatch(/so only "set -o pipefail;psql -c select" runs/);
  });

  it('CC012/CC013: the version label must be on app, a version, and the release on a tagged commit', () => {
    expect(
      only(findings(compose((t) => t.replace('        - "coop-cloud.${STACK_NAME}.version=1.0.0+1.2.3"\n', ''))), 'CC012')[0]?.message,
    ).toMatch(/no coop-cloud.\$\{STACK_NAME\}.version label/);
    expect(only(findings(compose((t) => t.replace('1.0.0+1.2.3"', '"'))), 'CC012')[0]?.message).toMatch(/is empty/);
    const tagged = { releases: [{ tag: '1.1.0+1.2.4', commit: 'h', annotated: true }], head: 'h' };
    expect(only(findings({}, { git: tagged }), 'CC013')[0]?.message).toBe(
      'coop-cloud.${STACK_NAME}.version is 1.0.0+1.2.3, but this commit is release 1.1.0+1.2.4; set the label to 1.1.0+1.2.4',
    );
  });

  it('CC015: abra.sh exports abra does not read (indented, quoted) or may misread (text after the value)', () => {
    const fs = only(
      findings({ 'abra.sh': 'export A_VERSION=v1\n  export B_VERSION=v1\nexport C_VERSION="v1"\nexport D_VERSION=v1 # bump\n' }),
      'CC015',
    );
    expect(fs.map((f) => f.source?.line)).toEqual([2, 3, 4]);
  });

  it("CC017: ${VAR:-default} in .env.sample is not what abra's env reader makes of it", () => {
    const [f] = only(findings({ '.env.sample': 'TYPE=lintme\nDOMAIN=x.example.com\nPORT=${PORT:-80}\n' }), 'CC017');
    expect(f).toMatchObject({ source: { file: '.env.sample', line: 3 } });
    expect(f!.message).toMatch(/PORT becomes ":-80}"/);
  });

  it('R003/R004/R005 judge the image as deployed, variables interpolated', () => {
    expect(failed(findings(compose((t) => t.replace('image: web:1.2.3', 'image: web:${TAG:-1.2.3}'))))).toEqual([]);
    expect(only(findings(compose((t) => t.replace('image: web:1.2.3', 'image: web:${TAG:-stable}'))), 'R005')[0]?.message).toBe(
      'service app: image web:stable has a tag that is not a version; pin a version tag such as 1.27.2',
    );
  });

  it('R014: a lightweight release tag fails lint (abra refuses to deploy such a release)', () => {
    expect(only(findings({}, { git: { releases: [{ tag: '1.0.0+1', commit: 'c', annotated: false }] } }), 'R014')[0]?.message).toBe(
      'release tag 1.0.0+1 is a lightweight tag; abra needs annotated tags: git tag -a 1.0.0+1',
    );
  });
});
