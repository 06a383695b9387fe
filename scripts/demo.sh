#!/usr/bin/env bash
# Runs cc-ci on the bundled example recipe, on a fresh machine: sets up the test bed, turns
# examples/demo into a recipe repository with two release tags, and tests it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
npm run -s build
bash scripts/testbed.sh
repo=$(mktemp -d)/demo
bash examples/release-repo.sh "$repo"
node dist/cli.js test "$repo" "$@"
