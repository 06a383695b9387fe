import { describe, expect, it } from 'vitest';
import { renameReferences } from '../../src/backends/swarm/stack-env';
import { interpolate, references } from '../../src/recipe/interpolate';

/** docker/cli's pattern itself (template.go), the reference the hand scanner must agree with. */
const DOCKER = /\$(?:(\$)|([_a-z][_a-z0-9]*(?::?[-?][^}]*)?)|\{([_a-z][_a-z0-9]*(?::?[-?][^}]*)?)\}|())/gi;
const byRegex = (s: string) =>
  s.replace(DOCKER, (m: string, esc?: string, named?: string, braced?: string) =>
    esc ? m : named ? `$P_${named}` : braced ? `\${P_${braced}}` : m,
  );

describe('the template scanner reads values exactly as docker/cli template.go', () => {
  it("agrees with docker's regexp on 20,000 random values", () => {
    const alphabet = ['$', '$', '{', '}', 'a', 'B', '_', ':', '-', '?', '1', ' ', '\n'];
    let seed = 42;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
    for (let i = 0; i < 20_000; i++) {
      const s = Array.from({ length: 1 + rand(14) }, () => alphabet[rand(alphabet.length)]).join('');
      expect(renameReferences(s).replaceAll('CCCI_APP_ENV_', 'P_'), JSON.stringify(s)).toBe(byRegex(s));
    }
  });

  it('stays linear on a value that makes the regexp quadratic', () => {
    const hostile = '${a-'.repeat(250_000); // 1 MB, no closing brace: the regexp rescans to the end from each `${`
    const started = Date.now();
    expect(references(hostile)).toHaveLength(0);
    expect(renameReferences(hostile)).toBe(hostile);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("looks names up in the env's own keys only", () => {
    expect(interpolate('${constructor}/:/host', {})).toBe('/:/host');
    expect(interpolate('${toString:-bind}|$hasOwnProperty|${__proto__-x}', { A: '1' })).toBe('bind||x');
  });
});
