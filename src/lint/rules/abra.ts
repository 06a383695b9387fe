import { STACK_NAME_MAX } from '../../recipe/app';
import { locate } from '../../recipe/compose';
import { interpolated } from '../../recipe/compose-view';
import type { LintInput, Problem, Rule } from '../finding';

/** Each service's image as deployed (interpolated with the app env), for the image-tag rules. */
const images = ({ compose, env }: LintInput) =>
  [...compose.services]
    .filter(([, s]) => s.image)
    .map(([name, s]) => ({ name, image: interpolated(s.image!, env), source: locate(compose, ['services', name, 'image']) }));

/**
 * Rules `abra recipe lint` has, under abra's own ids (docs/lint.md cites abra's rule table).
 * Each checks what abra checks, read from the same files.
 */
export const abraRules: Rule[] = [
  {
    id: 'R001',
    title: 'compose config has expected version',
    level: 'warn',
    check({ compose }) {
      const first = compose.files[0]!;
      const version = (first.yaml.data as { version?: unknown }).version;
      const problems: Problem[] =
        version === '3.8'
          ? []
          : [
              {
                message: `${first.yaml.shown} has version ${JSON.stringify(version ?? 'unset')}; abra expects version: "3.8"`,
                source: { file: first.yaml.shown, line: first.yaml.lineOf(['version']) ?? 1 },
              },
            ];
      return { problems, passed: 'version "3.8"' };
    },
  },
  {
    id: 'R002',
    title: 'healthcheck enabled for all services',
    level: 'warn',
    check({ compose }) {
      const problems = [...compose.services]
        .filter(([, s]) => !s.raw.healthcheck)
        .map(([name, s]) => ({
          message: `service ${name} has no healthcheck; add one so a deploy waits until the app is up`,
          source: { file: s.file, line: s.line },
        }));
      return { problems, passed: 'every service has a healthcheck' };
    },
  },
  {
    id: 'R003',
    title: 'all images use a tag',
    level: 'warn',
    check(input) {
      const problems = images(input)
        .filter(({ image }) => !/:[^/]+$/.test(image) && !image.includes('@'))
        .map(({ name, image, source }) => ({ message: `service ${name}: image ${image} has no tag; pin a version tag`, source }));
      return { problems, passed: 'every image has a tag' };
    },
  },
  {
    id: 'R004',
    title: 'no unstable tags',
    level: 'warn',
    check(input) {
      const problems = images(input)
        .filter(({ image }) => image.endsWith(':latest'))
        .map(({ name, image, source }) => ({
          message: `service ${name}: image ${image} uses the unstable latest tag; pin a version tag`,
          source,
        }));
      return { problems, passed: 'no image uses latest' };
    },
  },
  {
    id: 'R005',
    title: 'tags use semver-like format',
    level: 'warn',
    check(input) {
      const problems = images(input)
        .filter(
          ({ image }) =>
            /:[^/]+$/.test(image) && !image.includes('@') && !image.endsWith(':latest') && !/:v?\d+(\.\d+)*([-+._][\w.+-]*)?$/.test(image),
        )
        .map(({ name, image, source }) => ({
          message: `service ${name}: image ${image} has a tag that is not a version; pin a version tag such as 1.27.2`,
          source,
        }));
      return { problems, passed: 'every image tag looks like a version' };
    },
  },
  {
    id: 'R009',
    title: "one service named 'app'",
    level: 'error',
    check({ compose }) {
      return {
        problems: compose.services.has('app')
          ? []
          : [
              {
                message: 'no service is named "app"; abra expects the main service to be called app',
                source: { file: compose.files[0]!.yaml.shown, line: compose.files[0]!.yaml.lineOf(['services']) },
              },
            ],
        passed: 'a service named app',
      };
    },
  },
  {
    id: 'R010',
    title: 'traefik routing enabled',
    level: 'error',
    check({ compose }) {
      const on = [...compose.services.values()].some((s) => String(s.labels['traefik.enable']).toLowerCase() === 'true');
      return {
        problems: on
          ? []
          : [
              {
                message: 'no service sets traefik.enable=true in deploy.labels; traefik will not route to the app',
                source: compose.services.get('app'),
              },
            ],
        passed: 'a service has traefik.enable=true',
      };
    },
  },
  {
    id: 'R011',
    title: 'all services have images',
    level: 'error',
    blocksDeploy: true,
    check({ compose }) {
      const problems = [...compose.services]
        .filter(([, s]) => !s.image)
        .map(([name, s]) => ({
          message: `service ${name} has no image${s.raw.build ? ' (build: is ignored by docker stack deploy)' : ''}; set image: to a published image`,
          source: { file: s.file, line: s.line },
        }));
      return { problems, passed: 'every service has an image' };
    },
  },
  {
    id: 'R012',
    title: 'config versions are vendored',
    level: 'error',
    check({ compose, recipe }) {
      const problems: Problem[] = [];
      for (const c of compose.configs.values()) {
        if (c.external) continue;
        const versions = [...(c.nameTemplate ?? '').matchAll(/\$\{?([A-Za-z0-9_]*_VERSION)\b/g)].map((m) => m[1]!);
        if (versions.length === 0)
          problems.push({
            message: `config ${c.key} has no _VERSION in its name; swarm configs are immutable, so name it \${STACK_NAME}_${c.key}_\${${c.key.toUpperCase()}_VERSION}`,
            source: c,
          });
        for (const v of versions)
          if (!(v in recipe.abraExports) && !(v in recipe.envSample.values))
            problems.push({
              message: `config ${c.key} is named with ${v}, which abra.sh does not export; add export ${v}=v1 to abra.sh`,
              source: c,
            });
      }
      return { problems, passed: 'configs are versioned in abra.sh' };
    },
  },
  {
    id: 'R014',
    title: 'only annotated tags used for recipe version',
    level: 'error',
    check({ git }) {
      const lightweight = git.releases.filter((r) => !r.annotated).map((r) => r.tag);
      return {
        problems: lightweight.map((t) => ({
          message: `release tag ${t} is a lightweight tag; abra needs annotated tags: git tag -a ${t}`,
        })),
        passed: 'release tags are annotated',
      };
    },
  },
  {
    id: 'R015',
    title: 'long secret names',
    level: 'warn',
    check({ compose }) {
      // abra trims a stack name to 45 characters; a secret is named <stack>_<name>_<version>.
      const problems = [...compose.secrets.values()]
        .filter((s) => s.external && STACK_NAME_MAX + s.key.length + '_v10'.length + 1 > 64)
        .map((s) => ({
          message: `secret ${s.key}: on an app whose stack name has abra's maximum of ${STACK_NAME_MAX} characters, <stack>_${s.key}_v10 is over Docker's 64; shorten the secret's name to ${64 - STACK_NAME_MAX - 5} characters or less`,
          source: s,
        }));
      return { problems, passed: 'secret names fit on any domain' };
    },
  },
];
