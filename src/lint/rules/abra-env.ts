import { ABRA_EXPORT } from '../../recipe/recipe';
import type { Problem, Rule } from '../finding';

/** Rules about how abra reads the recipe's env files and abra.sh (docs/abra-parity.md). */
export const abraEnvRules: Rule[] = [
  {
    id: 'CC015',
    title: 'abra.sh exports abra reads',
    level: 'warn',
    check({ recipe }) {
      // The text loadRecipe read and checked: abra.sh is never read again from the checkout.
      if (recipe.abraSh === null) return { problems: [], passed: 'no abra.sh' };
      const problems: Problem[] = [];
      recipe.abraSh.split(/\r?\n/).forEach((line, i) => {
        if (!/^\s*export\s/.test(line)) return;
        const m = ABRA_EXPORT.exec(line);
        const rest = m ? line.slice(m[0].length).trim() : '';
        if (!m)
          problems.push({
            message: `"${line.trim().slice(0, 50)}": abra reads only lines like export NAME=value (at the start of the line, value a plain word), so it does not see this one; write it that way`,
            source: { file: 'abra.sh', line: i + 1 },
          });
        else if (rest)
          problems.push({
            message: `"${line.trim().slice(0, 50)}": abra may read the rest of the line after ${m[1]}=${m[2]} into the value; keep nothing after the value`,
            source: { file: 'abra.sh', line: i + 1 },
          });
      });
      return { problems, passed: 'every export in abra.sh is one abra reads' };
    },
  },
  {
    id: 'CC016',
    title: 'secret modifiers abra knows',
    level: 'warn',
    check({ secrets }) {
      const problems: Problem[] = [];
      for (const s of secrets) {
        if (s.unknownCharset)
          problems.push({
            message: `SECRET_${s.key.toUpperCase()}_VERSION: charset=${s.unknownCharset} is not one cc-ci knows abra to support; cc-ci generated it from the default charset; use default, special, safespecial or hex`,
            source: s.modifiers,
          });
        if (s.manual)
          problems.push({
            message: `SECRET_${s.key.toUpperCase()}_VERSION: generate=false, so an operator inserts ${s.key} by hand (abra app secret insert); cc-ci inserted a random value in its place`,
            source: s.modifiers,
          });
      }
      return { problems, passed: 'every secret modifier is one abra knows' };
    },
  },
  {
    id: 'CC017',
    title: 'env file values abra reads as written',
    level: 'warn',
    check({ recipe }) {
      const problems: Problem[] = [];
      for (const e of recipe.envSample.entries) {
        const raw = recipe.envSample.text.split(/\r?\n/)[e.line - 1] ?? '';
        if (/\$\{[A-Za-z_][A-Za-z0-9_]*:?[-?+]/.test(raw))
          problems.push({
            message: `${e.key}: abra's env reader does not know \${VAR:-default}: it replaces \${VAR and keeps the rest, so ${e.key} becomes "${e.value}"; set the value plainly`,
            source: { file: '.env.sample', line: e.line },
          });
        else if (/\$\{?[a-z][A-Za-z0-9_]*/.test(raw) && !/^\s*[^=]*=\s*'/.test(raw))
          problems.push({
            message: `${e.key}: abra's env reader expands only upper-case names, so $ with a lower-case name stays as written; use an upper-case variable or single quotes`,
            source: { file: '.env.sample', line: e.line },
          });
      }
      return { problems, passed: '.env.sample holds no expansion abra reads differently' };
    },
  },
];
