import { describe, expect, it } from 'vitest';
import { DeployRejected } from '../../src/errors';
import type { ComposeSet } from '../../src/recipe/compose';
import { locateRefusal } from '../../src/recipe/refused-key';
import { parseYamlFile } from '../../src/util/yaml-file';

const compose = (...files: [string, string][]) =>
  ({ files: files.map(([shown, text]) => ({ path: shown, yaml: parseYamlFile(shown, text) })) }) as unknown as ComposeSet;

const BASE = `version: "3.8"
services:
  app:
    image: web:1
    environment:
      - A=\${A:?}
    ports:
      - "99999:80"
    deploy:
      lables:
        - "traefik.enable=true"
      labels:
        traefik.enable: [x]
`;
const SMTP = 'version: "3.8"\nservices:\n  smtp:\n    image: mail:1\n    netwroks: [proxy]\n';

/** What docker stack deploy prints (docker/cli cli/compose/schema toError, template errors), as cc-ci wraps it. */
const refused = (text: string) =>
  locateRefusal(
    new DeployRejected(`docker stack deploy failed: ${text}`, [text]),
    compose(['compose.yml', BASE], ['compose.smtp.yml', SMTP]),
  );

describe('a key docker stack deploy refused, found in the compose files', () => {
  it.each([
    [
      'an unknown key',
      'services.app.deploy Additional property lables is not allowed',
      'compose.yml:10',
      '"lables" is not a key the compose file format allows there; fix its spelling or remove it',
    ],
    [
      'an unknown key in the second file',
      'services.smtp Additional property netwroks is not allowed',
      'compose.smtp.yml:5',
      '"netwroks" is not a key',
    ],
    ['a top-level key', '(root) Additional property servics is not allowed', 'compose.yml:1', '"servics" is not a key'],
    [
      'a value of the wrong type, in a key with dots',
      'services.app.deploy.labels.traefik.enable must be a string, number, boolean or null',
      'compose.yml:13',
      'write it as a string, number, boolean or null',
    ],
    [
      'a list item in the wrong format',
      "services.app.ports.0 Does not match format 'ports'",
      'compose.yml:8',
      "write it in the compose file's ports format",
    ],
    [
      'a required variable (docker 20.10 names list items [])',
      'invalid interpolation format for services.app.environment.[]: "required variable A is missing a value"; you may need to escape any $ with another $',
      'compose.yml:5',
      'set A in .env.sample, or in install_steps.sh when it is generated',
    ],
  ])('%s', (_what, text, at, fix) => {
    const e = refused(text);
    // docker's advice to escape a $ gives way to cc-ci's fix.
    expect(
      e.message.startsWith(`${at}: docker stack deploy failed: ${text.replace('; you may need to escape any $ with another $', '')}; `),
    ).toBe(true);
    expect(e.message).not.toContain('escape any $');
    expect(e.message).toContain(fix);
    expect(e.source).toEqual({ file: at.split(':')[0], line: Number(at.split(':')[1]) });
    expect(e.lines).toEqual([text]);
  });

  it("names a release's file as git does", () => {
    const e = locateRefusal(
      new DeployRejected('docker stack deploy failed: services.app.deploy Additional property lables is not allowed'),
      compose(['compose.yml', BASE]),
      (f) => `1.0.0+1:${f}`,
    );
    expect(e.message).toMatch(/^1\.0\.0\+1:compose\.yml:10: /);
    expect(e.source).toEqual({ file: '1.0.0+1:compose.yml', line: 10 });
  });

  it('leaves a refusal that names no key it can find as it was', () => {
    for (const text of [
      'services.nope Additional property x is not allowed',
      'network proxy is declared as external, but could not be found',
    ]) {
      const e = new DeployRejected(`docker stack deploy failed: ${text}`);
      expect(locateRefusal(e, compose(['compose.yml', BASE]))).toBe(e);
    }
  });
});
