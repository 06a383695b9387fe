import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { readYamlFile, type YamlFile } from '../util/yaml-file';
import { interpolate } from './interpolate';
import { checkVolumeName, containedFile, MAX_DATA_BYTES, MAX_TEXT_BYTES } from './paths';
import type { SourcePos } from './source-pos';
import { InterpolationError, UserError } from '../errors';

export type { SourcePos } from './source-pos';

/** What a compose file says of a service, before interpolation (later files override earlier ones). */
export interface ServiceSpec extends SourcePos {
  image?: string;
  /** deploy.labels, from the list or the map form. */
  labels: Record<string, string>;
  /** The service's keys merged across the files (maps merge key by key, later files win). */
  raw: Record<string, unknown>;
}

export interface NamedResource extends SourcePos {
  key: string;
  /** The `name:` template as written (still to be interpolated), if the file sets one. */
  nameTemplate?: string;
  external: boolean;
}

/** The compose files an app deploys with (COMPOSE_FILE), parsed with positions. */
export interface ComposeSet {
  files: { path: string; yaml: YamlFile }[];
  services: Map<string, ServiceSpec>;
  secrets: Map<string, NamedResource>;
  configs: Map<string, NamedResource>;
  /** Top-level networks and volumes, merged across the files. */
  networks: Map<string, Record<string, unknown>>;
  volumes: Map<string, Record<string, unknown>>;
}

export const asRecord = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** A scalar's text; '' for a map or list where compose takes a scalar (never `[object Object]`). */
export const scalarText = (v: unknown): string =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' ? String(v) : '';

/**
 * Loads the colon-separated COMPOSE_FILE list relative to the recipe dir. `listedAt` is where the
 * list came from, so a missing file is reported against the line that names it. With `env` (the
 * deploy env), the files and volume names the compose files hold are checked too (checkComposeRefs).
 */
export function loadComposeSet(
  dir: string,
  composeFile: string,
  listedAt: SourcePos,
  extra: { path: string; shown: string }[] = [],
  env?: Record<string, string>,
): ComposeSet {
  const names = composeFile
    .split(':')
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length === 0) throw new UserError('COMPOSE_FILE is empty; set it to "compose.yml"', listedAt.file, listedAt.line);
  const set: ComposeSet = {
    files: [],
    services: new Map(),
    secrets: new Map(),
    configs: new Map(),
    networks: new Map(),
    volumes: new Map(),
  };
  for (const name of names) {
    if (!containedFile(dir, name, { what: 'COMPOSE_FILE entry', at: listedAt, maxBytes: MAX_TEXT_BYTES, optional: true })) {
      throw new UserError(
        `COMPOSE_FILE names ${name}, which does not exist in the recipe; add it or remove it from the list`,
        listedAt.file,
        listedAt.line,
      );
    }
  }
  for (const { path, shown: name } of [...names.map((n) => ({ path: join(dir, n), shown: n })), ...extra]) {
    const yaml = readYamlFile(path, name);
    const top = asRecord(yaml.data);
    if (!yaml.data || typeof yaml.data !== 'object' || Array.isArray(yaml.data)) {
      throw new UserError(
        'a compose file must be a YAML mapping with a "services" key; start it with services: and one key per service',
        name,
        1,
      );
    }
    set.files.push({ path, yaml });
    for (const [svc, raw] of Object.entries(asRecord(top.services))) {
      const spec = asRecord(raw);
      const prev = set.services.get(svc);
      set.services.set(svc, {
        file: prev?.file ?? name,
        line: prev ? prev.line : yaml.lineOf(['services', svc]),
        image: typeof spec.image === 'string' ? spec.image : prev?.image,
        labels: { ...prev?.labels, ...labelMap(asRecord(spec.deploy).labels) },
        raw: deepMerge(prev?.raw ?? {}, spec),
      });
    }
    for (const [kind, into] of [
      ['networks', set.networks],
      ['volumes', set.volumes],
    ] as const) {
      for (const [key, raw] of Object.entries(asRecord(top[kind]))) into.set(key, deepMerge(into.get(key) ?? {}, asRecord(raw)));
    }
    for (const [kind, into] of [
      ['secrets', set.secrets],
      ['configs', set.configs],
    ] as const) {
      for (const [key, raw] of Object.entries(asRecord(top[kind]))) {
        const spec = asRecord(raw);
        const prev = into.get(key);
        into.set(key, {
          key,
          file: name,
          line: yaml.lineOf([kind, key]),
          nameTemplate: typeof spec.name === 'string' ? spec.name : prev?.nameTemplate,
          external: spec.external === true || spec.external === 'true' || (prev?.external ?? false),
        });
      }
    }
  }
  if (set.services.size === 0)
    throw new UserError('no services are defined; add one under services:, e.g. app: with an image:', names[0], 1);
  if (env) checkComposeRefs(set, dir, env);
  return set;
}

