#!/usr/bin/env bash
# Registry benchmark: docker push and docker pull of a ~200 MiB image (busybox plus 4 layers of 50 MiB of random
# bytes) through Homeport's ECR registry and, in the same run and on the same disk, through Debian's docker-registry
# (CNCF Distribution 2.8, no auth, filesystem storage). Each round builds an image of new random bytes (so no layer
# is already in either registry, and no blob can be mounted), pushes it to both (the order alternates), then pulls
# it from each into an engine that no longer has it. Prints seconds and MiB/s per operation, the medians, the ratio
# Homeport/reference, and Homeport's peak RSS. Loopback only; everything started here is stopped at exit.
#
#   BENCH_ROUNDS   rounds (default 3)       BENCH_LAYER_MIB  size of each random layer (default 50)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
DOCKER=${DOCKER:-/usr/bin/docker}
AWS_BIN=${AWS_BIN:-/usr/bin/aws}
REGISTRY_BIN=${REGISTRY_BIN:-/usr/bin/docker-registry}
ROUNDS=${BENCH_ROUNDS:-3}
LAYER_MIB=${BENCH_LAYER_MIB:-50}
BASE=${BENCH_BASE_IMAGE:-homeport-bench/busybox:2}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/homeport-registry-bench.XXXXXX")
HP_PID="" REG_PID=""
export DOCKER_CONFIG=$WORK/docker-config   # the bench's login, not the user's

