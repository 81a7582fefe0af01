#!/usr/bin/env bash
# Builds the task image (IMAGE, default smdemo:latest) from the Dockerfile here.
# Its base, a local Debian image (BASE_IMAGE, default homeport/debian:bookworm), is made once with
# debootstrap --variant=minbase and docker import, since no registry is reachable; it is reused when present.
#   ./dockerbuild.sh          base image if missing, then the task image
#   ./dockerbuild.sh base     only the base image
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
DOCKER=${DOCKER:-/usr/bin/docker}
BASE_IMAGE=${BASE_IMAGE:-homeport/debian:bookworm}
IMAGE=${IMAGE:-smdemo:latest}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

make_base() {
  if "$DOCKER" image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
    echo "base image $BASE_IMAGE present, reused"
    return
  fi
  command -v debootstrap >/dev/null || { echo "ERROR: debootstrap is not installed (apt-get install debootstrap)" >&2; exit 1; }
  [ "$(id -u)" = 0 ] || { echo "ERROR: debootstrap needs root to make $BASE_IMAGE" >&2; exit 1; }
  local dir log
  dir=$(mktemp -d /tmp/homeport-debootstrap.XXXXXX)
  log=$dir.log
  echo "making $BASE_IMAGE: debootstrap --variant=minbase bookworm $dir $MIRROR"
  if ! debootstrap --variant=minbase bookworm "$dir" "$MIRROR" >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    rm -rf "$dir" "$log"
    echo "ERROR: debootstrap failed" >&2
    exit 1
  fi
  tar -C "$dir" -c . | "$DOCKER" import - "$BASE_IMAGE" >/dev/null
  rm -rf "$dir" "$log"
  echo "base image $BASE_IMAGE created"
}

make_base
[ "${1:-}" = base ] && exit 0
build() { "$DOCKER" build --quiet --build-arg BASE_IMAGE="$BASE_IMAGE" -t "$IMAGE" "$@" . >/dev/null; }
err=$(mktemp)
trap 'rm -f "$err"' EXIT
if ! build 2>"$err"; then
  if grep -q 'docker0' "$err"; then
    # The engine's default bridge interface is gone (some hosts remove docker0): build on a user-defined
    # bridge instead, which has the same NAT to Debian's mirror.
    echo "default bridge unavailable; building on network homeport-build"
    "$DOCKER" network inspect homeport-build >/dev/null 2>&1 || "$DOCKER" network create homeport-build >/dev/null
    build --network homeport-build
  else
    cat "$err" >&2
    exit 1
  fi
fi
echo "built $IMAGE ($("$DOCKER" image inspect --format '{{.Id}}' "$IMAGE" | cut -c1-19))"
