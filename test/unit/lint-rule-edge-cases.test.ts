import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorMessage, UserError } from '../../src/errors';
import { at, findingLine, type LintInput, type Rule } from '../../src/lint/finding';
import { abraRules } from '../../src/lint/rules/abra';
import { abraEnvRules } from '../../src/lint/rules/abra-env';
import { goDuration, healthcheckPorts, healthRules } from '../../src/lint/rules/health';
import { routingRules } from '../../src/lint/rules/routing';
import { swarmRules } from '../../src/lint/rules/swarm';
import { loadComposeSet, type ComposeSet } from '../../src/recipe/compose';
import { parseEnvFile } from '../../src/recipe/env-file';
import type { Recipe } from '../../src/recipe/recipe';
import type { SecretPlan } from '../../src/recipe/secrets';
import { tempDir } from '../support/cli';

const STACK = 'edge_ci_local';

function composeOf(text: string): ComposeSet {
  const dir = join(tempDir(), 'recipe');
  mkdirSync(dir);
  writeFileSync(join(dir, 'compose.yml'), text);
  return loadComposeSet(dir, 'compose.yml', { file: '.env.sample' });
}

function recipeOf(envSample: string, abraSh: string | null = null, abraExports: Record<string, string> = {}): Recipe {
  return { name: 'edge', dir: '/nonexistent', envSample: parseEnvFile('.env.sample', envSample), abraExports, abraSh };
}

function input(over: Partial<LintInput>): LintInput {
  return {
    recipe: recipeOf('TYPE=edge\n'),
    git: { isRepo: false, shallow: false, head: 'h', releases: [], merged: new Set(), others: [] },
    compose: composeOf('version: "3.8"\nservices:\n  app:\n    image: web:1.2.3\n'),
    env: { STACK_NAME: STACK, DOMAIN: 'edge.ci.local' },
    stack: STACK,
    secrets: [],
    convergeSeconds: 50,
    routing: [],
    ...over,
  };
}

const rule = (rules: Rule[], id: string) => rules.find((r) => r.id === id)!;
const messages = (rules: Rule[], id: string, i: LintInput) =>
  rule(rules, id)
    .check(i)
    .problems.map((p) => p.message);

describe('errors: errorMessage', () => {
  it('prints a UserError as its one line with file and line, an Error as its message, anything else as a string', () => {
    expect(errorMessage(new UserError('bad value;\n  fix it', 'config.yml', 3))).toBe('config.yml:3: bad value; fix it');
    expect(errorMessage(new Error('plain'))).toBe('plain');
    expect(errorMessage('a thrown string')).toBe('a thrown string');
    expect(errorMessage(42)).toBe('42');
  });
});

describe('lint finding formatting', () => {
  it('at: file:line, file alone without a line, nothing without a position', () => {
    expect(at({ file: 'compose.yml', line: 7 })).toBe('compose.yml:7');
    expect(at({ file: 'compose.yml' })).toBe('compose.yml');
    expect(at(undefined)).toBe('');
  });

  it('findingLine: rule, position when known, message', () => {
    const f = { rule: 'CC001', title: 't', level: 'error' as const, ok: false, message: 'what is wrong' };
    expect(findingLine({ ...f, source: { file: 'compose.yml', line: 2 } })).toBe('CC001 compose.yml:2: what is wrong');
    expect(findingLine(f)).toBe('CC001 what is wrong');
  });
});

describe('abra env rules', () => {
  const secret = (over: Partial<SecretPlan>): SecretPlan => ({
    key: 'db_password',
    name: `${STACK}_db_password_v1`,
    version: 'v1',
    length: 32,
    charset: 'default',
    manual: false,
    modifiers: { file: '.env.sample', line: 4 },
    source: { file: 'compose.yml', line: 20 },
    ...over,
  });

  it('CC016: an unknown charset and generate=false are each reported at the modifiers line; plain secrets pass', () => {
    const r = rule(abraEnvRules, 'CC016').check(
      input({ secrets: [secret({}), secret({ key: 'api_key', unknownCharset: 'base64' }), secret({ key: 'smtp', manual: true })] }),
    );
    expect(r.problems).toEqual([
      {
        message: expect.stringContaining('SECRET_API_KEY_VERSION: charset=base64 is not one cc-ci knows'),
        source: { file: '.env.sample', line: 4 },
      },
      {
        message: expect.stringContaining('SECRET_SMTP_VERSION: generate=false, so an operator inserts smtp by hand'),
        source: { file: '.env.sample', line: 4 },
      },
    ]);
  });

  it('CC017: a lower-case $name is reported, unless single-quoted; upper-case and ${VAR:-x} are told apart', () => {
    const recipe = recipeOf("TYPE=edge\nA=$lower\nB='$quoted'\nC=${Upper}\nD=${lower}x\nE=${X:-d}\n");
    const r = rule(abraEnvRules, 'CC017').check(input({ recipe }));
    expect(r.problems.map((p) => [p.source, p.message.split(':')[0]])).toEqual([
      [{ file: '.env.sample', line: 2 }, 'A'],
      [{ file: '.env.sample', line: 5 }, 'D'],
      [{ file: '.env.sample', line: 6 }, 'E'],
    ]);
    expect(r.problems[0]!.message).toContain('expands only upper-case names');
    expect(r.problems[2]!.message).toContain('does not know ${VAR:-default}');
  });

  it('CC017: an entry whose line is past the text is read as an empty line (no finding)', () => {
    const recipe = recipeOf('TYPE=edge\n');
    recipe.envSample.entries.push({ ...recipe.envSample.entries[0]!, key: 'GHOST', line: 99 });
    expect(rule(abraEnvRules, 'CC017').check(input({ recipe })).problems).toEqual([]);
  });
});

