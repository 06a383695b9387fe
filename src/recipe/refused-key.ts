import { DeployRejected } from '../errors';
import type { ComposeSet } from './compose';
import type { SourcePos } from './source-pos';

/**
 * What docker's compose loader (docker/cli cli/compose/loader and schema, which abra vendors)
 * says when it refuses a file names the key by its dotted path: `<field> <description>` from the
 * JSON schema check (`services.app.deploy Additional property lables is not allowed`, `... must be
 * a integer`, `... Does not match format 'ports'`, `(root)` for the top level), and `invalid
 * interpolation format for <field>: ...` from interpolation. The path is found in the compose
 * file that holds it, so the refusal names the file and line to fix.
 */
const REFUSALS: { re: RegExp; fix: (m: RegExpExecArray) => string; key?: (m: RegExpExecArray) => string }[] = [
  {
    re: /(\S+) Additional property (\S+) is not allowed/,
    key: (m) => m[2]!,
    fix: (m) => `"${m[2]}" is not a key the compose file format allows there; fix its spelling or remove it`,
  },
  {
    re: /invalid interpolation format for (\S+?):? "?required variable (\w+)/,
    fix: (m) => `set ${m[2]} in .env.sample, or in install_steps.sh when it is generated`,
  },
  { re: /invalid interpolation format for (\S+?):/, fix: () => 'write $$ for a literal $, and ${NAME} or ${NAME:-default} for a variable' },
  { re: /(\S+) must be a ([\w ,]+)/, fix: (m) => `write it as a ${m[2]!.trim()}` },
  { re: /(\S+) Does not match format '(\w+)'/, fix: (m) => `write it in the compose file's ${m[2]} format` },
];

/** docker's own advice after an interpolation error, which cc-ci's fix replaces (a required variable needs no escaping). */
const ESCAPE_ADVICE = /; you may need to escape any \$ with another \$$/;

/**
 * The refusal, prefixed with the file and line it is about and a fix, when docker's message names
 * a key; `shown` names a compose file as the maintainer finds it (a release's, shownIn).
 */
export function locateRefusal(e: DeployRejected, compose: ComposeSet, shown: (file: string) => string = (f) => f): DeployRejected {
  for (const r of REFUSALS) {
    const m = r.re.exec(e.message);
    if (!m) continue;
    const field = m[1]! === '(root)' ? [] : m[1]!.split('.');
    const found = findDotted(compose, r.key ? [...field, r.key(m)] : field) ?? findDotted(compose, field);
    if (!found) return e;
    const at = { ...found, file: shown(found.file) };
    return new DeployRejected(`${at.file}:${at.line}: ${e.message.replace(ESCAPE_ADVICE, '')}; ${r.fix(m)}`, e.lines, at);
  }
  return e;
}

/**
 * The first compose file where the dotted path exists, with the line of its last key. A key may
 * itself hold dots (`traefik.enable` in a labels mapping): the longest key that fits is taken.
 */
function findDotted(compose: ComposeSet, segments: string[]): SourcePos | undefined {
  for (const { yaml } of compose.files) {
    const keys = keysOf(yaml.data, segments);
    const line = keys && yaml.lineOf(keys);
    if (line !== undefined) return { file: yaml.shown, line };
  }
  return undefined;
}

/** The YAML keys a dotted path stands for in `data`, or undefined when it is not there. */
function keysOf(data: unknown, segments: string[]): (string | number)[] | undefined {
  const keys: (string | number)[] = [];
  let node = data;
  for (let i = 0; i < segments.length;) {
    const seg = segments[i]!;
    if (Array.isArray(node)) {
      // docker 20.10 names a list item `[]`: the list's own line is as close as it gets.
      if (seg === '[]') return keys;
      if (!/^\d+$/.test(seg)) return undefined;
      keys.push(Number(seg));
      node = node[Number(seg)];
      i++;
      continue;
    }
    if (!node || typeof node !== 'object') return undefined;
    const map = node as Record<string, unknown>;
    let j = segments.length;
    while (j > i && !Object.hasOwn(map, segments.slice(i, j).join('.'))) j--;
    if (j === i) return undefined;
    const key = segments.slice(i, j).join('.');
    keys.push(key);
    node = map[key];
    i = j;
  }
  return keys;
}
