#!/usr/bin/env bash
# Sets up the test bed and runs the lifecycle benchmark: bash bench/run.sh [ROUNDS]
# The other benchmarks run on the same setup: node bench/jobs.mjs [ROUNDS] [OPS] (many recipes per
# host, --jobs 3 against one after another), node bench/snapshot.mjs [MIB] (docs/benchmark.md).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
npm run -s build
bash scripts/testbed.sh >/dev/null
node bench/lifecycle.mjs "$@"
