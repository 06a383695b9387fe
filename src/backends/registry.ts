import { UserError } from '../errors';
import { abraKind } from './abra/abra-backend';
import { badBackendName, isBackendName, type BackendKind, type BackendName } from './backend';
import { swarmKind } from './swarm/swarm-backend';

const KINDS: Record<BackendName, BackendKind> = { swarm: swarmKind, abra: abraKind };

/** The one place a backend is chosen (`--backend`, the `backend` input, CCCI_BACKEND, a manifest). */
export function backendKind(name: string, where = 'backend'): BackendKind {
  if (!isBackendName(name)) throw new UserError(badBackendName(name, where));
  return KINDS[name];
}
