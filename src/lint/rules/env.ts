import { references } from '../../recipe/interpolate';
import type { Problem, Rule } from '../finding';

/** The sections docker's compose loader interpolates (docker/cli loader.go interpolateConfig). */
const SECTIONS = ['services', 'networks', 'volumes', 'secrets', 'configs'];

type Visit = (value: string, path: (string | number)[]) => void;

function walk(node: unknown, path: (string | number)[], visit: Visit): void {
  if (typeof node === 'string') visit(node, path);
  else if (Array.isArray(node)) node.forEach((v, i) => walk(v, [...path, i], visit));
  else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, [...path, k], visit);
}

export const envRules: Rule[] = [
  {
    id: 'CC006',
    title: 'every variable the compose files use is set',
    level: 'warn',
    check({ compose, env, recipe }) {
      const problems: Problem[] = [];
      // A key .env.sample shows commented out (`#EXTRA_DOMAINS=...`) is optional on purpose: empty by default.
      const seen = new Set(
        [...recipe.envSample.text.matchAll(/^[ \t]*#[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)=/gm)].map((m) => m[1]!),
      );
      for (const f of compose.files) {
        const data = (f.yaml.data ?? {}) as Record<string, unknown>;
        for (const section of SECTIONS) {
          walk(data[section], [section], (value, path) => {
            for (const ref of references(value)) {
              if (ref.op !== '' || Object.hasOwn(env, ref.name) || seen.has(ref.name)) continue;
              seen.add(ref.name);
              problems.push({
                message: `\${${ref.name}} has no default and .env.sample never sets ${ref.name}, so it deploys as an empty string; add ${ref.name}= to .env.sample (commented out if optional) or write \${${ref.name}:-default}`,
                source: { file: f.yaml.shown, line: f.yaml.lineOf(path) ?? f.yaml.lineOf(path.slice(0, -1)) },
              });
            }
          });
        }
      }
      return { problems, passed: 'every variable the compose files use is set by .env.sample, abra.sh or abra, or has a default' };
    },
  },
];
