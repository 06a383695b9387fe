import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  visit,
  type Document,
  type Scalar,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';

import { scanTemplate } from '../../recipe/template';
import { UserError } from '../../errors';
import { cliFlags, configDir, dockerEndpoint, type Endpoint } from './endpoint';

/**
 * `docker stack deploy` interpolates the compose files with its own process environment, so
 * handing it the app's env would let a recipe configure the docker CLI itself (DOCKER_HOST,
 * DOCKER_CONFIG, HTTPS_PROXY, GODEBUG, ...). Instead every variable reference in the files is
 * renamed to `CCCI_APP_ENV_<name>` and the app's env is passed under those names only, next to
 * cc-ci's own environment. docker still does the interpolation (its exact template rules,
 * `$$`, type casts, multi-file merge, error messages), the way abra does in-process with the
 * app's env alone; no recipe-chosen name reaches the CLI.
 */
export const APP_VAR_PREFIX = 'CCCI_APP_ENV_';

/** Renames the variable of every reference docker would substitute; escapes and invalid ones stay. */
export function renameReferences(value: string): string {
  return scanTemplate(value)
    .map((t) =>
      t.kind === 'text'
        ? t.text
        : t.kind === 'escaped'
          ? '$$'
          : t.kind === 'invalid'
            ? '$'
            : t.braced
              ? `\${${APP_VAR_PREFIX}${t.sub}}`
              : `$${APP_VAR_PREFIX}${t.sub}`,
    )
    .join('');
}

/**
 * How the docker CLI is started: on cc-ci's one endpoint (endpoint.ts) through global flags,
 * `--host` always, so neither DOCKER_* variables nor a current context can send it elsewhere, and
 * its config dir; its environment holds DOCKER_API_VERSION at most, plus, for `docker stack
 * deploy`, the app's env under renamed keys and nothing else, because docker also reads its
 * environment for `environment:` entries without a value and for `~` in bind mounts (where abra
 * reads the app env).
 */
export function stackClient(
  appEnv: Record<string, string> = {},
  endpoint: Endpoint = dockerEndpoint(),
  own: NodeJS.ProcessEnv = process.env,
): { flags: string[]; env: Record<string, string> } {
  const flags = [...cliFlags(endpoint), '--config', configDir(own)];
  const env: Record<string, string> = {};
  if (own.DOCKER_API_VERSION) env.DOCKER_API_VERSION = own.DOCKER_API_VERSION;
  for (const [k, v] of Object.entries(appEnv)) env[APP_VAR_PREFIX + k] = v;
  return { flags, env };
}

/**
 * A compose file's text with the references in its values renamed. Only the scalars that change
 * are rewritten (as double-quoted strings, which docker reads as the same string); everything
 * else, anchors, comments and number formats included, stays byte for byte. The result is checked
 * by parsing it back, so a rewrite that changed anything else is never deployed.
 *
 * docker also fills an `environment` entry without a value (`- DOMAIN`, `DOMAIN:`, `DOMAIN=`)
 * from its environment, as abra does from the app env: such entries whose key the app env has
 * get an explicit renamed reference, and docker's own environment holds no other name.
 */