describe('abra rules', () => {
  it('R001: a wrong version is named, at its line', () => {
    const r = rule(abraRules, 'R001').check(input({ compose: composeOf('# header\nversion: "3.7"\nservices:\n  app:\n    image: a:1\n') }));
    expect(r.problems).toEqual([
      { message: 'compose.yml has version "3.7"; abra expects version: "3.8"', source: { file: 'compose.yml', line: 2 } },
    ]);
  });

  it('R001: an unset version is "unset", reported at line 1', () => {
    const r = rule(abraRules, 'R001').check(input({ compose: composeOf('# header\nservices:\n  app:\n    image: a:1\n') }));
    expect(r.problems).toEqual([
      { message: 'compose.yml has version "unset"; abra expects version: "3.8"', source: { file: 'compose.yml', line: 1 } },
    ]);
  });

  it('R003/R004: an image without tag and one on latest are reported; a digest-only image is not untagged', () => {
    const compose = composeOf(
      'version: "3.8"\nservices:\n  app:\n    image: web\n  reg:\n    image: registry:5000/web\n  pinned:\n    image: web@abc\n  latest:\n    image: web:latest\n',
    );
    expect(messages(abraRules, 'R003', input({ compose }))).toEqual([
      'service app: image web has no tag; pin a version tag',
      'service reg: image registry:5000/web has no tag; pin a version tag',
    ]);
    expect(messages(abraRules, 'R004', input({ compose }))).toEqual([
      'service latest: image web:latest uses the unstable latest tag; pin a version tag',
    ]);
  });

  it('R012: a config version abra.sh does not export is reported; one in .env.sample or abra.sh passes', () => {
    const compose = composeOf(
      [
        'version: "3.8"',
        'services:',
        '  app:',
        '    image: a:1',
        'configs:',
        '  one:',
        '    name: ${STACK_NAME}_one_${ONE_VERSION}',
        '    file: one.conf',
        '  two:',
        '    name: ${STACK_NAME}_two_${TWO_VERSION}',
        '    file: two.conf',
        '  three:',
        '    name: ${STACK_NAME}_three_${THREE_VERSION}',
        '    file: three.conf',
        '',
      ].join('\n'),
    );
    const recipe = recipeOf('TYPE=edge\nTWO_VERSION=v1\n', null, { THREE_VERSION: 'v2' });
    expect(messages(abraRules, 'R012', input({ compose, recipe }))).toEqual([
      'config one is named with ONE_VERSION, which abra.sh does not export; add export ONE_VERSION=v1 to abra.sh',
    ]);
  });

  it('R015: an external secret whose name cannot fit with the longest stack name is reported; a short one passes', () => {
    const compose = composeOf(
      'version: "3.8"\nservices:\n  app:\n    image: a:1\nsecrets:\n  a_very_long_secret_name:\n    external: true\n  short:\n    external: true\n',
    );
    const r = rule(abraRules, 'R015').check(input({ compose }));
    expect(r.problems.map((p) => p.message)).toEqual([
      "secret a_very_long_secret_name: on an app whose stack name has abra's maximum of 45 characters, <stack>_a_very_long_secret_name_v10 is over Docker's 64; shorten the secret's name to 14 characters or less",
    ]);
    expect(r.problems[0]!.source).toMatchObject({ file: 'compose.yml', line: 6 });
  });
});

