#!/usr/bin/env bash
# Makes the local Debian base image once (no registry is reachable): debootstrap --variant=minbase
# and docker import. Reused when present. BASE_IMAGE overrides the name.
set -euo pipefail
BASE_IMAGE=${BASE_IMAGE:-homeport/debian:bookworm}
DOCKER=${DOCKER:-/usr/bin/docker}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
if "$DOCKER" image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
  echo "base image $BASE_IMAGE present, reused"
  exit 0
fi
command -v debootstrap >/dev/null || { echo "ERROR: debootstrap is not installed (apt-get install debootstrap)" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "ERROR: debootstrap needs root" >&2; exit 1; }
dir=$(mktemp -d /tmp/homeport-debootstrap.XXXXXX)
trap 'rm -rf "$dir"' EXIT
echo "debootstrap --variant=minbase bookworm $dir $MIRROR (about 30 s)"
debootstrap --variant=minbase bookworm "$dir" "$MIRROR" >"$dir.log" 2>&1 || { tail -n 30 "$dir.log" >&2; rm -f "$dir.log"; exit 1; }
rm -f "$dir.log"
tar -C "$dir" -c . | "$DOCKER" import - "$BASE_IMAGE" >/dev/null
echo "base image $BASE_IMAGE created"
