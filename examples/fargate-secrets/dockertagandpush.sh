#!/usr/bin/env bash
# Tags the task image for a registry and pushes it, as the workshop does with ECR. No registry is needed
# with Homeport: tasks use local images. With REGISTRY set (e.g. localhost:5000 or an ECR host), the image
# is tagged REGISTRY/REPOSITORY:TAG and pushed; without it, it is only tagged REPOSITORY:TAG locally.
set -euo pipefail
DOCKER=${DOCKER:-/usr/bin/docker}
IMAGE=${IMAGE:-smdemo:latest}
REPOSITORY=${REPOSITORY:-smdemo}
TAG=${TAG:-latest}
if [ -n "${REGISTRY:-}" ]; then
  target=$REGISTRY/$REPOSITORY:$TAG
  "$DOCKER" tag "$IMAGE" "$target"
  "$DOCKER" push "$target"
  echo "pushed $target"
else
  target=$REPOSITORY:$TAG
  [ "$target" = "$IMAGE" ] || "$DOCKER" tag "$IMAGE" "$target"
  echo "tagged $target (no REGISTRY configured: not pushed; Homeport runs the local image)"
fi
