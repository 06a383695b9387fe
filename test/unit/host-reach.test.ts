import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { enforceHostPolicy } from '../../src/engine/host-policy';
import { loadComposeSet } from '../../src/recipe/compose';
import { hostReach } from '../../src/recipe/host-reach';
import { renderSummary } from '../../src/report/summary';
import { failedRun as results } from '../fixtures/results';
import { tempDir } from '../support/cli';

function reach(compose: string, env: Record<string, string> = {}, more: Record<string, string> = {}) {
  const dir = join(tempDir(), 'r');
  mkdirSync(dir);
  writeFileSync(join(dir, 'compose.yml'), compose);
  for (const [name, text] of Object.entries(more)) writeFileSync(join(dir, name), text);
  const set = loadComposeSet(dir, ['compose.yml', ...Object.keys(more)].join(':'), { file: '.env.sample' });
  return hostReach(set, { STACK_NAME: 's', ...env });
}

describe('what a recipe reaches in the host', () => {
  it('finds host binds in both volume syntaxes, local volumes that bind, capabilities, devices and the host network, at their lines', () => {
    const found = reach(
      [
        'services:',
        '  app:',
        '    image: x',
        '    volumes:',
        '      - data:/data',
        '      - /var/run/docker.sock:/var/run/docker.sock:ro',
        '      - ./conf:/conf',
        '      - ${HOST_DIR}:/host',
        '      - type: bind',
        '        source: /',
        '        target: /rootfs',
        '      - hostdir:/mnt',
        '    cap_add: [NET_ADMIN]',
        '    devices: ["/dev/fuse:/dev/fuse"]',
        '    networks: [hostnet]',
        'volumes:',
        '  data:',
        '  hostdir:',
        '    driver_opts: {type: none, o: bind, device: /srv/shared}',
        'networks:',
        '  hostnet:',
        '    external: true',
        '    name: host',
        '',
      ].join('\n'),
      { HOST_DIR: '/etc/ssl' },
    );
    expect(found.map((f) => [f.line, f.what])).toEqual([
      [6, 'bind-mounts /var/run/docker.sock: the docker socket (control of the whole Docker host)'],
      [7, 'bind-mounts ./conf'],
      [8, 'bind-mounts /etc/ssl: a host system or home directory'],
      [9, "bind-mounts /: the host's root filesystem"],
      [12, 'mounts volume hostdir, which binds /srv/shared'],
      [13, 'adds capabilities NET_ADMIN'],
      [14, 'maps devices /dev/fuse:/dev/fuse'],
      [15, "joins the host's network"],
    ]);
    expect(new Set(found.map((f) => f.service))).toEqual(new Set(['app']));
  });

  it('a recipe with named volumes and its own networks reaches nothing', () => {
    expect(
      reach(
        'services:\n  app:\n    image: x\n    volumes: [data:/data]\n    networks: [proxy]\nvolumes:\n  data:\nnetworks:\n  proxy:\n    external: true\n',
      ),
    ).toEqual([]);
  });

  it("what docker reads that a naive reader would not: a later file's shorter list, a drive-letter path, a built-in object name, other stacks' volumes and configs", () => {
    const merged = reach(
      'services:\n  app:\n    image: x\n    cap_add: [SYS_ADMIN]\n    volumes: ["/:/host", "data:/data"]\nvolumes:\n  data:\n',
      {},
      {
        'compose.x.yml': 'services:\n  app:\n    cap_add: []\n    volumes: ["data:/data"]\n',
      },
    );
    expect(merged.map((f) => f.what)).toEqual(["bind-mounts /: the host's root filesystem", 'adds capabilities SYS_ADMIN']);
    expect(reach('services:\n  app:\n    image: x\n    volumes: ["c:x:/host", "${constructor}/:/root"]\n').map((f) => f.what)).toEqual([
      'bind-mounts c:x',
      "bind-mounts /: the host's root filesystem",
    ]);
    const others = reach(
      'services:\n  app:\n    image: x\n    volumes: [certs:/certs]\n    configs: [shared]\nvolumes:\n  certs:\n    external: true\n    name: traefik_letsencrypt\nconfigs:\n  shared:\n    external: true\n',
    );
    expect(others.map((f) => f.what)).toEqual([
      'mounts external volume traefik_letsencrypt, which this stack does not own',
      'reads external config shared, which this stack does not own',
    ]);
  });

  it("a YAML tag, which docker's parser reads differently (!!binary is decoded), is refused at its line", () => {
    expect(() => reach('services:\n  app:\n    image: x\n    volumes:\n      - !!binary LzovaG9zdA==\n')).toThrow(
      /YAML tag !!binary is not supported; write the value without a tag/,
    );
  });

  it('a refusing policy stops at the first, naming the service, the line and how many more', () => {
    const found = reach('services:\n  app:\n    image: x\n    volumes: ["/:/rootfs", "/etc:/etc"]\n');
    expect(() => enforceHostPolicy(found, { allow: true })).not.toThrow();
    expect(() => enforceHostPolicy(found, { allow: false, why: 'refused here; change that' })).toThrow(
      "service app bind-mounts /: the host's root filesystem (and 1 more host access); refused here; change that",
    );
  });

  it('the summary lists host access, inert', () => {
    const text = renderSummary({
      ...results,
      hostAccess: [
        { service: 'app', what: 'bind-mounts /var/run/docker.sock: the docker socket', file: 'compose.yml', line: 6 },
        { service: 'x<img src=y>', what: '[a](b)', file: 'compose.yml', line: null },
      ],
    });
    expect(text).toContain('| app | bind-mounts /var/run/docker.sock: the docker socket | compose.yml:6 |');
    expect(text).not.toContain('<img');
    expect(text).not.toContain('[a](b)');
  });
});
