import type { BackendKind } from '../../../src/backends/backend';
import { FakeBackend, fakeKind, type FakeScript } from '../../support/fake-backend';
import type { ContractHarness, Scenario } from '../scenarios';

/**
 * The in-memory fake, scripted to answer as the swarm does: it checks the scenarios' shape (they
 * speak only the Backend interface, and the fake plays every outcome the engine's unit tests use).
 */
export const fakeHarness: ContractHarness = {
  name: 'fake',
  kindFor: (scenario) => scripted(scenario),
  leftovers: (b) => {
    const f = b as FakeBackend;
    return [
      ...f.deployed.map((s) => `service ${s.swarmName}`),
      ...[...f.volumeData.keys()].map((v) => `volume ${v}`),
      ...[...f.secrets.keys()].map((s) => `secret ${s}`),
    ];
  },
  convergeSeconds: 5,
};

function scripted(scenario: Scenario): BackendKind {
  const box: { kind?: ReturnType<typeof fakeKind> } = {};
  const app = () => box.kind!.apps.at(-1)!;
  const script: FakeScript = {
    http: () => ({ status: 200, headers: {}, body: '<h1>cc-ci fixture web v1</h1>\n' }),
    logs: ['db: ready for connections'],
    exec: (service, argv) => {
      const host = `${service.slice(-12)}\n`;
      if (argv[0] === 'hostname') return { code: 0, output: host };
      if (argv.join(' ') === 'sh -c hostname > /var/lib/db/hook-ran-in') {
        app().volumeData.get(`${app().target.stack}_db`)!.set('hook-ran-in', host);
        return { code: 0, output: '' };
      }
      if (argv[2] === 'echo out; echo err >&2; exit 4') return { code: 4, output: 'out\nerr\n' };
      return { code: 127, output: `${argv[0]}: not found` };
    },
  };
  if (scenario === 'a failing task is a crash loop with exit code and last lines') {
    script.converge = (_, stack) => ({
      ok: false,
      failure: { kind: 'task-failed', service: `${stack}_app`, message: 'task failed: non-zero exit (3)', exitCode: 3 },
    });
    script.diagnosis = { exitCode: 3, lines: ['fatal: config file /etc/app.conf missing'] };
  }
  if (scenario === 'a broken upgrade is caught') {
    script.converge = (deploy, stack) =>
      deploy === 0
        ? { ok: true, detail: 'app 1/1' }
        : { ok: false, failure: { kind: 'rolled-back', service: `${stack}_app`, message: 'update rolled back' } };
  }
  box.kind = fakeKind(script);
  return box.kind;
}