describe('health rules', () => {
  it('goDuration: a bare number is nanoseconds; units add up; other values are not durations', () => {
    expect(goDuration(30_000_000_000)).toBe(30);
    expect(goDuration('1m30s')).toBe(90);
    expect(goDuration('500ms')).toBe(0.5);
    expect(goDuration('ten seconds')).toBeUndefined();
    expect(goDuration(undefined)).toBeUndefined();
  });

  it('healthcheckPorts: CMD and CMD-SHELL are dropped, a plain list and a string are read whole, URLs default to 80/443', () => {
    expect(healthcheckPorts(['CMD-SHELL', 'curl -f http://localhost:3000/'])).toEqual([3000]);
    expect(healthcheckPorts(['CMD', 'wget', 'https://app/health'])).toEqual([443]);
    expect(healthcheckPorts(['curl', 'http://app/health'])).toEqual([80]);
    expect(healthcheckPorts('nc -z db 5432')).toEqual([5432]);
    expect(healthcheckPorts(['CMD', 'true'])).toEqual([]);
  });

  const routed = (healthcheck: string) =>
    composeOf(
      `version: "3.8"\nservices:\n  app:\n    image: a:1\n    healthcheck:\n${healthcheck}\n    deploy:\n      labels:\n        - "traefik.http.services.\${STACK_NAME}.loadbalancer.server.port=8080"\n`,
    );

  it('CC007: a string healthcheck probing another port is reported; NONE, disabled and test-less ones are not read', () => {
    expect(messages(healthRules, 'CC007', input({ compose: routed('      test: curl -f http://localhost:9000/') }))).toEqual([
      'service app: the healthcheck probes port 9000, traefik routes to 8080; probe the port the app serves on',
    ]);
    expect(messages(healthRules, 'CC007', input({ compose: routed('      test: ["NONE"]') }))).toEqual([]);
    expect(
      messages(healthRules, 'CC007', input({ compose: routed('      disable: true\n      test: curl http://localhost:9000/') })),
    ).toEqual([]);
    expect(messages(healthRules, 'CC007', input({ compose: routed('      interval: 5s') }))).toEqual([]);
  });

  it('CC008/CC009: without interval, start_period or retries the docker defaults (30s, 0, 3) apply', () => {
    const compose = routed('      test: ["CMD", "true"]');
    expect(messages(healthRules, 'CC008', input({ compose, convergeSeconds: 20 }))).toEqual([
      expect.stringContaining('the first healthcheck runs after interval 30s, but the deploy waits 20s'),
    ]);
    // 0 + 3 × 30 = 90 > 60, interval 30 < 60: settles too late.
    expect(messages(healthRules, 'CC009', input({ compose, convergeSeconds: 60 }))).toEqual([
      expect.stringContaining('start_period + retries × interval = 90s, but the deploy waits 60s'),
    ]);
    expect(messages(healthRules, 'CC009', input({ compose, convergeSeconds: 90 }))).toEqual([]);
  });
});

describe('routing rule', () => {
  it('CC014: a service name without the stack prefix is kept as given, and located as the service', () => {
    const compose = composeOf('version: "3.8"\nservices:\n  app:\n    image: a:1\n');
    const r = rule(routingRules, 'CC014').check(
      input({
        compose,
        routing: [
          { service: `${STACK}_app`, label: 'traefik.http.routers.x.rule', level: 'warn', message: 'cannot parse' },
          { service: 'app', label: 'traefik.http.services.x.loadbalancer.server.port', level: 'warn', message: 'not a number' },
        ],
      }),
    );
    expect(r.problems.map((p) => p.message)).toEqual([
      'service app: traefik.http.routers.x.rule: cannot parse',
      'service app: traefik.http.services.x.loadbalancer.server.port: not a number',
    ]);
    expect(r.problems[1]!.source).toMatchObject({ file: 'compose.yml', line: 3 });
  });
});

describe('swarm rules', () => {
  it('CC003: the default network needs no declaration; long-syntax and short-syntax volumes are checked by source', () => {
    const compose = composeOf(
      [
        'version: "3.8"',
        'services:',
        '  app:',
        '    image: a:1',
        '    networks: [default, missing_net]',
        '    volumes:',
        '      - type: volume',
        '        source: undeclared_long',
        '        target: /a',
        '      - source: implicit_named',
        '        target: /b',
        '      - source: ./bind',
        '        target: /c',
        '      - target: /anonymous',
        '      - type: bind',
        '        source: bound',
        '        target: /d',
        '      - type: volume',
        '        source: data',
        '        target: /e',
        '      - short_missing:/f',
        '      - ./local:/g',
        '      - /anon',
        'volumes:',
        '  data:',
        '',
      ].join('\n'),
    );
    expect(messages(swarmRules, 'CC003', input({ compose }))).toEqual([
      expect.stringContaining('uses network "missing_net"'),
      expect.stringContaining('mounts volume "undeclared_long"'),
      expect.stringContaining('mounts volume "implicit_named"'),
      expect.stringContaining('mounts volume "short_missing"'),
    ]);
  });
});
