#!/usr/bin/env bash
# Console page latency: how long the pages a person opens take to render, measured with wrk
# (one connection, --latency) while signed in. Starts Homeport from target/homeport.jar on a free
# loopback port with a temporary data dir and no task runtime, signs in through the sign-in form,
# creates BENCH_SECRETS secrets through the console's own form (so the list page has rows to
# render), then times each page.
#
#   ./bench/console.sh                 (BENCH_DURATION per page, default 5s; BENCH_SECRETS, default 50)
#
# The issue's target is "well under 100 ms locally" per page.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
DURATION=${BENCH_DURATION:-5s}
SECRETS=${BENCH_SECRETS:-50}
JAR=$ROOT/target/homeport.jar
[ -f "$JAR" ] || (cd "$ROOT" && mvn -B -q -DskipTests package)
for tool in wrk curl python3; do command -v "$tool" >/dev/null || { echo "missing tool: $tool" >&2; exit 2; }; done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/homeport-console-bench.XXXXXX")
PID=""
cleanup() {
  if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then kill -TERM "$PID"; wait "$PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
HP=http://127.0.0.1:$PORT
# shellcheck disable=SC2046
"$JAVA_HOME/bin/java" $("$ROOT/scripts/jvm-options" "$JAR") -jar "$JAR" server --port "$PORT" \
  --data-dir "$WORK/data" --runtime none --bind 127.0.0.1 >"$WORK/log" 2>&1 &
PID=$!
until curl -fs -o /dev/null "$HP/_homeport/health"; do kill -0 "$PID" || { cat "$WORK/log"; exit 1; }; sleep 0.05; done

JAR_COOKIES=$WORK/cookies
csrf() { grep -o 'name="csrf" value="[^"]*' | head -1 | sed 's/.*value="//'; }
token=$(curl -fs -c "$JAR_COOKIES" -b "$JAR_COOKIES" "$HP/console/signin" | csrf)
curl -fs -o /dev/null -c "$JAR_COOKIES" -b "$JAR_COOKIES" \
  --data "csrf=$token&accessKeyId=test&secretAccessKey=test&region=us-east-1" "$HP/console/signin"
session=$(awk '$6 == "hp_session" { print $7 }' "$JAR_COOKIES")
[ -n "$session" ] || { echo "sign-in failed" >&2; exit 1; }
token=$(curl -fs -b "$JAR_COOKIES" "$HP/console/secrets/new" | csrf)
for i in $(seq 1 "$SECRETS"); do
  curl -fs -o /dev/null -b "$JAR_COOKIES" --data "csrf=$token&type=kv&k=username&v=user$i&k=password&v=pw-$i&name=bench/secret-$i&description=bench+secret+$i&tk=team&tv=bench" "$HP/console/secrets"
done

# One task definition through the JSON editor, so the ECS pages have something to show.
td='{"family":"bench","requiresCompatibilities":["FARGATE"],"networkMode":"awsvpc","cpu":"256","memory":"512","containerDefinitions":[{"name":"app","image":"busybox","essential":true}]}'
curl -fs -o /dev/null -b "$JAR_COOKIES" --data-urlencode "csrf=$token" --data-urlencode "json=$td" "$HP/console/ecs/task-definitions"

echo "Console pages, $SECRETS secrets, wrk -c1 -t1 -d$DURATION, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-48s %10s %10s %10s %10s\n' page req/s p50 p90 p99
for path in /console /console/secrets "/console/secrets?field=tag-value&q=bench" \
            "/console/secrets/detail?id=bench/secret-1" /console/secrets/new \
            /console/ecs /console/ecs/task-definitions "/console/ecs/task-definition?td=bench:1" /console/ecs/run \
            /console/logs; do
  out=$(wrk -t1 -c1 -d"$DURATION" --latency -H "Cookie: hp_session=$session" "$HP$path")
  code=$(curl -s -o /dev/null -w '%{http_code}' -b "$JAR_COOKIES" "$HP$path")
  [ "$code" = 200 ] || { echo "$path answered $code" >&2; exit 1; }
  rps=$(awk '/Requests\/sec/ { print $2 }' <<<"$out")
  p50=$(awk '$1 == "50%" { print $2 }' <<<"$out"); p90=$(awk '$1 == "90%" { print $2 }' <<<"$out"); p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
  printf '%-48s %10s %10s %10s %10s\n' "$path" "$rps" "$p50" "$p90" "$p99"
done
