#!/usr/bin/env bash
# Turns the example recipe into a recipe git repository with two annotated release tags, the way a
# recipe repo looks: 1.0.0+1 (app on image web:1) and 1.1.0+2 (the tree as it is in examples/demo).
# Usage: examples/release-repo.sh DEST [SRC]   (SRC defaults to examples/demo)
set -euo pipefail
dest=${1:?usage: release-repo.sh DEST [SRC]}
src=${2:-$(cd "$(dirname "$0")" && pwd)/demo}
[ ! -e "$dest" ] || [ -z "$(ls -A "$dest")" ] || { echo "release-repo: $dest is not empty" >&2; exit 2; }
mkdir -p "$dest"
cp -R "$src/." "$dest/"
cd "$dest"
git init -q
git config user.name "cc-ci example"
git config user.email "cc-ci@example.invalid"

# The previous release: same recipe, older app image and version label.
sed -i -e 's#cc-ci-fixture/web:2#cc-ci-fixture/web:1#' -e 's#version=1\.1\.0+2#version=1.0.0+1#' compose.yml
grep -q 'cc-ci-fixture/web:1' compose.yml && grep -q 'version=1.0.0+1' compose.yml \
  || { echo "release-repo: compose.yml no longer has the strings this script rewrites; update the script" >&2; exit 1; }
git add -A
git commit -qm "demo 1.0.0+1"
git tag -a 1.0.0+1 -m "demo 1.0.0+1"

cp "$src/compose.yml" compose.yml
git commit -qam "demo 1.1.0+2: app on web:2"
git tag -a 1.1.0+2 -m "demo 1.1.0+2"
echo "release-repo: $dest at $(git describe --tags) (previous release 1.0.0+1)"