cleanup() {
  set +e
  [ -n "$HP_PID" ] && kill "$HP_PID" 2>/dev/null && wait "$HP_PID" 2>/dev/null
  [ -n "$REG_PID" ] && kill "$REG_PID" 2>/dev/null && wait "$REG_PID" 2>/dev/null
  "$DOCKER" images --format '{{.Repository}}:{{.Tag}}' | grep -E '^(127\.0\.0\.1|localhost):[0-9]+/bench/' \
    | xargs -r "$DOCKER" rmi -f >/dev/null 2>&1
  "$DOCKER" images -q --filter label=dev.homeport.bench=registry | xargs -r "$DOCKER" rmi -f >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT
die() { echo "bench: $*" >&2; exit 1; }
for tool in "$DOCKER" "$AWS_BIN" "$REGISTRY_BIN" curl python3; do
  command -v "$tool" >/dev/null || die "missing $tool (apt-get install docker.io awscli docker-registry)"
done
"$DOCKER" image inspect "$BASE" >/dev/null 2>&1 || die "needs $BASE (./bench/runtask.sh builds it)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }

JAR=$ROOT/target/homeport.jar
[ -f "$JAR" ] || (cd "$ROOT" && mvn -B -q -DskipTests package)
HP_PORT=$(free_port)
"$JAVA_HOME/bin/java" $("$ROOT/scripts/jvm-options" "$JAR") -jar "$JAR" server --port "$HP_PORT" \
  --data-dir "$WORK/homeport" --runtime none >"$WORK/homeport.log" 2>&1 &
HP_PID=$!
REG_PORT=$(free_port)
cat >"$WORK/registry.yml" <<EOF
version: 0.1
storage:
  filesystem:
    rootdirectory: $WORK/reference
http:
  addr: 127.0.0.1:$REG_PORT
EOF
"$REGISTRY_BIN" serve "$WORK/registry.yml" >"$WORK/registry.log" 2>&1 &
REG_PID=$!
for _ in $(seq 1 300); do
  curl -fs -o /dev/null "http://127.0.0.1:$HP_PORT/_homeport/health" \
    && curl -s -o /dev/null "http://127.0.0.1:$REG_PORT/v2/" && break
  sleep 0.1
done
aws_() { AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 AWS_PAGER="" \
  "$AWS_BIN" --endpoint-url "http://127.0.0.1:$HP_PORT" "$@"; }
HP_REPO=$(aws_ ecr create-repository --repository-name bench/big --query repository.repositoryUri --output text)
HP_HOST=${HP_REPO%%/*}
aws_ ecr get-login-password | "$DOCKER" login --username AWS --password-stdin "$HP_HOST" >/dev/null
REF_REPO=localhost:$REG_PORT/bench/big

echo "# bench/registry.sh  $(date -u +%FT%TZ)  $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "# machine: $(nproc) cores; $(uptime | sed 's/.*load/load/'); docker $("$DOCKER" version --format '{{.Server.Version}}')"
echo "# reference: $("$REGISTRY_BIN" --version 2>&1 | head -1), filesystem storage under the same temporary directory"

timed() { local t0; t0=$(now); "$@" >/dev/null 2>"$WORK/err" || { cat "$WORK/err" >&2; die "failed: $*"; }
  python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$t0" "$(now)"; }
declare -a HP_PUSH REF_PUSH HP_PULL REF_PULL
for round in $(seq 1 "$ROUNDS"); do
  ctx=$WORK/ctx-$round
  mkdir -p "$ctx"
  {
    echo "FROM $BASE"
    echo "LABEL dev.homeport.bench=registry"
    for i in 1 2 3 4; do
      head -c $((LAYER_MIB * 1024 * 1024)) /dev/urandom >"$ctx/layer$i"
      echo "COPY layer$i /data/layer$i"
    done
  } >"$ctx/Dockerfile"
  "$DOCKER" build -q -t "bench-registry:$round" "$ctx" >/dev/null
  rm -rf "$ctx"
  size=$("$DOCKER" image inspect --format '{{.Size}}' "bench-registry:$round")
  "$DOCKER" tag "bench-registry:$round" "$HP_REPO:r$round"
  "$DOCKER" tag "bench-registry:$round" "$REF_REPO:r$round"
  if [ $((round % 2)) = 1 ]; then
    hp=$(timed "$DOCKER" push "$HP_REPO:r$round"); ref=$(timed "$DOCKER" push "$REF_REPO:r$round")
  else
    ref=$(timed "$DOCKER" push "$REF_REPO:r$round"); hp=$(timed "$DOCKER" push "$HP_REPO:r$round")
  fi
  HP_PUSH+=("$hp"); REF_PUSH+=("$ref")
  "$DOCKER" rmi -f "bench-registry:$round" "$HP_REPO:r$round" "$REF_REPO:r$round" >/dev/null
  if [ $((round % 2)) = 1 ]; then first=$HP_REPO; second=$REF_REPO; else first=$REF_REPO; second=$HP_REPO; fi
  a=$(timed "$DOCKER" pull "$first:r$round"); "$DOCKER" rmi -f "$first:r$round" >/dev/null
  b=$(timed "$DOCKER" pull "$second:r$round"); "$DOCKER" rmi -f "$second:r$round" >/dev/null
  if [ "$first" = "$HP_REPO" ]; then HP_PULL+=("$a"); REF_PULL+=("$b"); else REF_PULL+=("$a"); HP_PULL+=("$b"); fi
  printf 'round %d (image %d MiB): push homeport %s s, reference %s s; pull homeport %s s, reference %s s\n' \
    "$round" $((size / 1024 / 1024)) "$hp" "$ref" "${HP_PULL[-1]}" "${REF_PULL[-1]}"
done
python3 - "$size" "${HP_PUSH[*]}" "${REF_PUSH[*]}" "${HP_PULL[*]}" "${REF_PULL[*]}" <<'EOF'
import statistics, sys
size = int(sys.argv[1]) / 1024 / 1024
rows = [list(map(float, a.split())) for a in sys.argv[2:6]]
names = ["push homeport", "push reference", "pull homeport", "pull reference"]
med = [statistics.median(r) for r in rows]
for n, m in zip(names, med):
    print(f"{n:16} median {m:6.2f} s  {size / m:7.1f} MiB/s")
print(f"ratio homeport/reference throughput: push {med[1] / med[0]:.2f}, pull {med[3] / med[2]:.2f}")
EOF
echo "homeport peak RSS: $(awk '/VmHWM/ {printf "%.0f MiB", $2/1024}' /proc/$HP_PID/status)"
