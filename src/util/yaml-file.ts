import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isMap, isSeq, isScalar, visit, type Document, type Node } from 'yaml';
import { UserError } from '../errors';

export interface YamlFile {
  /** Path as shown to the user (relative to the recipe or overlay root). */
  shown: string;
  doc: Document;
  data: unknown;
  /** 1-based line of the key (or item) at `path`, or undefined when it is not in the file. */
  lineOf(path: readonly (string | number)[]): number | undefined;
}

/**
 * Parses YAML keeping source positions, so errors and annotations can name file and line.
 * `<<` merge keys are applied as docker's YAML reader applies them (compose files use anchors
 * and `<<: *defaults` for shared service settings).
 */
export function parseYamlFile(shown: string, text: string): YamlFile {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true, prettyErrors: false, merge: true });
  const first = doc.errors[0];
  if (first) {
    const line = counter.linePos(first.pos[0]).line;
    throw new UserError(`invalid YAML: ${first.message.split('\n')[0]}; fix the syntax`, shown, line);
  }
  const lineAt = (offset: number | undefined) => (offset === undefined ? undefined : counter.linePos(offset).line);
  // An explicit tag (`!!binary`, `!custom`) is read differently by this parser and docker's Go
  // one (this one leaves !!binary as base64 text), so what cc-ci checks would not be what deploys.
  visit(doc, {
    Node(_key, node) {
      if (node.tag)
        throw new UserError(
          `YAML tag ${node.tag.replace('tag:yaml.org,2002:', '!!')} is not supported; write the value without a tag`,
          shown,
          lineAt(node.range?.[0]),
        );
    },
  });
  return {
    shown,
    doc,
    data: toData(doc, shown, lineAt),
    lineOf(path) {
      let node: unknown = doc.contents;
      let line: number | undefined = lineAt((node as Node | null)?.range?.[0]);
      for (const key of path) {
        if (isMap(node)) {
          const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) == key);
          if (!pair) return undefined;
          line = lineAt((pair.key as Node | null)?.range?.[0]);
          node = pair.value;
        } else if (isSeq(node) && typeof key === 'number') {
          node = node.items[key];
          line = lineAt((node as Node | null)?.range?.[0]);
        } else return undefined;
      }
      return line;
    },
  };
}

/** Aliases may expand to at most this many nodes: real recipes use a few; a billion-laughs file would take the memory. */
const MAX_ALIAS_COUNT = 1000;

function toData(doc: Document, shown: string, lineAt: (offset: number | undefined) => number | undefined): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    // Anything else toJS refuses (`<<: 5`: "Merge sources must be maps or map aliases") is the
    // file's mistake too, reported as one, not as an internal error of cc-ci.
    if (!(e instanceof ReferenceError) || !/alias/i.test(e.message))
      throw new UserError(`invalid YAML: ${(e as Error).message.split('\n')[0]}; fix the file`, shown);
    let first: number | undefined;
    visit(doc, {
      Alias(_key, node) {
        first = node.range?.[0];
        return visit.BREAK;
      },
    });
    throw new UserError(
      `its aliases (*name) expand to more than ${MAX_ALIAS_COUNT} nodes, which only an alias bomb needs; repeat the values, or alias each anchor once`,
      shown,
      lineAt(first),
    );
  }
}

export function readYamlFile(path: string, shown: string): YamlFile {
  return parseYamlFile(shown, readFileSync(path, 'utf8'));
}
