import { describe, expect, it } from 'vitest';
import { cycles, importGraph } from '../support/import-graph';
import { ROOT } from '../support/cli';

const graph = importGraph(ROOT);
/** Imports (from → to) where `from` matches one pattern and `to` the other. */
const arrows = (from: RegExp, to: RegExp) =>
  [...graph].flatMap(([f, deps]) => (from.test(f) ? deps.filter((d) => to.test(d)).map((d) => `${f} → ${d}`) : []));

describe('the import structure', () => {
  it('reads the real graph (a parser that finds nothing would pass every rule below)', () => {
    expect(graph.get('src/engine/run.ts')).toEqual(expect.arrayContaining(['src/engine/orchestrator.ts', 'src/backends/backend.ts']));
    expect(graph.size).toBeGreaterThan(100);
  });

  it('has no import cycle, type imports included', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('finds a cycle when there is one', () => {
    expect(
      cycles(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['a']],
          ['d', ['a']],
        ]),
      ),
    ).toEqual([['a', 'b', 'c']]);
  });

  it('keeps the Backend interface and its types free of engine, operations, reports and implementations', () => {
    expect(arrows(/^src\/backends\/(backend|types)\.ts$/, /./)).toEqual(['src/backends/backend.ts → src/backends/types.ts']);
  });

  it('keeps every backend below the engine: no backend imports engine, operations, overlays, reports or front ends', () => {
    expect(arrows(/^src\/backends\//, /^src\/(engine|operations|overlays|report|action|cli|entrypoints|github|lint)\//)).toEqual([]);
  });

  it('reaches backend implementations only through the registry', () => {
    expect(arrows(/^src\/(?!backends\/)/, /^src\/backends\/(swarm|abra)\//)).toEqual([]);
    expect(arrows(/^src\/backends\/swarm\//, /^src\/backends\/abra\//)).toEqual([]);
  });

  it('lets operations use the backend interface only, never Docker', () => {
    expect(arrows(/^src\/(operations|engine)\//, /^src\/backends\/(?!backend\.ts$|types\.ts$)/)).toEqual([]);
  });
});
