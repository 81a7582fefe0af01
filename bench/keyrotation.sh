#!/usr/bin/env bash
# Master-key rotation, online: `homeport keys rotate` over N stored secret versions (default 100,000) while wrk
# reads a secret at 4 connections, against the same reads with no rotation running (the reference, same run).
# Prints the rotation's wall time and values/s, and GetSecretValue's throughput and p99 during the rotation as a
# ratio of the idle figures. Everything binds to 127.0.0.1; what it starts is stopped on exit.
#
# Knobs: BENCH_VERSIONS (default 100000), BENCH_DURATION (idle reads, default 10s),
#        HOMEPORT_CMD (default: $JAVA_HOME/bin/java $(scripts/jvm-options) -jar target/homeport.jar)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
VERSIONS=${BENCH_VERSIONS:-100000}
DURATION=${BENCH_DURATION:-10s}
JAR="$ROOT/target/homeport.jar"
for tool in wrk curl python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "missing tool: $tool" >&2; exit 2; }
done
[ -f "$JAR" ] || (cd "$ROOT" && mvn -B -q -DskipTests package)
HOMEPORT_CMD=${HOMEPORT_CMD:-"$JAVA_HOME/bin/java $("$ROOT/scripts/jvm-options" "$JAR") -jar $JAR"}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/homeport-keyrotation.XXXXXX")
HP_PID=""
cleanup() {
  set +e
  if [ -n "$HP_PID" ] && kill -0 "$HP_PID" 2>/dev/null; then kill "$HP_PID"; wait "$HP_PID" 2>/dev/null; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
HP="http://127.0.0.1:$PORT"
# shellcheck disable=SC2086
$HOMEPORT_CMD server --port "$PORT" --data-dir "$WORK/data" --runtime none >"$WORK/homeport.log" 2>&1 &
HP_PID=$!
for _ in $(seq 1 300); do curl -sf "$HP/_homeport/health" >/dev/null && break; sleep 0.1; done
curl -sf "$HP/_homeport/health" >/dev/null || { cat "$WORK/homeport.log"; exit 1; }

echo "seeding $VERSIONS secret versions through CreateSecret ..."
seed_start=$(date +%s.%N)
python3 "$ROOT/bench/seed_secrets.py" "$HP" "$VERSIONS"
echo "  seeded in $(python3 -c "print(f'{$(date +%s.%N) - $seed_start:.1f}')") s"

python3 "$ROOT/bench/sign_request.py" --endpoint "$HP" --body '{"SecretId":"rot/000007"}' --format lua >"$WORK/req.lua"
rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
p99() { awk '$1=="99%" {print $2}' "$1"; }

wrk -t1 -c4 -d"$DURATION" --latency -s "$WORK/req.lua" "$HP/" >"$WORK/idle.txt"

# The rotation, with reads going on until it is done.
python3 "$ROOT/bench/sign_request.py" --endpoint "$HP" --body '{"SecretId":"rot/000007"}' --format lua >"$WORK/req.lua"
wrk -t1 -c4 -d600s --latency -s "$WORK/req.lua" "$HP/" >"$WORK/during.txt" &
WRK_PID=$!
sleep 1
rot_start=$(date +%s.%N)
# shellcheck disable=SC2086
$JAVA_HOME/bin/java -jar "$JAR" keys rotate --endpoint "$HP" --data-dir "$WORK/data" --poll 500ms | tee "$WORK/rotate.txt"
rot_end=$(date +%s.%N)
kill -INT "$WRK_PID"; wait "$WRK_PID" 2>/dev/null || true

secs=$(python3 -c "print(f'{$rot_end - $rot_start:.1f}')")
resealed=$(awk '/^Done:/ {print $2}' "$WORK/rotate.txt")
echo
echo "key rotation over $VERSIONS versions: ${secs} s wall (CLI start to done), $resealed values re-sealed," \
     "$(python3 -c "print(round($resealed / ($rot_end - $rot_start)))") values/s"
printf "GetSecretValue at 4 connections: idle %s req/s (p99 %s), during the rotation %s req/s (p99 %s); ratio %s\n" \
  "$(rps "$WORK/idle.txt")" "$(p99 "$WORK/idle.txt")" "$(rps "$WORK/during.txt")" "$(p99 "$WORK/during.txt")" \
  "$(python3 -c "print(f'{$(rps "$WORK/during.txt") / $(rps "$WORK/idle.txt"):.2f}')")"
non2xx=$(awk '/Non-2xx/ {print $NF}' "$WORK/during.txt")
echo "failed reads during the rotation: ${non2xx:-0}"
