import { describe, expect, it } from 'vitest';

import {
  ABRA_SERVER,
  abraEnv,
  appDeploy,
  appEnvPath,
  appNew,
  appRemove,
  appUndeploy,
  recipeDirPath,
  secretGenerate,
  secretInsert,
  secretRemoveAll,
  serverAddDefault,
  serverAddLocal,
  versionCheck,
  volumeRemove,
} from '../../src/backends/abra/commands';
import { failureLine, generatedSecrets, lastLines } from '../../src/backends/abra/output';
import { abraEnvText } from '../../src/backends/abra/abra-backend';
import type { RunResult } from '../../src/util/exec';

const D = 'myapp-abc123.ci.local';
const result = (stdout: string, stderr = '', code = 1): RunResult => ({ code, stdout, stderr, killed: false });

describe('abra command lines', () => {
  it('checks the version and registers the local daemon as the server "default"', () => {
    expect(versionCheck()).toEqual(['--version']);
    expect(ABRA_SERVER).toBe('default');
    expect(serverAddLocal()).toEqual(['server', 'add', '--local', '--no-input']);
    expect(serverAddDefault()).toEqual(['server', 'add', '--no-input', 'default']);
  });

  it('creates the app on that server, with the recipe directory as it is', () => {
    expect(appNew('custom-html', D)).toEqual(['app', 'new', '--server', 'default', '--domain', D, '--chaos', '--no-input', 'custom-html']);
  });

  it('generates one secret with machine-readable output, and inserts a value from a file', () => {
    expect(secretGenerate(D, 'db_password', 'v1')).toEqual([
      'app',
      'secret',
      'generate',
      '--machine',
      '--no-input',
      D,
      'db_password',
      'v1',
    ]);
    expect(secretInsert(D, 'api_key', 'v2', '/state/abra/.secret-1')).toEqual([
      'app',
      'secret',
      'insert',
      '--file',
      '--no-input',
      D,
      'api_key',
      'v2',
      '/state/abra/.secret-1',
    ]);
  });

  it('deploys the base without --force and the in-place upgrade with it, never waiting or checking DNS', () => {
    expect(appDeploy(D, false)).toEqual(['app', 'deploy', '--chaos', '--no-domain-checks', '--no-converge-checks', '--no-input', D]);
    expect(appDeploy(D, true)).toEqual([
      'app',
      'deploy',
      '--chaos',
      '--force',
      '--no-domain-checks',
      '--no-converge-checks',
      '--no-input',
      D,
    ]);
  });

  it('tears down without a prompt', () => {
    expect(appUndeploy(D)).toEqual(['app', 'undeploy', '--no-input', D]);
    expect(volumeRemove(D)).toEqual(['app', 'volume', 'remove', '--force', '--no-input', D]);
    expect(secretRemoveAll(D)).toEqual(['app', 'secret', 'remove', '--all', '--no-input', D]);
    expect(appRemove(D)).toEqual(['app', 'remove', '--force', '--no-input', D]);
  });

  it('knows where abra keeps the env file and the recipe', () => {
    expect(appEnvPath('/s/abra', D)).toBe(`/s/abra/servers/default/${D}.env`);
    expect(recipeDirPath('/s/abra', 'custom-html')).toBe('/s/abra/recipes/custom-html');
  });
});

describe("abra's environment", () => {
  it("is cc-ci's own environment plus ABRA_DIR and ABRA_CI, and nothing else", () => {
    const base = { PATH: '/usr/bin:/bin', HOME: '/home/runner', DOCKER_HOST: 'unix:///var/run/docker.sock', CCCI_DEBUG: '1' };
    expect(abraEnv(base, '/state/abra')).toEqual({ ...base, ABRA_DIR: '/state/abra', ABRA_CI: '1' });
  });

  it('lets no other ABRA_ setting through', () => {
    expect(abraEnv({ PATH: '/bin', ABRA_DIR: '/home/runner/.abra', ABRA_SKIP_TIME: '1' }, '/state/abra')).toEqual({
      PATH: '/bin',
      ABRA_DIR: '/state/abra',
      ABRA_CI: '1',
    });
  });
});

describe("abra's output", () => {
  it('reads generated values from --machine JSON', () => {
    expect(generatedSecrets('[{"name": "db_password", "value": "Tr9xKq"}]\n')).toEqual([{ name: 'db_password', value: 'Tr9xKq' }]);
    expect(generatedSecrets('[{"NAME":"a","VALUE":"x y z"},{"name":"b","value":"q"}]')).toEqual([
      { name: 'a', value: 'x y z' },
      { name: 'b', value: 'q' },
    ]);
  });

  it('reads them field by field when the JSON is not valid (abra does not escape), colours and all', () => {
    const out = '\x1b[1m[{"name": "db_password", "value": "ab\\cd"},{"name": "x", "value": "plain words"}]\x1b[0m\r\n';
    expect(generatedSecrets(out)).toEqual([
      { name: 'db_password', value: 'ab\\cd' },
      { name: 'x', value: 'plain words' },
    ]);
  });

  it('finds no value in a table or in nothing', () => {
    expect(generatedSecrets('┃ NAME ┃ VALUE ┃\n┃ db   ┃ secret ┃\n')).toEqual([]);
    expect(generatedSecrets('')).toEqual([]);
  });

  it("names a failure by abra's last FATA line", () => {
    expect(failureLine(result('INFO deploying\n', 'WARN slow\nFATA deploy failed: service app is unhealthy\n'))).toBe(
      'FATA deploy failed: service app is unhealthy',
    );
    expect(failureLine(result('', 'something went wrong\n'))).toBe('something went wrong');
    expect(lastLines(result('a\nb\n', 'c\n'), 2)).toEqual(['b', 'c']);
  });
});

describe("abra's copy of the app env file", () => {
  const env = 'TYPE=custom-html\nDOMAIN=x.ci.local\nCOMPOSE_FILE="compose.yml"\n';

  it("is cc-ci's own when the compose files are those it lists", () => {
    expect(abraEnvText(env, 'x.env', 'custom-html', 'compose.yml')).toBe(env);
  });

  it("lists an overlay's compose file, and names the recipe when the file does not", () => {
    expect(abraEnvText(env, 'x.env', 'custom-html', 'compose.yml:cc-ci.compose.ci.yml')).toBe(
      `${env}\n# added by cc-ci for abra\nCOMPOSE_FILE=compose.yml:cc-ci.compose.ci.yml\n`,
    );
    expect(abraEnvText('DOMAIN=x.ci.local', 'x.env', 'custom-html', 'compose.yml')).toBe(
      'DOMAIN=x.ci.local\n\n# added by cc-ci for abra\nTYPE=custom-html\n',
    );
  });
});