export function renameInCompose(text: string, shown: string, appKeys: ReadonlySet<string> = new Set()): string {
  const doc = parseDocument(text, { merge: true });
  const edits: { from: number; to: number; text: string; node: Scalar; value: string }[] = [];
  visit(doc, {
    Scalar(key, node) {
      if (key === 'key' || typeof node.value !== 'string' || !node.range) return;
      const renamed = renameReferences(node.value);
      if (renamed !== node.value) edits.push(replacing(text, node, renamed));
    },
  });
  const fill = (k: string) => appKeys.has(k) && /^[_a-z][_a-z0-9]*$/i.test(k);
  for (const env of environments(doc)) {
    for (const item of env.items) {
      if (isScalar(item) && typeof item.value === 'string' && item.range) {
        const k = item.value.replace(/=$/, '');
        if (!k.includes('=') && fill(k)) edits.push(replacing(text, item, `${k}=\${${APP_VAR_PREFIX}${k}}`));
      } else if (
        isPair(item) &&
        isScalar(item.key) &&
        isScalar(item.value) &&
        (item.value.value === null || item.value.value === '') &&
        item.value.range
      ) {
        const k = String(item.key.value);
        if (fill(k)) edits.push(replacing(text, item.value, `\${${APP_VAR_PREFIX}${k}}`));
      }
    }
  }
  let out = text;
  for (const e of edits.sort((a, b) => b.from - a.from)) out = out.slice(0, e.from) + e.text + out.slice(e.to);
  for (const e of edits) e.node.value = e.value;
  const expected: unknown = doc.toJS({ maxAliasCount: -1 });
  if (!isDeepStrictEqual(parseDocument(out, { merge: true }).toJS({ maxAliasCount: -1 }), expected)) {
    throw new UserError(
      'cc-ci cannot isolate the variable references of this file from its own environment; simplify the YAML around the ${...} values (report this to cc-ci)',
      shown,
    );
  }
  return out;
}

/** Replaces a scalar's source with `value` double-quoted; an empty `KEY:` value gets its blank. */
function replacing(text: string, node: Scalar, value: string) {
  const [from, to] = node.range!;
  const was = text.slice(from, to);
  return { from, to, node, value, text: `${from === to ? ' ' : ''}${doubleQuoted(value)}${was.endsWith('\n') ? '\n' : ''}` };
}

/** Every services.*.environment list or map, through aliases and `<<` merges, each once. */
function environments(doc: Document): (YAMLMap | YAMLSeq)[] {
  const found = new Set<YAMLMap | YAMLSeq>();
  const deref = (n: unknown): unknown => (isAlias(n) ? n.resolve(doc) : n);
  const add = (n: unknown) => {
    const node = deref(n);
    if (!(isMap(node) || isSeq(node)) || found.has(node)) return;
    found.add(node);
    if (isMap(node))
      for (const p of node.items)
        if (isScalar(p.key) && p.key.source === '<<') (isSeq(deref(p.value)) ? (deref(p.value) as YAMLSeq).items : [p.value]).forEach(add);
  };
  const services = deref(isMap(doc.contents) ? doc.contents.get('services', true) : undefined);
  if (isMap(services))
    for (const p of services.items) {
      const svc = deref(p.value);
      if (isMap(svc)) add(svc.get('environment', true));
    }
  return [...found];
}

/** A YAML double-quoted scalar: JSON escapes, plus the characters YAML may not hold raw. */
function doubleQuoted(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\u009f\u2028\u2029\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export interface IsolatedFiles {
  /** The renamed copies (absolute paths), in COMPOSE_FILE order. */
  files: string[];
  /** Maps a copy's name back to the original, for messages. */
  shown(text: string): string;
  remove(): void;
}

/**
 * Writes the renamed copy of each compose file next to its original (docker resolves relative
 * paths from the first file's directory), under a fresh name opened exclusively, so a symlink
 * planted in the checkout cannot redirect the write.
 */
export function writeIsolated(dir: string, composeFiles: string[], appEnv: Record<string, string>): IsolatedFiles {
  const appKeys = new Set(Object.keys(appEnv));
  const tag = randomBytes(4).toString('hex');
  const written: { copy: string; original: string }[] = [];
  const remove = () => written.forEach((w) => rmSync(w.copy, { force: true }));
  try {
    for (const file of composeFiles) {
      const original = resolve(dir, file);
      const copy = join(dirname(original), `.cc-ci-${tag}-${basename(original)}`);
      writeFileSync(copy, renameInCompose(readFileSync(original, 'utf8'), relative(dir, original), appKeys), { flag: 'wx', mode: 0o600 });
      written.push({ copy, original });
    }
  } catch (e) {
    remove();
    throw e;
  }
  return {
    files: written.map((w) => w.copy),
    shown: (text) =>
      written
        .reduce((t, w) => t.split(w.copy).join(w.original).split(basename(w.copy)).join(basename(w.original)), text)
        .split(APP_VAR_PREFIX)
        .join(''),
    remove,
  };
}
