import { hookArgv } from '../../recipe/backupbot';
import { labelsOf, locateLabel, namedVolumes } from '../../recipe/compose-view';
import type { LintInput, Problem, Rule } from '../finding';

const HOOKS = ['backupbot.backup.pre-hook', 'backupbot.backup.post-hook', 'backupbot.restore.pre-hook', 'backupbot.restore.post-hook'];

function labelled({ compose, env }: LintInput) {
  return [...compose.services].map(([name, svc]) => ({ name, svc, labels: labelsOf(svc, env), volumes: namedVolumes(svc) }));
}

const labelAt = (input: LintInput, service: string, key: string) => locateLabel(input.compose, service, key, input.env);
const enabledOn = (labels: Record<string, string>) => labels['backupbot.backup']?.toLowerCase() === 'true';

export const backupRules: Rule[] = [
  {
    id: 'CC010',
    title: 'a backup-enabled stack has volumes to back up',
    level: 'error',
    check(input) {
      const services = labelled(input);
      const enabled = services.filter((s) => enabledOn(s.labels));
      const problems: Problem[] = [];
      if (enabled.length && !services.some((s) => s.volumes.length)) {
        problems.push({
          message: `backupbot.backup=true on ${enabled.map((s) => s.name).join(', ')}, but no service mounts a named volume, so backupbot has nothing to back up; mount the data on a volume`,
          source: labelAt(input, enabled[0]!.name, 'backupbot.backup'),
        });
      }
      return { problems, passed: 'a backup-enabled stack has volumes to back up' };
    },
  },
  {
    id: 'CC011',
    title: 'hook labels backupbot can run',
    level: 'warn',
    check(input) {
      const problems: Problem[] = [];
      for (const s of labelled(input)) {
        for (const key of HOOKS) {
          const hook = s.labels[key];
          if (!hook) continue;
          let argv: string[] | undefined;
          try {
            argv = hookArgv(hook, 'bash');
          } catch {
            problems.push({
              message: `service ${s.name}: ${key} has an unbalanced quote, so backupbot cannot split it into a command; close the quote`,
              source: labelAt(input, s.name, key),
            });
            continue;
          }
          if (argv.length > 3) {
            problems.push({
              message: `service ${s.name}: ${key} contains a single quote, which ends the 'set -o pipefail;…' quoting backupbot wraps hooks in, so only "${argv[2]}" runs; use double quotes inside the hook`,
              source: labelAt(input, s.name, key),
            });
          }
        }
      }
      return { problems, passed: 'every hook label is a command backupbot runs whole' };
    },
  },
  {
    id: 'CC018',
    title: 'backupbot labels name what the services mount',
    level: 'warn',
    check(input) {
      const services = labelled(input);
      const problems: Problem[] = [];
      for (const s of services) {
        const value = s.labels['backupbot.backup'];
        if (value !== undefined && !/^(true|false)$/i.test(value))
          problems.push({
            message: `service ${s.name}: backupbot.backup is "${value}"; write true or false`,
            source: labelAt(input, s.name, 'backupbot.backup'),
          });
        if (enabledOn(s.labels) && s.volumes.length === 0 && services.some((o) => o.volumes.length)) {
          problems.push({
            message: `service ${s.name} has backupbot.backup=true but no volume of its own (backupbot backs up the stack's other volumes); the backupbot spec asks for the label on the main service, which holds the data`,
            source: labelAt(input, s.name, 'backupbot.backup'),
          });
        }
        for (const key of Object.keys(s.labels)) {
          const m = /^backupbot\.backup\.volumes\.([^.]+)(\.path)?$/.exec(key);
          if (m && !s.volumes.some((v) => v.key === m[1]))
            problems.push({
              message: `service ${s.name}: ${key} names volume "${m[1]}", which the service does not mount, so backupbot ignores it; use the compose key of a mounted volume`,
              source: labelAt(input, s.name, key),
            });
        }
      }
      return { problems, passed: 'backupbot labels name volumes the services mount' };
    },
  },
];
