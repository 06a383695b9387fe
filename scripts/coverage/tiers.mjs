// Coverage floors by risk: a wrong line in tier 1 is a false verdict, a leaked secret or a stack of
// someone else's torn down; in tier 3 it is a message in the wrong place. Floors hold for lines
// and branches alike, per file (scripts/coverage/floors.mjs). docs/testing.md has the figures.

export const tiers = { 'tier 1': 95, 'tier 2': 85, 'tier 3': 70 };

/** Convergence verdicts, teardown scoping, the trust gate, masking, interpolation and env parsing. */
const tier1 = [
  'src/backends/swarm/converge.ts',
  'src/backends/swarm/labels.ts',
  'src/backends/swarm/teardown.ts',
  'src/engine/teardown.ts',
  'src/engine/owner.ts',
  'src/engine/masker.ts',
  'src/util/line-buffer.ts',
  'src/action/trust.ts',
  'src/github/testme.ts',
  'src/recipe/interpolate.ts',
  'src/recipe/env-file.ts',
  'src/recipe/paths.ts',
  'src/backends/swarm/stack-env.ts',
  'src/util/own-env.ts',
  'src/report/inert.ts',
];

/** Glue: the action's steps, the CLI's argument handling, the GitHub client. */
const tier3 = ['src/action/', 'src/entrypoints/', 'src/cli/', 'src/github/'];

/** Declarations only (types and interfaces, no statements) or re-export indexes: nothing to run. */
export const excluded = [
  'src/backends/types.ts',
  'src/traefik/types.ts',
  'src/traefik/index.ts',
];

/** The tier of a source file (path relative to the repository), or 'excluded'. */
export function tierOf(file) {
  if (excluded.includes(file)) return 'excluded';
  if (tier1.includes(file)) return 'tier 1';
  if (tier3.some((prefix) => file.startsWith(prefix))) return 'tier 3';
  return 'tier 2';
}
