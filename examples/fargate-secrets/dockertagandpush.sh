#!/usr/bin/env bash
# Pushes the task image to ECR, as the workshop's script does: the repository (created when missing),
# `aws ecr get-login-password | docker login`, tag with the repository's URI, push. Prints the image URI last.
#   HOMEPORT_ENDPOINT  Homeport's URL (default http://localhost:4566)
#   IMAGE              the local image (default smdemo:latest); REPOSITORY (smdemo), TAG (latest)
set -euo pipefail
DOCKER=${DOCKER:-/usr/bin/docker}
AWS_BIN=${AWS_BIN:-/usr/bin/aws}
EP=${HOMEPORT_ENDPOINT:-http://localhost:4566}
IMAGE=${IMAGE:-smdemo:latest}
REPOSITORY=${REPOSITORY:-smdemo}
TAG=${TAG:-latest}
aws_() { "$AWS_BIN" --endpoint-url "$EP" "$@"; }

uri=$(aws_ ecr describe-repositories --repository-names "$REPOSITORY" --query 'repositories[0].repositoryUri' \
  --output text 2>/dev/null) \
  || uri=$(aws_ ecr create-repository --repository-name "$REPOSITORY" --query repository.repositoryUri --output text)
registry=${uri%%/*}
aws_ ecr get-login-password | "$DOCKER" login --username AWS --password-stdin "$registry"
"$DOCKER" tag "$IMAGE" "$uri:$TAG"
"$DOCKER" push "$uri:$TAG" | tail -n 1
echo "$uri:$TAG"
