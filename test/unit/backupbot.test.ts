import { describe, expect, it } from 'vitest';
import { backupTargets, hookArgv, hookCommand } from '../../src/recipe/backupbot';
import type { DeployedService } from '../../src/backends/backend';

const svc = (name: string, labels: Record<string, string>, mounts: [string, string][]): DeployedService => ({
  name,
  swarmName: `st_${name}`,
  image: 'x:1',
  labels,
  mounts: mounts.map(([volume, target]) => ({ volume, target })),
  replicas: 1,
  networks: [],
});

describe('backupTargets (backupbot label semantics)', () => {
  it("backupbot.backup=true on one service enables the whole stack: every service's volumes, each service's own hooks", () => {
    const { targets, problems } = backupTargets(
      [
        svc('db', { 'backupbot.backup': 'true', 'backupbot.backup.pre-hook': 'dump', 'backupbot.restore.post-hook': 'load' }, [
          ['st_db_data', '/var/lib/db'],
          ['st_logs', '/logs'],
        ]),
        svc('app', {}, [['st_app', '/data']]),
      ],
      'st',
    );
    expect(problems).toEqual([]);
    expect(targets).toEqual([
      {
        service: 'db',
        swarmName: 'st_db',
        hooks: { pre: 'dump', post: undefined, restorePre: undefined, restorePost: 'load' },
        volumes: [
          { key: 'db_data', volume: 'st_db_data', paths: null },
          { key: 'logs', volume: 'st_logs', paths: null },
        ],
      },
      {
        service: 'app',
        swarmName: 'st_app',
        hooks: { pre: undefined, post: undefined, restorePre: undefined, restorePost: undefined },
        volumes: [{ key: 'app', volume: 'st_app', paths: null }],
      },
    ]);
  });

  it('leaves out services with neither volumes nor hooks', () => {
    const { targets } = backupTargets([svc('app', { 'backupbot.backup': 'true' }, []), svc('db', {}, [['st_db', '/db']])], 'st');
    expect(targets.map((t) => t.service)).toEqual(['db']);
  });

  it('honours volumes.<vol>=false and volumes.<vol>.path lists', () => {
    const labels = {
      'backupbot.backup': 'True',
      'backupbot.backup.volumes.logs': 'false',
      'backupbot.backup.volumes.db_data.path': 'backup.sql, /dumps/',
    };
    const { targets } = backupTargets(
      [
        svc('db', labels, [
          ['st_db_data', '/var/lib/db'],
          ['st_logs', '/logs'],
        ]),
      ],
      'st',
    );
    expect(targets[0]!.volumes).toEqual([{ key: 'db_data', volume: 'st_db_data', paths: ['backup.sql', 'dumps'] }]);
  });

  it('maps the legacy backupbot.backup.path onto the volumes the paths lie on', () => {
    const labels = { 'backupbot.backup': 'true', 'backupbot.backup.path': '/usr/share/nginx/html,/data/uploads' };
    const { targets, problems } = backupTargets(
      [
        svc('app', labels, [
          ['st_html', '/usr/share/nginx/html'],
          ['st_data', '/data'],
        ]),
      ],
      'st',
    );
    expect(problems).toEqual([]);
    expect(targets[0]!.volumes).toEqual([
      { key: 'html', volume: 'st_html', paths: null },
      { key: 'data', volume: 'st_data', paths: ['uploads'] },
    ]);
  });

  it('reports paths that are not on a volume, leave it, or a stack with nothing to back up', () => {
    expect(
      backupTargets([svc('app', { 'backupbot.backup': 'true', 'backupbot.backup.path': '/etc/app' }, [['st_d', '/data']])], 'st')
        .problems[0],
    ).toBe('app: backupbot.backup.path /etc/app is not on a volume of the service; mount a volume there');
    expect(
      backupTargets([svc('app', { 'backupbot.backup': 'true', 'backupbot.backup.volumes.d.path': '../etc' }, [['st_d', '/data']])], 'st')
        .problems[0],
    ).toMatch(/leaves the volume/);
    expect(backupTargets([svc('app', { 'backupbot.backup': 'true' }, [])], 'st').problems[0]).toMatch(
      /no service of the stack has a volume to back up/,
    );
  });

  it('backs up nothing when no service sets backupbot.backup to true', () => {
    expect(
      backupTargets([svc('app', { 'backupbot.backup': 'false' }, [['st_d', '/d']]), svc('db', {}, [['st_db', '/db']])], 'st').targets,
    ).toEqual([]);
  });
});

describe('hook labels, as backupbot turns them into a command', () => {
  it.each([
    ['/pg_backup.sh backup', '/pg_backup.sh backup'],
    ["sh -c 'cp /a /b && rm /c'", 'cp /a /b && rm /c'],
    ['bash -c "pg_dump db > /d.sql"', 'pg_dump db > /d.sql'],
    ["'quoted whole'", 'quoted whole'],
    ['bash  -c x', 'bash  -c x'], // only the exact prefixes are removed, as in backupbot
    ['/bin/sh -c x', '/bin/sh -c x'],
  ])('%s → %s', (label, command) => {
    expect(hookCommand(label)).toBe(command);
  });

  it('wraps the command in bash with pipefail and splits it as docker-py splits a string command', () => {
    expect(hookArgv('mysqldump -p"$(cat /run/secrets/pw)" db > /var/lib/mysql/backup.sql', 'bash')).toEqual([
      'bash',
      '-c',
      'set -o pipefail;mysqldump -p"$(cat /run/secrets/pw)" db > /var/lib/mysql/backup.sql',
    ]);
    expect(hookArgv('echo x | tee /d', 'sh')).toEqual(['sh', '-c', 'echo x | tee /d']);
  });

  it("keeps backupbot's quirk: a single quote inside the command ends the wrapper's quoting", () => {
    expect(hookArgv("echo 'a b' > /f", 'bash')).toEqual(['bash', '-c', 'set -o pipefail;echo a', 'b > /f']);
  });
});
