import semver from 'semver';
import { labelsOf, locateLabel } from '../../recipe/compose-view';
import type { LintInput, Problem, Rule } from '../finding';

/**
 * The `coop-cloud.${STACK_NAME}.version` label: abra reads an app's deployed version from it,
 * and `abra recipe release` writes the new tag into it.
 */
const key = (stack: string) => `coop-cloud.${stack}.version`;

/** The label on the app service, where abra reads it (GetLabel looks at the service named app). */
function onApp(input: LintInput) {
  const app = input.compose.services.get('app');
  const where = locateLabel(input.compose, 'app', key(input.stack), input.env);
  return { value: app ? labelsOf(app, input.env)[key(input.stack)] : undefined, where };
}

export const versionRules: Rule[] = [
  {
    id: 'CC012',
    title: 'version label on the app service',
    level: 'warn',
    check(input) {
      const { value, where } = onApp(input);
      const latest = input.git.releases[0]?.tag;
      const problems: Problem[] = [];
      if (value === undefined)
        problems.push({
          message: `the app service has no coop-cloud.\${STACK_NAME}.version label, so abra cannot tell which version is deployed; add it to its deploy labels${latest ? ` (e.g. =${latest})` : ''}`,
          source: where,
        });
      else if (!value)
        problems.push({
          message: `coop-cloud.\${STACK_NAME}.version is empty; set it to the release version, e.g. 1.0.0+1.2.3 (abra recipe sync does)`,
          source: where,
        });
      else if (!semver.valid(value))
        problems.push({
          message: `coop-cloud.\${STACK_NAME}.version is "${value}", not a version like 1.0.0+1.2.3; fix the label`,
          source: where,
        });
      return { problems, passed: `coop-cloud.\${STACK_NAME}.version=${value}` };
    },
  },
  {
    id: 'CC013',
    title: 'version label matches the release tag',
    level: 'error',
    check(input) {
      const { value, where } = onApp(input);
      const { git } = input;
      const onHead = git.releases.find((r) => r.commit === git.head);
      const latest = git.releases[0];
      const problems: Problem[] = [];
      if (value && semver.valid(value)) {
        if (onHead && value !== onHead.tag)
          problems.push({
            message: `coop-cloud.\${STACK_NAME}.version is ${value}, but this commit is release ${onHead.tag}; set the label to ${onHead.tag}`,
            source: where,
          });
        else if (!onHead && latest && semver.compareBuild(value, latest.tag) < 0)
          problems.push({
            message: `coop-cloud.\${STACK_NAME}.version is ${value}, older than the latest release ${latest.tag}; set it to ${latest.tag} or to the release this change becomes`,
            source: where,
          });
      }
      return { problems, passed: onHead ? `the label is release ${onHead.tag}` : 'the label is not older than the latest release' };
    },
  },
];
