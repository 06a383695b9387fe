#!/usr/bin/env bash
# A volume of generated data for the snapshot streaming test and benchmark (the fixture image, no
# registry):
#   big-volume.sh fill VOLUME STACK MIB  creates VOLUME with the stack's label (the deploy adopts
#                                        it, teardown removes it), writes MIB MiB of random data in
#                                        128 MiB files plus 300 small ones, prints their sha256sums
#   big-volume.sh sums VOLUME            prints the same files' sha256sums as the volume holds them
set -euo pipefail
image=cc-ci-fixture/web:1
sums='cd /data && find big small -type f | sort | xargs sha256sum'
case $1 in
  fill)
    docker volume create --label "com.docker.stack.namespace=$3" "$2" >/dev/null
    docker run --rm --log-driver none -v "$2:/data" "$image" sh -c '
      set -e; cd /data; mkdir -p big small
      i=0; while [ $i -lt $(($1 / 128)) ]; do dd if=/dev/urandom of=big/$i bs=1M count=128 2>/dev/null; i=$((i + 1)); done
      i=0; while [ $i -lt 300 ]; do echo "small file $i" >small/$i; i=$((i + 1)); done
      '"$sums" sh "$4"
    ;;
  sums) docker run --rm -v "$2:/data:ro" "$image" sh -c "$sums" ;;
  *) echo "usage: $0 fill VOLUME STACK MIB | sums VOLUME" >&2; exit 2 ;;
esac