/**
 * The files the compose files hand to Docker (configs.*.file, secrets.*.file, services' env_file)
 * must be regular files inside the recipe, and volume names must be names, not host paths. Paths
 * are interpolated with `env` as the deploy would, and relative to the first compose file's
 * directory, as docker stack deploy reads them. An unset variable counts as empty, as in the
 * deploy (so `${UNSET}/proc/self/environ` is refused); only a value whose interpolation fails (a
 * `${X:?}` that install_steps.sh sets) is skipped: docker refuses it too while X is unset. A
 * missing file is left to docker, which names it.
 */
function checkComposeRefs(set: ComposeSet, dir: string, env: Record<string, string>): void {
  const base = dirname(set.files[0]!.path);
  const value = (text: string) => {
    try {
      return interpolate(text, env);
    } catch (e) {
      if (e instanceof InterpolationError) return undefined;
      throw e;
    }
  };
  const check = (written: unknown, what: string, at: SourcePos, maxBytes: number) => {
    if (typeof written !== 'string') return;
    const rel = value(written);
    if (rel !== undefined) containedFile(dir, rel, { what, at, base, written, maxBytes, optional: true });
  };
  for (const { yaml } of set.files) {
    const top = asRecord(yaml.data);
    const at = (path: (string | number)[]) => ({ file: yaml.shown, line: yaml.lineOf(path) });
    for (const kind of ['configs', 'secrets'] as const) {
      for (const [key, raw] of Object.entries(asRecord(top[kind])))
        check(asRecord(raw).file, `${kind}.${key}.file`, at([kind, key, 'file']), MAX_DATA_BYTES);
    }
    for (const [svc, raw] of Object.entries(asRecord(top.services))) {
      const envFile = asRecord(raw).env_file;
      const list = Array.isArray(envFile) ? envFile : [envFile];
      list.forEach((entry, i) => {
        const path = Array.isArray(envFile) ? ['services', svc, 'env_file', i] : ['services', svc, 'env_file'];
        check(typeof entry === 'string' ? entry : asRecord(entry).path, `services.${svc}.env_file`, at(path), MAX_TEXT_BYTES);
      });
    }
  }
  // The name Docker gives the volume: `name:` (or the legacy external.name) interpolated, else
  // the key, scoped to the stack unless external.
  for (const [key, spec] of set.volumes) {
    const field = typeof spec.name === 'string' ? 'name' : typeof asRecord(spec.external).name === 'string' ? 'external.name' : undefined;
    const at = (field && locate(set, ['volumes', key, ...field.split('.')])) ||
      locate(set, ['volumes', key]) || { file: set.files[0]!.yaml.shown };
    const name = field
      ? value(String(field === 'name' ? spec.name : asRecord(spec.external).name))
      : isExternal(spec)
        ? key
        : `${env.STACK_NAME}_${key}`;
    if (name !== undefined) checkVolumeName(name, field ? `volumes.${key}.${field}` : `volume ${key}, named`, at);
  }
}

/** Where the last file that sets `path` sets it (later files override earlier ones). */
export function locate(set: ComposeSet, path: (string | number)[]): SourcePos | undefined {
  for (const f of [...set.files].reverse()) {
    const line = f.yaml.lineOf(path);
    if (line !== undefined) return { file: f.yaml.shown, line };
  }
  return undefined;
}

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] = isMapping(prev) && isMapping(v) ? deepMerge(prev, v) : v;
  }
  return out;
}

const isMapping = (v: unknown): v is Record<string, unknown> => Boolean(v) && typeof v === 'object' && !Array.isArray(v);

/** `external: true` (or the legacy `external: {name: x}`) on a top-level network, volume, secret or config. */
export const isExternal = (spec: Record<string, unknown>) =>
  spec.external === true || spec.external === 'true' || Boolean(asRecord(spec.external).name);

/** The names a service's `networks:`/`secrets:`/`configs:` refer to: list (short or long form) or map. */
export const serviceRefs = (v: unknown): string[] =>
  (Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : scalarText(asRecord(x).source))) : Object.keys(asRecord(v))).filter(
    Boolean,
  );

function labelMap(labels: unknown): Record<string, string> {
  if (Array.isArray(labels)) {
    const pairs = labels
      .filter((l): l is string => typeof l === 'string')
      .map((l): [string, string] => (l.includes('=') ? [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] : [l, '']));
    return Object.fromEntries(pairs);
  }
  return Object.fromEntries(Object.entries(asRecord(labels)).map(([k, v]) => [k, String(v)]));
}

/**
 * A recipe is backup-capable when any of its compose files carries a backupbot.backup label.
 * Only regular files inside the recipe are read: a compose.x.yml linked to /dev/zero never is.
 */
export function hasBackupLabels(dir: string): boolean {
  return readdirSync(dir)
    .filter((f) => /^compose(\..+)?\.ya?ml$/.test(f))
    .some((f) => {
      let real: string | undefined;
      try {
        real = containedFile(dir, f, { at: { file: f }, maxBytes: MAX_TEXT_BYTES, optional: true });
      } catch (e) {
        if (e instanceof UserError) return false;
        throw e;
      }
      return real !== undefined && /backupbot\.backup/.test(readFileSync(real, 'utf8'));
    });
}
