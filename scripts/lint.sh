#!/usr/bin/env bash
# Lint and formatting, as CI enforces them: eslint (typescript-eslint's type-checked rules) and
# prettier over the whole tree. `npm run format` rewrites what prettier would change.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
npx eslint --max-warnings 0 .
npx prettier --check --log-level warn .
echo "lint: eslint and prettier clean"
