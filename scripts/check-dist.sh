#!/usr/bin/env bash
# Fails when the committed dist/ is not what a fresh build of src/ produces (the action runs dist/ as-is).
set -euo pipefail
cd "$(dirname "$0")/.."
fresh=$(mktemp -d)
trap 'rm -rf "$fresh"' EXIT
node build.mjs "$fresh/dist"
if ! diff -r dist "$fresh/dist" >/dev/null; then
  echo "check-dist: dist/ differs from a fresh build; run 'npm run build' and commit dist/:" >&2
  diff -rq dist "$fresh/dist" >&2 || true
  exit 1
fi
echo "check-dist: dist/ matches a fresh build"
