import type { Backend, BackendKind } from '../../src/backends/backend';
import { Deployment } from '../../src/engine/deployment';
import { Masker } from '../../src/engine/masker';
import { prepare, type Prepared } from '../../src/engine/prepare';
import { OpTimeout } from '../../src/errors';
import { bundledOverlaysDir } from '../../src/util/install-dir';
import { linkedSignal } from '../../src/util/signals';
import { tempDir, uniqueDomain } from '../support/cli';

/** One app of a contract scenario: the recipe read and planned by the engine, deployed through the engine's Deployment. */
export interface ContractApp {
  prepared: Prepared;
  backend: Backend;
  deployment: Deployment;
  /** The stack's swarm name for a recipe service. */
  svc(name: string): string;
  /** Waits (at most `seconds`) for what was deployed at `since`; a timeout is a failure outcome, as in an op. */
  converge(since: Date, seconds?: number): ReturnType<Backend['waitConverged']>;
}

export async function contractApp(kind: BackendKind, recipeDir: string, prefix: string): Promise<ContractApp> {
  const prepared = await prepare({
    recipeDir,
    domain: uniqueDomain(prefix),
    ops: ['install', 'upgrade'],
    stateRoot: tempDir('cc-ci-contract-'),
    bundledOverlaysDir: bundledOverlaysDir(),
    repoLocalTrusted: true,
  });
  const { app, stateDir } = prepared;
  const backend = kind.forApp({ stack: app.stack, domain: app.domain, stateDir });
  return {
    prepared,
    backend,
    deployment: new Deployment(prepared, backend, new Masker()),
    svc: (name) => `${app.stack}_${name}`,
    async converge(since, seconds = 90) {
      const limit = linkedSignal([], seconds * 1000, () => new OpTimeout(seconds));
      try {
        return await backend.waitConverged(since, limit.signal);
      } finally {
        limit.dispose();
      }
    },
  };
}
