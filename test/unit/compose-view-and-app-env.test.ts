import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addNewSampleKeys, appendEnv, appEnvText } from '../../src/recipe/app';
import { loadComposeSet, type ServiceSpec } from '../../src/recipe/compose';
import { interpolated, locateLabel, namedVolumes } from '../../src/recipe/compose-view';
import { parseEnvFile } from '../../src/recipe/env-file';
import type { Recipe } from '../../src/recipe/recipe';
import { tempDir } from '../support/cli';

const recipeOf = (envSample: string): Recipe => ({
  name: 'r',
  dir: '/nonexistent',
  envSample: parseEnvFile('.env.sample', envSample),
  abraExports: {},
  abraSh: null,
});

describe('compose-view', () => {
  it('interpolated: a reference docker would refuse leaves the text as written', () => {
    expect(interpolated('${NEEDED:?set it}', {})).toBe('${NEEDED:?set it}');
    expect(interpolated('${NEEDED:?set it}', { NEEDED: 'yes' })).toBe('yes');
  });

  it('namedVolumes: long syntax counts type volume (or no type) with a source; binds, anonymous and odd items do not', () => {
    const svc: ServiceSpec = {
      file: 'compose.yml',
      line: 3,
      labels: {},
      raw: {
        volumes: [
          { type: 'volume', source: 'data', target: '/data' },
          { source: 'cache', target: '/cache' },
          { type: 'bind', source: './conf', target: '/conf' },
          { type: 'volume', target: '/anonymous' },
          { source: '', target: '/empty' },
          null,
          42,
          'logs:/logs',
        ],
      },
    };
    expect(namedVolumes(svc)).toEqual([
      { key: 'data', target: '/data' },
      { key: 'cache', target: '/cache' },
      { key: 'logs', target: '/logs' },
    ]);
  });

  it('locateLabel: labels written as a map are found by their interpolated key; an unknown key falls back to the service', () => {
    const dir = join(tempDir(), 'recipe');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'compose.yml'),
      'version: "3.8"\nservices:\n  app:\n    image: a:1\n    deploy:\n      labels:\n        traefik.enable: "true"\n        traefik.http.routers.${STACK_NAME}.rule: Host(`x`)\n',
    );
    const compose = loadComposeSet(dir, 'compose.yml', { file: '.env.sample' });
    const env = { STACK_NAME: 's_ci_local' };
    expect(locateLabel(compose, 'app', 'traefik.http.routers.s_ci_local.rule', env)).toEqual({ file: 'compose.yml', line: 8 });
    expect(locateLabel(compose, 'app', 'traefik.http.routers.other.rule', env)).toMatchObject({ file: 'compose.yml', line: 3 });
  });
});

describe('app env file', () => {
  it('appEnvText: a .env.sample without DOMAIN gets DOMAIN as its first line', () => {
    expect(appEnvText(recipeOf('TYPE=r\nPORT=80\n'), 'r.ci.local')).toBe('DOMAIN=r.ci.local\nTYPE=r\nPORT=80\n');
  });

  it('addNewSampleKeys: appends the lines of keys the app lacks (never DOMAIN), and names them', () => {
    const envFile = join(tempDir(), 'r.ci.local.env');
    writeFileSync(envFile, 'TYPE=r\nDOMAIN=r.ci.local\n');
    const added = addNewSampleKeys(recipeOf('TYPE=r\nDOMAIN=example.com\n# the new one\nNEW_KEY="a b"\n'), envFile);
    expect(added).toEqual(['NEW_KEY']);
    expect(readFileSync(envFile, 'utf8')).toBe(
      'TYPE=r\nDOMAIN=r.ci.local\n\n# added from the upgraded recipe\'s .env.sample\nNEW_KEY="a b"\n',
    );
    expect(addNewSampleKeys(recipeOf('TYPE=r\nNEW_KEY=x\n'), envFile)).toEqual([]);
  });

  it('appendEnv: writes a commented block of the variables; nothing for no variables', () => {
    const envFile = join(tempDir(), 'r.ci.local.env');
    writeFileSync(envFile, 'TYPE=r\n');
    appendEnv(envFile, {}, 'nothing');
    expect(readFileSync(envFile, 'utf8')).toBe('TYPE=r\n');
    appendEnv(envFile, { A: '1' }, 'from config.yml');
    expect(readFileSync(envFile, 'utf8')).toMatch(/^TYPE=r\n\n# from config\.yml\nA=.*1.*\n$/);
  });
});
