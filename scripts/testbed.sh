#!/usr/bin/env bash
# Brings up the real test bed cc-ci runs against: Docker Engine, a single-node swarm on 127.0.0.1,
# the external `proxy` network, the helper image and the fixture images the tests and the demo use.
# Idempotent: when everything is already up it only checks, in a few hundred milliseconds.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
log_file=${DOCKERD_LOG:-${TMPDIR:-/tmp}/cc-ci-dockerd.log}
t0=$(date +%s%N)
say() { echo "[testbed +$(( ($(date +%s%N) - t0) / 1000000 ))ms] $*"; }

missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
if ! { [ -x /bin/busybox ] && /bin/busybox --list 2>/dev/null | grep -qx httpd; }; then missing+=(busybox-static); fi
# GNU time: the snapshot streaming test reads cc-ci's peak memory from `/usr/bin/time -v`.
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "testbed: needs ${missing[*]}; run this script as root on Debian/Ubuntu, or install them yourself" >&2
    exit 2
  fi
  say "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

docker_up() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }
if ! docker_up; then
  if [ "$(id -u)" != 0 ]; then echo "testbed: dockerd is not running and only root can start it" >&2; exit 2; fi
  say "starting dockerd (log: $log_file)"
  # The swarm agent would otherwise try a registry pull on every task start; there is no registry here.
  DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=1 setsid nohup dockerd >"$log_file" 2>&1 </dev/null &
  for _ in $(seq 1 300); do docker_up && break; sleep 0.1; done
  docker_up || { echo "testbed: dockerd did not come up; last lines of $log_file:" >&2; tail -20 "$log_file" >&2; exit 1; }
fi
say "dockerd $(docker version --format '{{.Server.Version}}')"

# Swarm, proxy network and helper image: the same code path as the action's pre step.
node "$here/dist/cli.js" setup
say "swarm ready"

bash "$here/scripts/fixture-images.sh"
say "done"
