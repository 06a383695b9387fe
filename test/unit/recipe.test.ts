import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRecipe, parseAbraExports } from '../../src/recipe/recipe';
import { readDeployEnv, stackName, appEnvText, checkDomain, defaultDomain, type App } from '../../src/recipe/app';
import { loadComposeSet, hasBackupLabels } from '../../src/recipe/compose';
import { checkNameLengths, generateSecret, planSecrets, CHARSETS, PASSPHRASE_WORDS } from '../../src/recipe/secrets';

import { ABRA_DEFAULT_WAIT_SECONDS, planDeploy } from '../../src/recipe/deploy-plan';
import { tempDir } from '../support/cli';
import { UserError } from '../../src/errors';

function recipeDir(files: Record<string, string>): string {
  const dir = join(tempDir(), 'myrecipe');
  mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const COMPOSE = `version: "3.8"
services:
  app:
    image: web:1
    secrets: [db_password, api_key]
secrets:
  db_password:
    external: true
    name: \${STACK_NAME}_db_password_\${SECRET_DB_PASSWORD_VERSION}
  api_key:
    external: true
    name: \${STACK_NAME}_api_key_\${SECRET_API_KEY_VERSION}
configs:
  conf:
    name: \${STACK_NAME}_conf_\${CONF_VERSION}
    file: conf.tmpl
`;

function appFor(dir: string, domain = 'myrecipe-1.ci.local'): App {
  const recipe = loadRecipe(dir);
  const app: App = { recipe, domain, stack: stackName(domain), envFile: join(tempDir(), `${domain}.env`) };
  writeFileSync(app.envFile, appEnvText(recipe, domain));
  return app;
}

const error = (f: () => unknown): UserError => {
  try {
    f();
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('expected a UserError');
};

describe('recipe loading', () => {
  it('reads name, env sample and abra.sh exports without running abra.sh, only the lines abra reads', () => {
    const dir = recipeDir({
      '.env.sample': 'TYPE=demo\nDOMAIN=x.example.com\n',
      'abra.sh': 'export CONF_VERSION=v3\nexport Q="v 2"\n$(touch /tmp/pwned)\nfunction f() { :; }\n',
    });
    const r = loadRecipe(dir);
    expect(r.name).toBe('demo');
    expect(r.abraExports).toEqual({ CONF_VERSION: 'v3' });
    expect(parseAbraExports('  export A_VERSION=v1\nexport B_VERSION=v2 # note')).toEqual({ B_VERSION: 'v2' });
  });

  it('falls back to the directory name, and rejects a recipe without .env.sample', () => {
    expect(loadRecipe(recipeDir({ '.env.sample': 'DOMAIN=x.y\n' })).name).toBe('myrecipe');
    expect(error(() => loadRecipe(recipeDir({}))).message).toMatch(/\.env\.sample not found/);
  });

  it('writes the app env file as abra app new does, with the CI domain, and derives the stack', () => {
    const dir = recipeDir({
      '.env.sample': 'TYPE=demo\nDOMAIN=demo.example.com\nURL=https://$DOMAIN\n# comment kept\n',
      'abra.sh': 'export CONF_VERSION=v3\n',
    });
    const app = appFor(dir, 'demo-ab12.ci.local');
    expect(app.stack).toBe('demo-ab12_ci_local');
    expect(stackName('a-domain-much-longer-than-abra-allows.for-a.stack-name.example.org')).toBe(
      'a-domain-much-longer-than-abra-allows_for-a_s',
    );
    const env = readDeployEnv(app);
    expect(env.values).toMatchObject({
      DOMAIN: 'demo-ab12.ci.local',
      URL: 'https://demo-ab12.ci.local',
      STACK_NAME: 'demo-ab12_ci_local',
      CONF_VERSION: 'v3',
      COMPOSE_FILE: 'compose.yml',
    });
  });

  it('accepts short generated domains and rejects bad ones', () => {
    expect(() => checkDomain(defaultDomain('a-very-long-recipe-name'))).not.toThrow();
    expect(defaultDomain('a-very-long-recipe-name').length).toBeLessThan(30);
    expect(() => checkDomain('Not A Domain')).toThrow(UserError);
    expect(() => checkDomain('nodot')).toThrow(/lowercase host name/);
  });
});

describe('compose files and secrets', () => {
  const sample =
    'DOMAIN=x.example.com\nCOMPOSE_FILE="compose.yml"\nSECRET_DB_PASSWORD_VERSION=v1 # length=16 charset=hex\nSECRET_API_KEY_VERSION=v2\n';

  it('plans the external secrets services use, named as abra names them: version after the last _, modifiers from SECRET_<NAME>_VERSION', () => {
    const dir = recipeDir({
      '.env.sample': sample,
      'compose.yml': COMPOSE.replace(
        'secrets:\n  db_password:',
        'secrets:\n  unused:\n    external: true\n    name: x_unused_v1\n  db_password:',
      ),
      'abra.sh': 'export CONF_VERSION=v1\n',
    });
    const app = appFor(dir);
    const env = readDeployEnv(app);
    const compose = loadComposeSet(dir, env.values.COMPOSE_FILE!, env.composeListedAt);
    expect(planSecrets(compose, env)).toEqual([
      {
        key: 'db_password',
        name: 'myrecipe-1_ci_local_db_password_v1',
        version: 'v1',
        length: 16,
        charset: 'hex',
        manual: false,
        modifiers: { file: '.env.sample', line: 3 },
        source: { file: 'compose.yml', line: 10 },
      },
      {
        key: 'api_key',
        name: 'myrecipe-1_ci_local_api_key_v2',
        version: 'v2',
        length: null,
        charset: 'default',
        manual: false,
        modifiers: { file: '.env.sample', line: 4 },
        source: { file: 'compose.yml', line: 13 },
      },
    ]);
  });

  it('names a secret with ${VAR:-default} when .env.sample lacks VAR, as docker interpolates it', () => {
    const dir = recipeDir({
      '.env.sample': 'DOMAIN=x.y.z\nSECRET_DB_PASSWORD_VERSION=v1\n',
      'compose.yml': COMPOSE.replace('${SECRET_API_KEY_VERSION}', '${SECRET_API_KEY_VERSION:-v7}'),
    });
    const env = readDeployEnv(appFor(dir));
    const plans = planSecrets(loadComposeSet(dir, 'compose.yml', env.composeListedAt), env);
    expect(plans.map((p) => [p.name, p.version])).toEqual([
      ['myrecipe-1_ci_local_db_password_v1', 'v1'],
      ['myrecipe-1_ci_local_api_key_v7', 'v7'],
    ]);
  });

  it('generates a password of the asked length from the asked charset, and without a length a passphrase', () => {
    const s = generateSecret({ length: 40, charset: 'hex' });
    expect(s).toHaveLength(40);
    expect([...s].every((c) => CHARSETS.hex!.includes(c))).toBe(true);
    expect([...generateSecret({ length: 200, charset: 'default' })].some((c) => 'lIO01'.includes(c))).toBe(false);
    expect(generateSecret({ length: 8, charset: 'default' })).not.toBe(generateSecret({ length: 8, charset: 'default' }));
    expect(generateSecret({ length: null, charset: 'default' })).toMatch(new RegExp(`^[a-z]+( [a-z]+){${PASSPHRASE_WORDS - 1}}$`));
  });

  it('names the .env.sample line of a length abra cannot generate, and keeps an unknown charset for lint', () => {
    const dir = recipeDir({ '.env.sample': sample.replace('length=16', 'length=4'), 'compose.yml': COMPOSE });
    const env = readDeployEnv(appFor(dir));
    const e = error(() => planSecrets(loadComposeSet(dir, 'compose.yml', env.composeListedAt), env));
    expect(e.oneLine).toBe(
      ".env.sample:3: length=4 for SECRET_DB_PASSWORD_VERSION is not a whole number from 5 to 1024, which abra's generator needs; fix the modifier",
    );
    const odd = recipeDir({ '.env.sample': sample.replace('charset=hex', 'charset=emoji'), 'compose.yml': COMPOSE });
    const oddEnv = readDeployEnv(appFor(odd));
    expect(planSecrets(loadComposeSet(odd, 'compose.yml', oddEnv.composeListedAt), oddEnv)[0]).toMatchObject({
      charset: 'default',
      unknownCharset: 'emoji',
    });
  });

  it('rejects a secret name with no version after its last _, as abra does', () => {
    const dir = recipeDir({
      '.env.sample': 'DOMAIN=x.y.z\nSECRET_DB_PASSWORD_VERSION=\nSECRET_API_KEY_VERSION=v1\n',
      'compose.yml': COMPOSE,
    });
    const env = readDeployEnv(appFor(dir));
    expect(error(() => planSecrets(loadComposeSet(dir, 'compose.yml', env.composeListedAt), env)).oneLine).toMatch(
      /^compose\.yml:7: secret "db_password" is named "myrecipe-1_ci_local_db_password_", which has no version/,
    );
  });

  it('names the compose line of a secret whose version variable is not set', () => {
    const dir = recipeDir({ '.env.sample': 'DOMAIN=x.y.z\nSECRET_DB_PASSWORD_VERSION=v1\n', 'compose.yml': COMPOSE });
    const env = readDeployEnv(appFor(dir));
    const e = error(() => planSecrets(loadComposeSet(dir, 'compose.yml', env.composeListedAt), env));
    expect(e.oneLine).toMatch(
      /^compose\.yml:10: secret "api_key" is named with \$\{SECRET_API_KEY_VERSION\}, which \.env\.sample does not set; add SECRET_API_KEY_VERSION=v1/,
    );
  });

  it("fails before deploy when a name would pass Docker's 64-character limit", () => {
    const long = COMPOSE.replaceAll('db_password', 'database_admin_password').replace(
      'SECRET_DB_PASSWORD_VERSION',
      'SECRET_DATABASE_ADMIN_PASSWORD_VERSION',
    );
    const dir = recipeDir({
      '.env.sample': `${sample}SECRET_DATABASE_ADMIN_PASSWORD_VERSION=v1\n`,
      'compose.yml': long,
      'abra.sh': 'export CONF_VERSION=v1\n',
    });
    const app = appFor(dir, 'a-rather-long-ci-domain-for-secret-names.example.org');
    expect(app.stack).toHaveLength(45);
    const env = readDeployEnv(app);
    const compose = loadComposeSet(dir, 'compose.yml', env.composeListedAt);
    expect(error(() => checkNameLengths(compose, env, app.stack)).oneLine).toMatch(
      /^compose\.yml:7: secret name "a-rather-long-ci-domain-for-secret-names_exam_database_admin_password_v1" is 72 characters, over Docker's limit of 64; use a shorter --domain/,
    );
    const short = appFor(dir, 'short.ci.local');
    expect(() => checkNameLengths(compose, readDeployEnv(short), short.stack)).not.toThrow();
  });

  it('reports a COMPOSE_FILE entry that does not exist against the .env.sample line naming it', () => {
    const dir = recipeDir({ '.env.sample': 'DOMAIN=x.y.z\nCOMPOSE_FILE="compose.yml:compose.gone.yml"\n', 'compose.yml': COMPOSE });
    const env = readDeployEnv(appFor(dir));
    expect(error(() => loadComposeSet(dir, env.values.COMPOSE_FILE!, env.composeListedAt)).oneLine).toBe(
      '.env.sample:2: COMPOSE_FILE names compose.gone.yml, which does not exist in the recipe; add it or remove it from the list',
    );
  });

  it('reports YAML syntax errors with file and line', () => {
    const dir = recipeDir({ '.env.sample': 'DOMAIN=x.y.z\n', 'compose.yml': 'services:\n  app:\n    image: [unclosed\n' });
    const env = readDeployEnv(appFor(dir));
    const e = error(() => loadComposeSet(dir, 'compose.yml', env.composeListedAt));
    expect(e.file).toBe('compose.yml');
    expect(e.line).toBeGreaterThanOrEqual(3);
    expect(e.oneLine).toMatch(/^compose\.yml:\d+: invalid YAML: .*; fix the syntax$/);
  });

  it('detects backup capability from a backupbot label in any compose file', () => {
    expect(hasBackupLabels(recipeDir({ 'compose.yml': COMPOSE }))).toBe(false);
    expect(hasBackupLabels(recipeDir({ 'compose.yml': COMPOSE, 'compose.db.yml': 'x:\n  labels:\n    backupbot.backup: "true"\n' }))).toBe(
      true,
    );
  });
});

describe('deploy plan: abra deploy wait and ExposeAllEnv', () => {
  const withLabels = (labels: string) =>
    COMPOSE.replace('    image: web:1\n', `    image: web:1\n    environment:\n      - OWN=x\n    deploy:\n      labels:\n${labels}`);
  const sample = 'DOMAIN=x.example.com\nSECRET_DB_PASSWORD_VERSION=v1\nSECRET_API_KEY_VERSION=v1\nOWN=y\nEXTRA=z\n';

  it("waits as long as the app's coop-cloud.${STACK_NAME}.timeout label says, else abra's 50 s, and adds the env the app does not set", () => {
    const dir = recipeDir({
      '.env.sample': sample,
      'compose.yml': withLabels('        - "coop-cloud.${STACK_NAME}.timeout=${TIMEOUT:-300}"\n'),
      'abra.sh': 'export CONF_VERSION=v1\n',
    });
    const plan = planDeploy(appFor(dir), loadRecipe(dir));
    expect(plan.wait).toEqual({ seconds: 300, from: 'the coop-cloud.${STACK_NAME}.timeout label' });
    expect(plan.exposedEnv).toMatchObject({ EXTRA: 'z', DOMAIN: 'myrecipe-1.ci.local' });
    expect(plan.exposedEnv).not.toHaveProperty('OWN');
    const none = recipeDir({ '.env.sample': sample, 'compose.yml': COMPOSE, 'abra.sh': 'export CONF_VERSION=v1\n' });
    expect(planDeploy(appFor(none), loadRecipe(none)).wait.seconds).toBe(ABRA_DEFAULT_WAIT_SECONDS);
  });

  it('names the line of a timeout label abra cannot read as seconds', () => {
    const dir = recipeDir({
      '.env.sample': sample,
      'compose.yml': withLabels('        - "coop-cloud.${STACK_NAME}.timeout=5m"\n'),
      'abra.sh': 'export CONF_VERSION=v1\n',
    });
    expect(error(() => planDeploy(appFor(dir), loadRecipe(dir))).oneLine).toBe(
      'compose.yml:9: coop-cloud.${STACK_NAME}.timeout is "5m"; abra reads it as a whole number of seconds, e.g. 300',
    );
  });
});
