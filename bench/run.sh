#!/usr/bin/env bash
# Sets up the test bed and runs the lifecycle benchmark: bash bench/run.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
npm run -s build
bash scripts/testbed.sh >/dev/null
node bench/lifecycle.mjs "$@"
