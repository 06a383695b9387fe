import type { RunLease, RunOwner, RunRecord, RunRegistry, RunState } from '../types';
import { DockerApi, isConflict, type ServiceInfo } from './docker-api';
import { HELPER_IMAGE } from './helper-image';
import { UserError } from '../../errors';

/**
 * Each run's record on the Docker host is a swarm service with no replicas, named after the stack
 * it owns and labelled with its owner and a heartbeat. A service because it is the one swarm
 * object whose labels can be updated in place (secrets, configs, networks and volumes are
 * immutable) and that every manager sees, whichever host the run drives the swarm from. Creating
 * it is the run's first write, so a run that dies at any later point leaves a record to reap it
 * by; the name makes a second live run on the same stack fail at once instead of sharing objects.
 */
export const RUN_LABEL = 'cc-ci.run';
const label = (field: string) => `${RUN_LABEL}.${field}`;
const recordName = (stack: string) => `ccci-run_${stack}`;
/** How often a live run refreshes its heartbeat. */
export const HEARTBEAT_MS = 30_000;
const STACK = /^[A-Za-z0-9][\w-]*$/;

function labelsOf(r: Omit<RunRecord, 'heartbeat' | 'state'>, heartbeat: Date, state: RunState): Record<string, string> {
  return {
    [RUN_LABEL]: r.stack,
    [label('domain')]: r.domain,
    [label('backend')]: r.backend,
    [label('state-dir')]: r.stateDir,
    [label('host')]: r.owner.host,
    [label('boot')]: r.owner.boot,
    [label('pid-namespace')]: r.owner.pidNamespace,
    [label('pid')]: String(r.owner.pid),
    [label('process-start')]: r.owner.processStart,
    [label('heartbeat')]: heartbeat.toISOString(),
    [label('state')]: state,
  };
}

/** A record read back; undefined for a service that only looks like one (anyone may label a service). */
export function recordOf(labels: Record<string, string>): RunRecord | undefined {
  const stack = labels[RUN_LABEL] ?? '';
  const pid = Number(labels[label('pid')]);
  const heartbeat = new Date(labels[label('heartbeat')] ?? '');
  const state = labels[label('state')];
  if (!STACK.test(stack) || !Number.isInteger(pid) || pid <= 0 || Number.isNaN(heartbeat.getTime())) return undefined;
  if (state !== 'running' && state !== 'kept' && state !== 'leftovers') return undefined;
  const owner: RunOwner = {
    host: labels[label('host')] ?? '',
    boot: labels[label('boot')] ?? '',
    pidNamespace: labels[label('pid-namespace')] ?? '',
    pid,
    processStart: labels[label('process-start')] ?? '',
  };
  return {
    stack,
    domain: labels[label('domain')] ?? '',
    backend: labels[label('backend')] ?? '',
    stateDir: labels[label('state-dir')] ?? '',
    owner,
    heartbeat,
    state,
  };
}

export class SwarmRuns implements RunRegistry {
  constructor(
    private readonly api = new DockerApi(),
    private readonly heartbeatMs = HEARTBEAT_MS,
  ) {}

  async claim(r: Omit<RunRecord, 'heartbeat' | 'state'>): Promise<RunLease> {
    const spec = {
      Name: recordName(r.stack),
      Labels: labelsOf(r, new Date(), 'running'),
      TaskTemplate: { ContainerSpec: { Image: HELPER_IMAGE, Command: ['true'] } },
      Mode: { Replicated: { Replicas: 0 } },
    };
    try {
      await this.api.call('POST', '/services/create', { body: spec });
    } catch (e) {
      if (!isConflict(e)) throw e;
      const held = await this.read(r.stack);
      const who = held ? `pid ${held.owner.pid} on ${held.owner.host}, last alive ${held.heartbeat.toISOString()}` : 'another run';
      throw new UserError(`stack ${r.stack} is held by ${who}; pick another --domain, or run cc-ci reap if that run is gone`);
    }
    let pending = Promise.resolve();
    const set = (state: RunState) => (pending = pending.then(() => this.mark(r.stack, state)).catch(() => {}));
    const beat = setInterval(() => void set('running'), this.heartbeatMs);
    beat.unref();
    const settle = async (state: RunState) => {
      clearInterval(beat);
      await pending;
      await this.mark(r.stack, state);
    };
    return {
      keep: () => settle('kept'),
      abandon: () => settle('leftovers'),
      release: async () => {
        clearInterval(beat);
        await pending;
        await this.forget(r.stack);
      },
    };
  }

  /** A new state and heartbeat on a run's record; a record already gone (reaped, forgotten) stays gone. */
  async mark(stack: string, state: RunState): Promise<void> {
    const s = await this.service(stack);
    if (!s) return;
    const Labels = { ...s.Spec.Labels, [label('heartbeat')]: new Date().toISOString(), [label('state')]: state };
    await this.api.call('POST', `/services/${s.ID}/update`, { query: { version: s.Version?.Index }, body: { ...s.Spec, Labels } });
  }

  async list(): Promise<RunRecord[]> {
    const services = await this.api.list<ServiceInfo>('services', { label: [RUN_LABEL] });
    return services.flatMap((s) => {
      const rec = recordOf(s.Spec.Labels ?? {});
      return rec && s.Spec.Name === recordName(rec.stack) ? [rec] : [];
    });
  }

  async forget(stack: string): Promise<void> {
    await this.api.call('DELETE', `/services/${encodeURIComponent(recordName(stack))}`, { ok404: true });
  }

  private async read(stack: string): Promise<RunRecord | undefined> {
    const s = await this.service(stack);
    return s && recordOf(s.Spec.Labels ?? {});
  }

  private service(stack: string): Promise<ServiceInfo | undefined> {
    return this.api.call<ServiceInfo>('GET', `/services/${encodeURIComponent(recordName(stack))}`, { ok404: true });
  }
}
