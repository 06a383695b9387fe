import type { FailureReason } from './schema';

/**
 * One hint per failure reason: what happened, what to check, and the usual cause in a recipe.
 * A test fails when a reason has no hint or no entry in docs/failures.md.
 */
export const HINTS: Record<FailureReason, string> = {
  image_missing:
    'The swarm could not find the image for a service. Check the image name and tag in the compose file (and any variable it uses). Usually a typo in the tag, a tag not yet published, or a private registry without credentials.',
  crash_loop:
    'The container exits soon after it starts, again and again. Read the last log lines and the exit code. Usually a missing or wrong environment variable, secret or config file, or a command or entrypoint that fails.',
  unhealthy:
    "The container runs but its healthcheck keeps failing, so the swarm replaces it. Read the healthcheck's own output in the event. Usually a healthcheck that probes the wrong port or path, uses a tool the image lacks, or a start_period too short for the app's first start.",
  oom_killed:
    'The kernel killed the container for using more memory than its limit. Check deploy.resources.limits.memory against what the app needs at start. Usually a limit copied from another recipe, or a first start (migrations, indexing) that needs more than steady state.',
  update_paused:
    "The swarm paused the update to the new version after a task failed (update_config failure_action: pause), leaving the service broken. Read the task error and logs of the new version. Usually the new release's image or config fails to start.",
  rolled_back:
    "The swarm rolled the service back to the previous version after the new one failed (update_config failure_action: rollback). Read the task error and the new version's logs. Usually the upgraded image needs a new variable, secret or migration the release does not provide.",
  secret_or_config_missing:
    'A secret or config the compose file refers to does not exist. Check its name in the compose file against the SECRET_*_VERSION and *_VERSION variables in .env.sample and abra.sh. Usually a version variable that was bumped in one place and not the other, or an external config nobody creates.',
  port_in_use:
    'A published port is already taken on the host. Check the ports section (host-mode ports bind on every interface). Usually another service or a leftover container publishing the same port.',
  not_serving:
    'The stack converged but the app does not answer its router as expected (404, a proxy fallback page, or a body that does not match). Check the traefik labels (Host rule, loadbalancer.server.port) and the probe settings. Usually the wrong internal port, or an app that needs setup (seed content, an admin user) before it serves.',
  timeout:
    "The op ran out of time; the event says which limit and what it was waiting for. After a deploy or upgrade the limit is abra's deploy wait: 50 s unless the app service sets the coop-cloud.${STACK_NAME}.timeout label (abra fails such a deploy too). Check whether the app is slow (raise that label, or timeouts in .cc-ci/config.yml for cc-ci's own op limit) or stuck (the logs show it). Usually a healthcheck start_period longer than the wait, or a service waiting for another that never becomes ready.",
  hook_failed:
    'A hook (install_steps.sh, hooks/pre-<op>.sh, or a backupbot hook label) exited non-zero. Its own output is in the last lines. Usually a command missing from the image, or a database not yet accepting connections when the hook runs.',
  test_failed:
    'A recipe test (tests/<op>/* or tests/custom/*) exited non-zero. Its own output is in the last lines; the full log is in the artifact. Usually the behaviour the test checks changed in this PR, or the test needs data a pre-op hook should seed.',
  deploy_rejected:
    'docker stack deploy refused the compose files. The event has its message. Usually a required variable (${VAR:?...}) with no value in the app env file: set it in .env.sample, or in install_steps.sh when it is generated.',
  network_unusable:
    "The swarm refused a network of the stack: one a swarm service cannot join (driver bridge or host), or an external network that does not exist or is not swarm-scoped. Check the networks: section; a stack's own networks must be overlays (the default driver) and external ones, like proxy, must exist as overlays before the deploy. Usually a network copied from a docker-compose (non-swarm) setup.",
  compose_invalid:
    'docker stack deploy refused an option of the compose files: one it does not know or does not support in a swarm (extends, a misspelt key), or a value of the wrong type. The event names the key. Check it against the compose file v3 reference. Usually a docker-compose-only option or a typo in a key or value.',
  upgrade_incomplete:
    "The upgrade completed but the app is not on the release it moved to (head, or the hop's release): a service runs another image, or the version label is not that release's. Check image tags and the version label in its compose files. Usually an image tag taken from a variable in the app's env file, which an upgrade keeps from the previous release.",
  backup_incomplete:
    "The backup did not capture what backupbot's labels declare: an empty snapshot, a declared path missing, or labels that cannot be honoured. Check the backupbot.backup.* labels against the volumes and paths the service has. Usually a path label with a typo, or a pre-hook that writes its dump somewhere else.",
  restore_mismatch:
    "After the restore, the data is not as it was at backup time. Check what the restore hooks and the app's start do to the volume. Usually an entrypoint that re-initialises the data directory on start, or a restore post-hook that overwrites the restored files.",
  data_lost:
    "After an upgrade hop, the data written before the upgrade is gone: the marker cc-ci put in the app's volume at install is missing or changed. The event names the hop, the service's mount and the volume. Check what the new release does to its volumes: a renamed volume (a new, empty one is created), a mount moved to another path, or an entrypoint or migration that re-initialises the data directory. Usually a volume renamed in compose.yml without a migration.",
  lint_failed:
    'The recipe breaks a convention abra relies on. The failed rules are listed in the op. Usually a main service not named app, an unversioned config, or a lightweight release tag.',
  interrupted:
    'The run was stopped (SIGINT or SIGTERM, or the workflow run was cancelled) while this op ran; cc-ci tore down what it had created. The event names the signal. Nothing in the recipe is implied: run it again. Usually a cancelled workflow, a job timeout, or Ctrl-C.',
  unknown:
    'cc-ci could not classify this failure. Read the event and the last lines, and open an issue on cc-ci with the results.json artifact so the case gets a reason and a hint. Usually an unexpected error in cc-ci itself, or a failure no rule covers yet.',
};
