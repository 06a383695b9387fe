#!/usr/bin/env bash
# Runs every test on a fresh machine: npm packages, a build of the current source, the real swarm
# test bed (Docker Engine, swarm, fixture images), the type check, then unit and integration tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
npm run -s build
bash scripts/testbed.sh
npx tsc --noEmit
npx vitest run "$@"
