import { UserError } from '../errors';
import { abraKind } from './abra/abra-backend';
import { BACKEND_NAMES, isBackendName, type BackendKind, type BackendName } from './backend';
import { swarmKind } from './swarm/swarm-backend';

const KINDS: Record<BackendName, BackendKind> = { swarm: swarmKind, abra: abraKind };

/** The one place a backend is chosen (`--backend`, the `backend` input, CCCI_BACKEND, a manifest). */
export function backendKind(name: string, where = 'backend'): BackendKind {
  if (!isBackendName(name)) throw new UserError(`${where} must be ${BACKEND_NAMES.join(' or ')}, not "${name}"`);
  return KINDS[name];
}
