import { z } from 'zod';

/**
 * results.json (`cc-ci/results@1`). This zod schema is its one definition: the engine produces a
 * value of this type and every consumer (CLI table, job summary, annotations, PR comment, matrix
 * report) renders from a parsed one.
 */
export const SCHEMA_ID = 'cc-ci/results@1';

export const OP_NAMES = ['lint', 'install', 'upgrade', 'backup', 'restore', 'custom'] as const;
export const OpName = z.enum(OP_NAMES);
export type OpName = z.infer<typeof OpName>;

export const OpStatus = z.enum(['pass', 'fail', 'skip', 'blocked']);
export type OpStatus = z.infer<typeof OpStatus>;

export const SourcePos = z.object({ file: z.string(), line: z.number().int().nullable() });

export const Assertion = z.object({
  name: z.string(),
  /** warn: a finding that does not fail the op (lint's warning-level rules). */
  status: z.enum(['pass', 'fail', 'warn', 'skip']),
  detail: z.string(),
  /** The recipe file and line the assertion is about (lint findings), for annotations. */
  source: SourcePos.optional(),
});
export type Assertion = z.infer<typeof Assertion>;

/** Closed set of failure reasons; every one has a hint (report/hints.ts). */
export const FAILURE_REASONS = [
  'image_missing',
  'crash_loop',
  'unhealthy',
  'oom_killed',
  'update_paused',
  'rolled_back',
  'secret_or_config_missing',
  'port_in_use',
  'not_serving',
  'timeout',
  'hook_failed',
  'test_failed',
  'deploy_rejected',
  'network_unusable',
  'compose_invalid',
  'upgrade_incomplete',
  'backup_incomplete',
  'restore_mismatch',
  'data_lost',
  'lint_failed',
  'interrupted',
  'unknown',
] as const;
export const FailureReason = z.enum(FAILURE_REASONS);
export type FailureReason = z.infer<typeof FailureReason>;

export const Autopsy = z.object({
  kind: z.literal('failure_autopsy'),
  op: OpName,
  service: z.string().nullable(),
  reason: FailureReason,
  exit_code: z.number().int().nullable(),
  event: z.string(),
  last_lines: z.array(z.string()).max(200),
  hint: z.string(),
});
export type Autopsy = z.infer<typeof Autopsy>;

/** One in-place move of an upgrade path: `from` a release tag, `to` the next one or `head`. */
export const UpgradeHop = z.object({
  from: z.string(),
  to: z.string(),
  status: z.enum(['pass', 'fail', 'skip']),
  durationMs: z.number().int().nonnegative(),
  detail: z.string(),
});
export type UpgradeHop = z.infer<typeof UpgradeHop>;

export const OpResult = z.object({
  op: OpName,
  status: OpStatus,
  reason: z.string(),
  durationMs: z.number().int().nonnegative(),
  assertions: z.array(Assertion),
  autopsy: Autopsy.nullable(),
  /** The upgrade op's hops, oldest first (one for a single upgrade); absent on other ops. */
  hops: z.array(UpgradeHop).optional(),
});
export type OpResult = z.infer<typeof OpResult>;

export const CustomizationItem = z.object({
  item: z.string(),
  source: z.enum(['repo-local', 'bundled', 'built-in']),
  path: z.string().nullable(),
  used: z.boolean(),
  note: z.string().optional(),
});
export type CustomizationItem = z.infer<typeof CustomizationItem>;

export const TeardownStrategy = z.enum(['always', 'on-success', 'never']);
export type TeardownStrategy = z.infer<typeof TeardownStrategy>;

export const Teardown = z.object({
  strategy: TeardownStrategy,
  status: z.enum(['done', 'kept', 'failed', 'pending']),
  leftovers: z.array(z.string()),
  detail: z.string().optional(),
});
export type Teardown = z.infer<typeof Teardown>;

export const Release = z.object({ version: z.string(), ref: z.string() });

/** Something the recipe reaches in the host (a bind mount, capabilities, ...), at its compose line. */
export const HostAccess = z.object({ service: z.string(), what: z.string(), file: z.string(), line: z.number().int().nullable() });
export type HostAccess = z.infer<typeof HostAccess>;

export const Results = z.object({
  schema: z.literal(SCHEMA_ID),
  recipe: z.string(),
  backend: z.enum(['swarm', 'abra']),
  domain: z.string(),
  stack: z.string(),
  base: Release.nullable(),
  head: z.object({ version: z.string().nullable(), ref: z.string() }),
  deployCount: z.number().int().nonnegative(),
  status: z.enum(['pass', 'fail']),
  ops: z.array(OpResult),
  customization: z.array(CustomizationItem),
  /** Listed on every run: what reaches past the containers into the host (docs/security.md). */
  hostAccess: z.array(HostAccess).default([]),
  teardown: Teardown,
  /** Where each service of head's compose files is defined (file relative to the recipe), for annotations. */
  sources: z.record(z.string(), SourcePos),
  startedAt: z.string(),
  durationMs: z.number().int().nonnegative(),
  /** Wall time spent waiting on Docker and the app; durationMs minus this is cc-ci's own overhead. */
  dockerWaitMs: z.number().int().nonnegative(),
});
export type Results = z.infer<typeof Results>;
