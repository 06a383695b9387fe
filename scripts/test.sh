#!/usr/bin/env bash
# Runs every test on a fresh machine: npm packages, a build of the current source, the real swarm
# test bed (Docker Engine, swarm, fixture images), the type check, then unit and integration tests.
#
# With no arguments it is the full, measured run: the tests drive a source-mapped build of the same
# source (.coverage-dist/), every process they spawn records its coverage, and each source file is
# held to its tier's floor (scripts/coverage/floors.mjs, docs/testing.md). With arguments, they go
# to vitest as they are (a file, a -t filter) and nothing is measured.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
npm run -s build
bash scripts/testbed.sh
npx tsc --noEmit
if [ $# -gt 0 ]; then
  exec npx vitest run "$@"
fi
node build.mjs .coverage-dist --sourcemap
rm -rf .coverage
CC_CI_TEST_DIST=.coverage-dist CC_CI_SUBPROCESS_COVERAGE=.coverage/v8 npx vitest run --coverage
node scripts/coverage/floors.mjs
