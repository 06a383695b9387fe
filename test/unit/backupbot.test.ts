import { describe, expect, it } from 'vitest';
import { backupTargets, type DeployedService } from '../../src/recipe/backupbot';

const svc = (name: string, labels: Record<string, string>, mounts: [string, string][]): DeployedService => ({
  name,
  swarmName: `st_${name}`,
  image: 'x:1',
  labels,
  mounts: mounts.map(([volume, target]) => ({ volume, target })),
  replicas: 1,
});

describe('backupTargets (backupbot label semantics)', () => {
  it('backs up every volume of an enabled service, with its hooks', () => {
    const { targets, problems } = backupTargets(
      [
        svc('db', { 'backupbot.backup': 'true', 'backupbot.backup.pre-hook': 'dump', 'backupbot.restore.post-hook': 'load' }, [['st_db_data', '/var/lib/db'], ['st_logs', '/logs']]),
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
    ]);
  });

  it('honours volumes.<vol>=false and volumes.<vol>.path lists', () => {
    const labels = { 'backupbot.backup': 'True', 'backupbot.backup.volumes.logs': 'false', 'backupbot.backup.volumes.db_data.path': 'backup.sql, /dumps/' };
    const { targets } = backupTargets([svc('db', labels, [['st_db_data', '/var/lib/db'], ['st_logs', '/logs']])], 'st');
    expect(targets[0]!.volumes).toEqual([{ key: 'db_data', volume: 'st_db_data', paths: ['backup.sql', 'dumps'] }]);
  });

  it('maps the legacy backupbot.backup.path onto the volumes the paths lie on', () => {
    const labels = { 'backupbot.backup': 'true', 'backupbot.backup.path': '/usr/share/nginx/html,/data/uploads' };
    const { targets, problems } = backupTargets([svc('app', labels, [['st_html', '/usr/share/nginx/html'], ['st_data', '/data']])], 'st');
    expect(problems).toEqual([]);
    expect(targets[0]!.volumes).toEqual([
      { key: 'html', volume: 'st_html', paths: null },
      { key: 'data', volume: 'st_data', paths: ['uploads'] },
    ]);
  });

  it('reports paths that are not on a volume, leave it, or a service with nothing to back up', () => {
    expect(backupTargets([svc('app', { 'backupbot.backup': 'true', 'backupbot.backup.path': '/etc/app' }, [['st_d', '/data']])], 'st').problems).toEqual([
      'app: backupbot.backup.path /etc/app is not on a volume of the service; mount a volume there',
    ]);
    expect(backupTargets([svc('app', { 'backupbot.backup': 'true', 'backupbot.backup.volumes.d.path': '../etc' }, [['st_d', '/data']])], 'st').problems[0]).toMatch(/leaves the volume/);
    expect(backupTargets([svc('app', { 'backupbot.backup': 'true' }, [])], 'st').problems[0]).toMatch(/no volume of the service is backed up/);
  });

  it('ignores services where backupbot.backup is not true', () => {
    expect(backupTargets([svc('app', { 'backupbot.backup': 'false' }, [['st_d', '/d']])], 'st').targets).toEqual([]);
  });
});
