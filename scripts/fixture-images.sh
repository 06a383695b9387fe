#!/usr/bin/env bash
# Builds the images the example recipe and the test fixtures deploy. There is no registry on the test
# bed, so each image is the cc-ci helper image (busybox, built or pulled by `cc-ci setup`) plus a web
# root, committed locally. Skips images that already exist.
set -euo pipefail
helper=${CCCI_HELPER_IMAGE:-cc-ci/helper:1}
docker image inspect "$helper" >/dev/null 2>&1 || { echo "fixture-images: $helper is missing; run 'node dist/cli.js setup' first" >&2; exit 2; }

build_web() { # image tag, page text
  local image=$1 text=$2 www ctr
  docker image inspect "$image" >/dev/null 2>&1 && return 0
  www=$(mktemp -d)
  printf '<h1>%s</h1>\n' "$text" >"$www/index.html"
  ctr=$(docker create "$helper" true)
  docker cp "$www/." "$ctr:/www" >/dev/null
  docker commit -c 'CMD ["/bin/httpd","-f","-p","80","-h","/www"]' "$ctr" "$image" >/dev/null
  docker rm "$ctr" >/dev/null
  rm -rf "$www"
  echo "fixture-images: built $image"
}

build_web cc-ci-fixture/web:1 "cc-ci fixture web v1"
build_web cc-ci-fixture/web:2 "cc-ci fixture web v2"
