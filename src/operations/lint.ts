import { fail, pass, type Operation } from './operation';
import { at, findingLine, type Finding } from '../lint';
import type { Assertion } from '../report/schema';

export const findingAssertion = (f: Finding): Assertion => ({
  name: `${f.rule} ${f.title}`,
  status: f.ok ? 'pass' : f.level === 'error' ? 'fail' : 'warn',
  detail: f.ok || !f.source ? f.message : `${at(f.source)}: ${f.message}`,
  ...(f.source && !f.ok ? { source: { file: f.source.file, line: f.source.line ?? null } } : {}),
});

/**
 * lint: the recipe's files against abra's lint rules (under abra's ids) and cc-ci's own, read
 * before anything is deployed. Error-level findings fail the op; warnings are reported.
 */
export const lint: Operation = {
  name: 'lint',
  needs: [],
  async run(ctx) {
    const findings = ctx.facts.findings;
    const assertions = findings.map(findingAssertion);
    const errors = findings.filter((f) => !f.ok && f.level === 'error');
    const warnings = findings.filter((f) => !f.ok && f.level === 'warn');
    const rules = (fs: Finding[]) => [...new Set(fs.map((f) => f.rule))].join(', ');
    const listed = errors.map(findingLine);
    if (errors.length)
      return fail(`${errors.length} error(s): ${listed.join('; ')}`, assertions, { reason: 'lint_failed', event: listed.join('; ') });
    const checked = new Set(findings.map((f) => f.rule)).size;
    return pass(
      warnings.length ? `${checked} rules checked; ${warnings.length} warning(s): ${rules(warnings)}` : `${checked} rules passed`,
      assertions,
    );
  },
};
