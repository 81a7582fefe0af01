#!/usr/bin/env bash
# ECS task benchmark: RunTask -> RUNNING on the Docker runtime (against `docker run -d` of the same image,
# in the same loop) and on the process runtime, RunTask's answer, 100 tasks at once, StopTask, and
# ListTasks/DescribeTasks with 10,000 tasks recorded. See bench/README.md. Loopback only; removes every
# container, process and temporary file it started when it exits.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
DOCKER=${DOCKER:-/usr/bin/docker}
RUNS=${BENCH_RUNS:-20}
SEED_TASKS=${BENCH_SEED_TASKS:-10000}
RUNTIMES=${BENCH_RUNTIMES:-"docker process"}
IMAGE=${BENCH_IMAGE:-homeport-bench/busybox:2}
LABEL="runtask-$$"
INSTANCE="bench-$$"          # this server's name on the Docker engine: never touches others' containers
WORK=$(mktemp -d "${TMPDIR:-/tmp}/homeport-runtask.XXXXXX")
HP_PID=""

cleanup() {
  set +e
  if [ -n "$HP_PID" ] && kill -0 "$HP_PID" 2>/dev/null; then
    kill "$HP_PID"; wait "$HP_PID" 2>/dev/null
  fi
  if [ -x "$DOCKER" ]; then
    ids=$("$DOCKER" ps -aq --filter "label=dev.homeport.bench=$LABEL" --filter "label=dev.homeport.instance=$INSTANCE" 2>/dev/null)
    ids="$ids $("$DOCKER" ps -aq --filter "label=dev.homeport.instance=$INSTANCE" 2>/dev/null)"
    ids="$ids $("$DOCKER" ps -aq --filter "label=dev.homeport.bench=$LABEL" 2>/dev/null)"
    # shellcheck disable=SC2086
    [ -z "${ids// /}" ] || "$DOCKER" rm -f $ids >/dev/null 2>&1
    # the bench's own task network (its CIDR is the bench's, see start_homeport), if nothing else uses it
    for n in $("$DOCKER" network ls -q --filter name=homeport-subnet- 2>/dev/null); do
      if [ "$("$DOCKER" network inspect "$n" --format '{{range .IPAM.Config}}{{.Subnet}}{{end}}' 2>/dev/null)" \
           = "${BENCH_SUBNET_CIDR:-10.231.11.0/24}" ]; then
        "$DOCKER" network rm "$n" >/dev/null 2>&1
      fi
    done
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

die() { echo "bench: $*" >&2; exit 1; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

JAR=${BENCH_JAR:-$ROOT/target/homeport.jar}
if [ ! -f "$JAR" ]; then
  echo "building $JAR ..." >&2
  (cd "$ROOT" && JAVA_HOME=$JAVA_HOME mvn -B -q -DskipTests package)
fi

# The image: /bin/busybox from Debian's busybox-static with the applets the task uses (as the Docker
# tests build theirs; no registry is reachable). Built once, reused.
build_image() {
  "$DOCKER" image inspect "$IMAGE" >/dev/null 2>&1 && return
  [ -x /bin/busybox ] || die "needs /bin/busybox (Debian busybox-static) to build $IMAGE"
  local root=$WORK/rootfs
  mkdir -p "$root/bin" "$root/tmp"
  cp /bin/busybox "$root/bin/busybox"
  for a in sh sleep kill true cat wget seq usleep; do ln -s busybox "$root/bin/$a"; done
  tar -C "$root" -c . | "$DOCKER" import -c 'CMD ["/bin/sh"]' - "$IMAGE" >/dev/null
  echo "built image $IMAGE"
}

start_homeport() { # runtime
  local runtime=$1
  HP_PORT=$(free_port)
  HP=http://127.0.0.1:$HP_PORT
  local t0; t0=$(now_ms)
  # its own task network, so its Docker network never overlaps the default 10.200.11.0/24 of other
  # Homeport servers sharing the engine (Docker refuses two networks with overlapping subnets)
  cat >"$WORK/network.json" <<EOF
{"vpcs": [{"name": "bench", "cidr": "${BENCH_VPC_CIDR:-10.231.0.0/16}",
  "subnets": [{"name": "bench-a", "cidr": "${BENCH_SUBNET_CIDR:-10.231.11.0/24}", "az": "a"}],
  "securityGroups": [{"name": "bench-default", "description": "bench"}]}]}
EOF
  HOMEPORT_NETWORK_CONFIG=$WORK/network.json HOMEPORT_DOCKER_INSTANCE=$INSTANCE HOMEPORT_BIND=127.0.0.1 \
    "$JAVA_HOME/bin/java" ${JAVA_OPTS:-} -jar "$JAR" server --port "$HP_PORT" --data-dir "$WORK/data-$runtime" \
    --runtime "$runtime" >"$WORK/homeport-$runtime.log" 2>&1 &
  HP_PID=$!
  until curl -fs -o /dev/null --max-time 1 "$HP/_homeport/health"; do
    kill -0 "$HP_PID" 2>/dev/null || { tail -20 "$WORK/homeport-$runtime.log" >&2; die "Homeport exited during startup"; }
    [ $(( $(now_ms) - t0 )) -lt 60000 ] || die "no healthy answer within 60 s"
    sleep 0.05
  done
  echo "Homeport ($runtime runtime) on $HP, pid $HP_PID, healthy after $(( $(now_ms) - t0 )) ms"
}

stop_homeport() {
  kill "$HP_PID"; wait "$HP_PID" 2>/dev/null || true
  HP_PID=""
}

echo "# bench/runtask.sh  $(date -u +%FT%TZ)  $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "# machine: $(nproc) cores; $(uptime | sed 's/.*load/load/')"
echo "# java: $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"

for runtime in $RUNTIMES; do
  echo
  echo "######## runtime: $runtime"
  args=(--endpoint "" --image "$IMAGE" --runs "$RUNS" --bench-label "$LABEL" --docker "$DOCKER")
  read -r -a sections <<<"${BENCH_SECTIONS:-latency stop burst}"
  if [ "$runtime" = docker ] && [ -z "${BENCH_SECTIONS:-}" ]; then
    sections+=(credentials)
  fi
  if [ "$runtime" = docker ]; then
    [ -x "$DOCKER" ] && "$DOCKER" info >/dev/null 2>&1 || die "no Docker engine answers ($DOCKER)"
    build_image
    args+=(--docker-compare)
  fi
  want_list=yes
  if [ -n "${BENCH_SECTIONS:-}" ]; then case " $BENCH_SECTIONS " in *" list "*) ;; *) want_list=no ;; esac; fi
  if [ "$runtime" = process ] && [ "$SEED_TASKS" -gt 0 ] && [ "$want_list" = yes ]; then
    # 10,000 recorded tasks, written through JdbcEcsRepository before the server starts
    "$JAVA_HOME/bin/java" -cp "$JAR" "$ROOT/bench/EcsSeed.java" "$WORK/data-$runtime" "$SEED_TASKS" 2>/dev/null \
      || die "seeding failed"
    [ -n "${BENCH_SECTIONS:-}" ] || sections+=(list)
  fi
  start_homeport "$runtime"
  args[1]=$HP
  # the task subnet: the first one of Homeport's network (EC2 DescribeSubnets, once, with the AWS CLI)
  SUBNET=$(AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 AWS_PAGER="" \
    "${AWS_BIN:-/usr/bin/aws}" --endpoint-url "$HP" ec2 describe-subnets \
    --query 'sort_by(Subnets,&CidrBlock)[0].SubnetId' --output text) || die "DescribeSubnets failed"
  args+=(--subnet "$SUBNET")
  if [ "${BENCH_TASK_ROLE:-1}" = 1 ]; then
    # as most Fargate tasks have: a task role (RunTask -> RUNNING is measured with it; the credentials section needs it)
    ROLE_ARN=$(AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 AWS_PAGER="" \
      "${AWS_BIN:-/usr/bin/aws}" --endpoint-url "$HP" iam create-role --role-name bench-task-role \
      --assume-role-policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}' \
      --query Role.Arn --output text) || die "CreateRole failed"
    args+=(--task-role "$ROLE_ARN")
  fi
  python3 "$ROOT/bench/ecs_bench.py" "${args[@]}" ${BENCH_ARGS:-} "${sections[@]}"
  echo "# load after the $runtime run: $(uptime | sed 's/.*load/load/')"
  stop_homeport
done
