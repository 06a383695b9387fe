import { fail, pass, type Operation } from '../engine/operation';
import type { Prepared } from '../engine/prepare';
import type { Assertion } from '../report/schema';

type Finding = { level: 'error' | 'warn'; rule: string; ok: boolean; detail: string };

/**
 * lint: recipe conventions abra's own lint checks, read from the files and tags (no deploy).
 * Error-level rules fail the op; warning-level ones are reported as warnings.
 */
export const lint: Operation = {
  name: 'lint',
  needs: [],
  async run(ctx) {
    const findings = lintRecipe(ctx.prepared);
    const assertions: Assertion[] = findings.map((f) => ({ name: f.rule, status: f.ok ? 'pass' : f.level === 'error' ? 'fail' : 'warn', detail: f.detail }));
    const errors = findings.filter((f) => !f.ok && f.level === 'error');
    const warnings = findings.filter((f) => !f.ok && f.level === 'warn');
    if (errors.length) return fail(errors.map((e) => e.detail).join('; '), assertions, { reason: 'lint_failed' });
    return pass(warnings.length ? `${warnings.length} warning(s): ${warnings.map((w) => w.rule).join(', ')}` : `${findings.length} rules passed`, assertions);
  },
};

export function lintRecipe(p: Prepared): Finding[] {
  const compose = p.headPlan.compose;
  const services = [...compose.services.entries()];
  const main = compose.files[0]!.yaml.data as { version?: unknown };
  const where = (s: { file: string; line?: number }) => `${s.file}${s.line ? `:${s.line}` : ''}`;
  const list = (xs: string[]) => xs.join(', ');
  const noHealth = services.filter(([n]) => !compose.files.some((f) => (f.yaml.data as { services?: Record<string, { healthcheck?: unknown }> }).services?.[n]?.healthcheck));
  const noImage = services.filter(([, s]) => !s.image);
  const untagged = services.filter(([, s]) => s.image && !/:[^/]+$/.test(s.image) && !s.image.includes('@'));
  const latest = services.filter(([, s]) => s.image?.endsWith(':latest'));
  const traefik = services.some(([, s]) => String(s.labels['traefik.enable']).toLowerCase() === 'true');
  const unversionedConfigs = [...compose.configs.values()].filter((c) => !c.external && !/\$\{?[A-Z0-9_]*VERSION\}?/.test(c.nameTemplate ?? ''));
  const missingVersions = [...compose.configs.values()]
    .flatMap((c) => [...(c.nameTemplate ?? '').matchAll(/\$\{?([A-Z0-9_]*_VERSION)\}?/g)].map((m) => m[1]!))
    .filter((v) => !(v in p.head.abraExports) && !(v in p.head.envSample.values));
  const lightweight = p.git.releases.filter((r) => !r.annotated).map((r) => r.tag);
  return [
    { level: 'error', rule: 'app service', ok: compose.services.has('app'), detail: compose.services.has('app') ? 'a service named app' : 'no service is named "app"; abra expects the main service to be called app' },
    { level: 'error', rule: 'images', ok: noImage.length === 0, detail: noImage.length ? `no image for ${list(noImage.map(([n, s]) => `${n} (${where(s)})`))}` : 'every service has an image' },
    { level: 'error', rule: 'traefik', ok: traefik, detail: traefik ? 'a service has traefik.enable=true' : 'no service sets traefik.enable=true in deploy.labels' },
    {
      level: 'error',
      rule: 'config versions',
      ok: unversionedConfigs.length + missingVersions.length === 0,
      detail: unversionedConfigs.length
        ? `config(s) ${list(unversionedConfigs.map((c) => `${c.key} (${where(c)})`))} have no _VERSION in their name; swarm configs are immutable, so name them \${STACK_NAME}_<name>_\${<NAME>_VERSION}`
        : missingVersions.length
          ? `${list([...new Set(missingVersions)])} not exported in abra.sh; add export <NAME>_VERSION=v1`
          : 'configs are versioned in abra.sh',
    },
    { level: 'error', rule: 'annotated tags', ok: lightweight.length === 0, detail: lightweight.length ? `lightweight release tag(s) ${list(lightweight)}; recreate them with git tag -a` : 'release tags are annotated' },
    { level: 'warn', rule: 'compose version', ok: main.version === '3.8', detail: main.version === '3.8' ? 'version "3.8"' : `compose.yml version is ${JSON.stringify(main.version ?? 'unset')}; abra expects "3.8"` },
    { level: 'warn', rule: 'healthchecks', ok: noHealth.length === 0, detail: noHealth.length ? `no healthcheck for ${list(noHealth.map(([n]) => n))}` : 'every service has a healthcheck' },
    { level: 'warn', rule: 'image tags', ok: untagged.length + latest.length === 0, detail: untagged.length + latest.length ? `pin a version tag for ${list([...untagged, ...latest].map(([n, s]) => `${n} (${s.image})`))}` : 'images are pinned to tags' },
    { level: 'warn', rule: 'version tags', ok: p.git.others.length === 0, detail: p.git.others.length ? `tags that are not versions: ${list(p.git.others)}` : 'tags are versions' },
  ];
}
