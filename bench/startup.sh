#!/usr/bin/env bash
# Startup of Homeport: wall time and CPU time from launch to the first 200 on
# GET /_homeport/health and to the first answered signed GetSecretValue, and RSS
# right after, on a fresh data dir and then on the same (existing) data dir.
#
#   ./bench/startup.sh [runs]          (default 3 runs of each kind)
#
# CPU time is utime+stime of the JVM from /proc/PID/stat: on a loaded machine it is
# a steadier figure than wall time. HOMEPORT_CMD and JAVA_OPTS work as in
# getsecretvalue.sh (default: scripts/start.sh's JVM flags, from scripts/jvm-options).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
RUNS=${1:-3}
BODY='{"SecretId":"startup-probe"}'
JAR=$ROOT/target/homeport.jar
[ -f "$JAR" ] || (cd "$ROOT" && mvn -B -q -DskipTests package)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/homeport-startup.XXXXXX")
PID=""
cleanup() {
  if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then kill -TERM "$PID"; wait "$PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# The command is computed per run: the first run without an AOT cache records one (see
# scripts/jvm-options), the following runs use it.
homeport_cmd() {
  if [ -n "${HOMEPORT_CMD:-}" ]; then echo "$HOMEPORT_CMD"; return; fi
  echo "$JAVA_HOME/bin/java $("$ROOT/scripts/jvm-options" "$JAR") ${JAVA_OPTS:-} -jar $JAR"
}
TCK=$(getconf CLK_TCK)
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
cpu_ms() { awk -v t="$TCK" '{ printf "%d", ($14 + $15) * 1000 / t }' "/proc/$1/stat"; }
rss_mib() { awk '$1 == "VmRSS:" { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

run() { # run LABEL DATA_DIR
  local port; port=$(free_port)
  local hp=http://127.0.0.1:$port
  mapfile -t signed < <(python3 "$ROOT/bench/sign_request.py" --endpoint "$hp" --body "$BODY" --format curl)
  local t0; t0=$(now_ms)
  local cmd; cmd=$(homeport_cmd)
  # shellcheck disable=SC2086
  HOMEPORT_BIND=127.0.0.1 $cmd server --port "$port" --data-dir "$2" >"$WORK/log" 2>&1 &
  PID=$!
  local th="" tg="" ch="" cg=""
  while [ -z "$th" ]; do
    kill -0 "$PID" 2>/dev/null || { cat "$WORK/log"; exit 1; }
    if curl -fs -o /dev/null --max-time 1 "$hp/_homeport/health"; then th=$(( $(now_ms) - t0 )); ch=$(cpu_ms "$PID"); fi
    [ -n "$th" ] || sleep 0.005
  done
  while [ -z "$tg" ]; do
    code=$(curl -s -o "$WORK/gsv.json" -w '%{http_code}' --max-time 2 -X POST "${signed[@]}" --data-binary "$BODY" "$hp/" || true)
    if [ "$code" = 400 ] && grep -q ResourceNotFound "$WORK/gsv.json"; then tg=$(( $(now_ms) - t0 )); cg=$(cpu_ms "$PID"); fi
    [ -n "$tg" ] || sleep 0.005
  done
  sleep 0.2
  local rss; rss=$(rss_mib "$PID")
  local aot=none
  case "$cmd" in *AOTCacheOutput*) aot=records ;; *AOTCache=*) aot=uses ;; esac
  printf '%-9s aot %-7s health %5d ms (cpu %5d ms)   GetSecretValue %5d ms (cpu %5d ms)   RSS %6s MiB\n' \
    "$1" "$aot" "$th" "$ch" "$tg" "$cg" "$rss"
  kill -TERM "$PID"; wait "$PID" 2>/dev/null || true; PID=""
}

echo "$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); command: $(homeport_cmd)"
for i in $(seq 1 "$RUNS"); do
  rm -rf "$WORK/data-$i"
  run "fresh" "$WORK/data-$i"
  run "existing" "$WORK/data-$i"
done
