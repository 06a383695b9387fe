import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRecipe, parseAbraExports } from '../../src/recipe/recipe';
import { readDeployEnv, stackName, writeAppEnvFile, checkDomain, defaultDomain, type App } from '../../src/recipe/app';
import { loadComposeSet, hasBackupLabels } from '../../src/recipe/compose';
import { checkNameLengths, generateSecret, planSecrets, CHARSETS } from '../../src/recipe/secrets';
import { UserError } from '../../src/engine/errors';
import { tempDir } from '../support/cli';

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
  writeAppEnvFile(recipe, domain, app.envFile);
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
  it('reads name, env sample and abra.sh exports without running abra.sh', () => {
    const dir = recipeDir({ '.env.sample': 'TYPE=demo\nDOMAIN=x.example.com\n', 'abra.sh': 'export CONF_VERSION=v3\nexport Q="v 2"\n$(touch /tmp/pwned)\nfunction f() { :; }\n' });
    const r = loadRecipe(dir);
    expect(r.name).toBe('demo');
    expect(r.abraExports).toEqual({ CONF_VERSION: 'v3', Q: 'v 2' });
    expect(parseAbraExports('  export A_VERSION=v1 # note')).toEqual({ A_VERSION: 'v1' });
  });

  it('falls back to the directory name, and rejects a recipe without .env.sample', () => {
    expect(loadRecipe(recipeDir({ '.env.sample': 'DOMAIN=x.y\n' })).name).toBe('myrecipe');
    expect(error(() => loadRecipe(recipeDir({}))).message).toMatch(/\.env\.sample not found/);
  });

  it('writes the app env file as abra app new does, with the CI domain, and derives the stack', () => {
    const dir = recipeDir({ '.env.sample': 'TYPE=demo\nDOMAIN=demo.example.com\nURL=https://$DOMAIN\n# comment kept\n', 'abra.sh': 'export CONF_VERSION=v3\n' });
    const app = appFor(dir, 'demo-ab12.ci.local');
    expect(app.stack).toBe('demo-ab12_ci_local');
    const env = readDeployEnv(app);
    expect(env.values).toMatchObject({ DOMAIN: 'demo-ab12.ci.local', URL: 'https://demo-ab12.ci.local', STACK_NAME: 'demo-ab12_ci_local', CONF_VERSION: 'v3', COMPOSE_FILE: 'compose.yml' });
  });

  it('accepts short generated domains and rejects bad ones', () => {
    expect(() => checkDomain(defaultDomain('a-very-long-recipe-name'))).not.toThrow();
    expect(defaultDomain('a-very-long-recipe-name').length).toBeLessThan(30);
    expect(() => checkDomain('Not A Domain')).toThrow(UserError);
    expect(() => checkDomain('nodot')).toThrow(/lowercase host name/);
  });
});

describe('compose files and secrets', () => {
  const sample = 'DOMAIN=x.example.com\nCOMPOSE_FILE="compose.yml"\nSECRET_DB_PASSWORD_VERSION=v1 # length=16 charset=hex\nSECRET_API_KEY_VERSION=v2\n';

  it('plans external secrets named as abra names them, with length and charset hints', () => {
    const dir = recipeDir({ '.env.sample': sample, 'compose.yml': COMPOSE, 'abra.sh': 'export CONF_VERSION=v1\n' });
    const app = appFor(dir);
    const env = readDeployEnv(app);
    const compose = loadComposeSet(dir, env.values.COMPOSE_FILE!, env.composeListedAt);
    expect(planSecrets(compose, env)).toEqual([
      { key: 'db_password', name: 'myrecipe-1_ci_local_db_password_v1', length: 16, charset: 'hex', source: { file: 'compose.yml', line: 7 } },
      { key: 'api_key', name: 'myrecipe-1_ci_local_api_key_v2', length: 32, charset: 'default', source: { file: 'compose.yml', line: 10 } },
    ]);
  });

  it('generates secrets of the asked length from the asked charset', () => {
    const s = generateSecret(40, 'hex');
    expect(s).toHaveLength(40);
    expect([...s].every((c) => CHARSETS.hex!.includes(c))).toBe(true);
    expect(generateSecret(8, 'default')).not.toBe(generateSecret(8, 'default'));
  });

  it('names the .env.sample line of a bad hint', () => {
    const dir = recipeDir({ '.env.sample': sample.replace('charset=hex', 'charset=emoji'), 'compose.yml': COMPOSE });
    const env = readDeployEnv(appFor(dir));
    const e = error(() => planSecrets(loadComposeSet(dir, 'compose.yml', env.composeListedAt), env));
    expect(e.oneLine).toBe('.env.sample:3: charset=emoji for SECRET_DB_PASSWORD_VERSION is unknown; use one of default, alnum, hex, safespecial, special');
  });

  it('names the compose line of a secret whose version variable is not set', () => {
    const dir = recipeDir({ '.env.sample': 'DOMAIN=x.y.z\nSECRET_DB_PASSWORD_VERSION=v1\n', 'compose.yml': COMPOSE });
    const env = readDeployEnv(appFor(dir));
    const e = error(() => planSecrets(loadComposeSet(dir, 'compose.yml', env.composeListedAt), env));
    expect(e.oneLine).toMatch(/^compose\.yml:10: secret "api_key" is named with \$\{SECRET_API_KEY_VERSION\}, which \.env\.sample does not set; add SECRET_API_KEY_VERSION=v1/);
  });

  it('fails before deploy when a name would pass Docker\'s 64-character limit', () => {
    const dir = recipeDir({ '.env.sample': sample, 'compose.yml': COMPOSE, 'abra.sh': 'export CONF_VERSION=v1\n' });
    const app = appFor(dir, 'a-rather-long-ci-domain-for-secret-names.example.org');
    const env = readDeployEnv(app);
    const compose = loadComposeSet(dir, 'compose.yml', env.composeListedAt);
    expect(error(() => checkNameLengths(compose, env, app.stack)).oneLine).toMatch(
      /^compose\.yml:7: secret name "a-rather-long-ci-domain-for-secret-names.example.org_db_password_v1" is 6\d characters, over Docker's limit of 64; use a shorter --domain/,
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
    expect(hasBackupLabels(recipeDir({ 'compose.yml': COMPOSE, 'compose.db.yml': 'x:\n  labels:\n    backupbot.backup: "true"\n' }))).toBe(true);
  });
});
