#!/usr/bin/env bash
# GetSecretValue throughput and latency: Homeport vs. nginx serving the same bytes.
#
# Starts Homeport from target/homeport.jar on a free loopback port with a temporary
# data dir, measures its startup, creates one secret with the AWS CLI, then runs
# wrk (--latency) with one pre-signed GetSecretValue request against Homeport (signed
# by the root key test/test, then by an IAM user whose identity policy, with a
# condition, and the secret's resource policy are both evaluated) and
# against nginx (started here with a temporary config, answering a fixed reply of the
# same size), at 1 and 16 connections. Everything binds to 127.0.0.1; all processes
# started here are stopped on exit.
#
# Knobs (environment):
#   BENCH_DURATION  wrk duration per run          (default 10s)
#   BENCH_WARMUP    Homeport warm-up round        (default 5s, 16 connections). Rounds alternate the root
#                   key and the IAM user and go on until the JIT's compiler threads took under 3% of
#                   a round's time (at most BENCH_WARMUP_MAX rounds, default 12): the runs measure the
#                   compiled request path, not the compiler sharing the two cores
#   BENCH_WARMUP_MAX  see BENCH_WARMUP
#   BENCH_THREADS   wrk threads (capped at the connection count) (default 1: on the two-core target
#                   a second wrk thread takes CPU from the server under test, and both servers' tails
#                   then measure the scheduler; see docs/PERFORMANCE.md)
#   BENCH_CONNS     connection counts             (default "1 16")
#   BENCH_API       secretsmanager (default: GetSecretValue) or ssm (GetParameter of a SecureString with
#                   WithDecryption, the same value; the IAM user then has only its identity policy, as SSM
#                   has no resource policies)
#   BENCH_FLOOR     1: also measure the floor, Helidon configured as Homeport configures it answering the
#                   same bytes and doing nothing else (bench/HttpFloor.java), in the same run (default 0)
#   HOMEPORT_CMD    command that starts the server; "server --port P --data-dir D"
#                   is appended (default: $JAVA_HOME/bin/java $(scripts/jvm-options) $JAVA_OPTS
#                   -jar target/homeport.jar)
# Results are also written to bench/results/getsecretvalue-<UTC time>.txt.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
AWS_BIN=${AWS_BIN:-/usr/bin/aws}
WRK=${WRK:-wrk}
NGINX=${NGINX:-/usr/sbin/nginx}
DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-5s}
WARMUP_MAX=${BENCH_WARMUP_MAX:-12}
THREADS=${BENCH_THREADS:-1}
CONNS=${BENCH_CONNS:-"1 16"}
SECRET_NAME=bench-secret
BENCH_API=${BENCH_API:-secretsmanager}
case "$BENCH_API" in
  secretsmanager) OPERATION=GetSecretValue; BODY='{"SecretId":"bench-secret"}'; SIGN_ARGS=() ;;
  ssm) OPERATION=GetParameter; BODY='{"Name":"/bench/secret","WithDecryption":true}'
       SIGN_ARGS=(--target AmazonSSM.GetParameter --service ssm) ;;
  *) echo "BENCH_API must be secretsmanager or ssm" >&2; exit 2 ;;
esac
# A typical small secret: a JSON document of about 100 bytes.
SECRET_VALUE='{"username":"bench","password":"Zq8vN3xT5rW1yK7mP2sL9dF4hJ6gB0cV","host":"db.internal","port":5432}'

for tool in "$WRK" "$NGINX" "$AWS_BIN" curl jq python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "missing tool: $tool (see .ci/run for the packages)" >&2; exit 2; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/homeport-bench.XXXXXX")
HP_PID="" NGINX_PID="" FLOOR_PID=""

cleanup() {
  local rc=$?
  if [ -n "$FLOOR_PID" ] && kill -0 "$FLOOR_PID" 2>/dev/null; then
    kill -TERM "$FLOOR_PID" 2>/dev/null || true
    wait "$FLOOR_PID" 2>/dev/null || true
  fi
  if [ -n "$NGINX_PID" ] && kill -0 "$NGINX_PID" 2>/dev/null; then
    kill -TERM "$NGINX_PID" 2>/dev/null || true
  fi
  if [ -n "$HP_PID" ] && kill -0 "$HP_PID" 2>/dev/null; then
    kill -TERM "$HP_PID" 2>/dev/null || true
    # A JVM that records an AOT cache writes it at exit (seconds on a loaded machine): give it time.
    local waits=50
    case "${HOMEPORT_CMD:-}" in *AOTCacheOutput*) waits=600 ;; esac
    for _ in $(seq 1 "$waits"); do kill -0 "$HP_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$HP_PID" 2>/dev/null || true
  fi
  if [ -n "$NGINX_PID" ]; then wait "$NGINX_PID" 2>/dev/null || true; fi
  if [ -n "$HP_PID" ]; then wait "$HP_PID" 2>/dev/null || true; fi
  if [ "$rc" -ne 0 ] && [ -f "$WORK/homeport.log" ]; then
    echo "--- last lines of the Homeport log:" >&2
    tail -n 30 "$WORK/homeport.log" >&2 || true
  fi
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

die() { echo "bench: $*" >&2; exit 1; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
cpu_ms() { awk -v t="$(getconf CLK_TCK)" '{ printf "%d", ($14 + $15) * 1000 / t }' "/proc/$1/stat"; }
# CPU time (ms) of a server: the process and its children (nginx's workers).
tree_cpu_ms() {
  local total=0 p
  for p in "$1" $(pgrep -P "$1" 2>/dev/null); do
    total=$(( total + $(cpu_ms "$p" 2>/dev/null || echo 0) ))
  done
  echo "$total"
}
# CPU time (ms) of a JVM's JIT compiler threads.
jit_cpu_ms() {
  local t total=0
  for t in /proc/"$1"/task/*; do
    case "$(cat "$t/comm" 2>/dev/null)" in
      C1\ Compiler*|C2\ Compiler*) total=$(( total + $(cpu_ms_of "$t/stat") )) ;;
    esac
  done
  echo "$total"
}
cpu_ms_of() { awk -v t="$(getconf CLK_TCK)" '{ printf "%d", ($14 + $15) * 1000 / t }' "$1" 2>/dev/null || echo 0; }
rss_kib() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }

# ---------------------------------------------------------------- start Homeport
if [ -z "${HOMEPORT_CMD:-}" ]; then
  JAR=$ROOT/target/homeport.jar
  if [ ! -f "$JAR" ]; then
    echo "building $JAR ..." >&2
    (cd "$ROOT" && mvn -B -q -DskipTests package)
  fi
  # The flags scripts/start.sh uses (serial GC, heap cap, the AOT cache the build made in target/;
  # without one, this run records it and the next run uses it; the report says which).
  HOMEPORT_CMD="$JAVA_HOME/bin/java $("$ROOT/scripts/jvm-options" "$JAR") ${JAVA_OPTS:-} -jar $JAR"
fi
HP_PORT=$(free_port)
HP=http://127.0.0.1:$HP_PORT
mkdir -p "$WORK/data"

# One signed request (GetSecretValue or GetParameter), replayed by curl while waiting for the first answer.
mapfile -t SIGNED < <(python3 "$ROOT/bench/sign_request.py" "${SIGN_ARGS[@]}" --endpoint "$HP" --body "$BODY" --format curl)

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
t0=$(now_ms)
# shellcheck disable=SC2086
HOMEPORT_BIND=127.0.0.1 $HOMEPORT_CMD server --port "$HP_PORT" --data-dir "$WORK/data" >"$WORK/homeport.log" 2>&1 &
HP_PID=$!

t_health=""
while :; do
  kill -0 "$HP_PID" 2>/dev/null || die "Homeport exited during startup"
  if curl -fs -o /dev/null --max-time 1 "$HP/_homeport/health"; then t_health=$(( $(now_ms) - t0 )); cpu_health=$(cpu_ms "$HP_PID"); break; fi
  [ $(( $(now_ms) - t0 )) -lt 60000 ] || die "no healthy answer within 60 s"
  sleep 0.005
done
# "Answered" = the operation ran: 200, or a 400 AWS error such as
# ResourceNotFoundException (the secret doesn't exist yet). Not 5xx, not a
# signature error.
t_gsv=""
while :; do
  code=$(curl -s -o "$WORK/gsv0.json" -w '%{http_code}' --max-time 2 -X POST "${SIGNED[@]}" --data-binary "$BODY" "$HP/" || true)
  if [ "$code" = 200 ] || { [ "$code" = 400 ] && jq -e '.__type | test("ResourceNotFound|ParameterNotFound")' "$WORK/gsv0.json" >/dev/null 2>&1; }; then
    t_gsv=$(( $(now_ms) - t0 )); cpu_gsv=$(cpu_ms "$HP_PID"); break
  fi
  [ $(( $(now_ms) - t0 )) -lt 60000 ] || die "$OPERATION not answered within 60 s (last HTTP $code: $(head -c 300 "$WORK/gsv0.json" 2>/dev/null))"
  sleep 0.005
done
RSS_START=$(rss_kib "$HP_PID" VmRSS)

# ---------------------------------------------------------------- the secret
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=""
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_EC2_METADATA_DISABLED=true
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL || true
if [ "$BENCH_API" = ssm ]; then
  "$AWS_BIN" --endpoint-url "$HP" --region us-east-1 --output json ssm put-parameter --name /bench/secret \
    --type SecureString --value "$SECRET_VALUE" >/dev/null || die "put-parameter failed"
else
"$AWS_BIN" --endpoint-url "$HP" --region us-east-1 --output json secretsmanager create-secret \
  --name "$SECRET_NAME" --secret-string "$SECRET_VALUE" >"$WORK/create.json" \
  || die "create-secret failed"
fi

# An IAM user whose identity policy and the secret's resource policy are both evaluated on every request.
IAM_USER=bench-reader
"$AWS_BIN" --endpoint-url "$HP" --region us-east-1 iam create-user --user-name "$IAM_USER" >/dev/null \
  || die "iam create-user failed"
if [ "$BENCH_API" = ssm ]; then
  "$AWS_BIN" --endpoint-url "$HP" --region us-east-1 iam put-user-policy --user-name "$IAM_USER" --policy-name read \
    --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ssm:GetParameter","Resource":"arn:aws:ssm:*:*:parameter/bench/*","Condition":{"StringEquals":{"aws:RequestedRegion":"us-east-1"}}}]}' \
    || die "iam put-user-policy failed"
else
SECRET_ARN=$(jq -r .ARN "$WORK/create.json")
"$AWS_BIN" --endpoint-url "$HP" --region us-east-1 iam put-user-policy --user-name "$IAM_USER" --policy-name read \
  --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"arn:aws:secretsmanager:*:*:secret:bench-*","Condition":{"StringEquals":{"aws:RequestedRegion":"us-east-1"}}}]}' \
  || die "iam put-user-policy failed"
USER_ARN=$("$AWS_BIN" --endpoint-url "$HP" --region us-east-1 --output json iam get-user --user-name "$IAM_USER" | jq -r .User.Arn)
"$AWS_BIN" --endpoint-url "$HP" --region us-east-1 secretsmanager put-resource-policy --secret-id "$SECRET_NAME" \
  --resource-policy "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"$USER_ARN\"},\"Action\":\"secretsmanager:GetSecretValue\",\"Resource\":\"*\"}]}" \
  >/dev/null || die "put-resource-policy failed"
fi
"$AWS_BIN" --endpoint-url "$HP" --region us-east-1 --output json iam create-access-key --user-name "$IAM_USER" >"$WORK/key.json" \
  || die "iam create-access-key failed"
IAM_KEY=$(jq -r .AccessKey.AccessKeyId "$WORK/key.json")
IAM_SECRET=$(jq -r .AccessKey.SecretAccessKey "$WORK/key.json")

mapfile -t SIGNED < <(python3 "$ROOT/bench/sign_request.py" "${SIGN_ARGS[@]}" --endpoint "$HP" --body "$BODY" --format curl)
code=$(curl -s -D "$WORK/gsv.headers" -o "$WORK/gsv.json" -w '%{http_code}' -X POST "${SIGNED[@]}" --data-binary "$BODY" "$HP/")
[ "$code" = 200 ] || die "signed $OPERATION answered HTTP $code: $(cat "$WORK/gsv.json")"
jq -e --arg v "$SECRET_VALUE" '(.SecretString // .Parameter.Value) == $v' "$WORK/gsv.json" >/dev/null \
  || die "$OPERATION returned the wrong value"
REPLY_BYTES=$(wc -c <"$WORK/gsv.json")
mapfile -t SIGNED_IAM < <(python3 "$ROOT/bench/sign_request.py" "${SIGN_ARGS[@]}" --endpoint "$HP" --body "$BODY" --format curl \
  --access-key "$IAM_KEY" --secret-key "$IAM_SECRET")
code=$(curl -s -o "$WORK/gsv-iam.json" -w '%{http_code}' -X POST "${SIGNED_IAM[@]}" --data-binary "$BODY" "$HP/")
[ "$code" = 200 ] || die "$OPERATION as the IAM user answered HTTP $code: $(cat "$WORK/gsv-iam.json")"

# ---------------------------------------------------------------- nginx with the same reply
NG_PORT=$(free_port)
NG=http://127.0.0.1:$NG_PORT
mkdir -p "$WORK/nginx/tmp"
# nginx's return text: single-quoted; \ and ' escaped; it must hold no $ (variables).
grep -q '\$' "$WORK/gsv.json" && die "reply contains \$, can't embed it in nginx's return"
NG_BODY=$(sed -e 's/\\/\\\\/g' -e "s/'/\\\\'/g" "$WORK/gsv.json")
REQ_ID=$(grep -i '^x-amzn-RequestId:' "$WORK/gsv.headers" | tr -d '\r' | awk '{ print $2 }')
REQ_ID=${REQ_ID:-00000000-0000-0000-0000-000000000000}
cat >"$WORK/nginx/nginx.conf" <<EOF
worker_processes auto;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx/tmp/body;
  proxy_temp_path $WORK/nginx/tmp/proxy;
  fastcgi_temp_path $WORK/nginx/tmp/fastcgi;
  uwsgi_temp_path $WORK/nginx/tmp/uwsgi;
  scgi_temp_path $WORK/nginx/tmp/scgi;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$NG_PORT;
    location = / {
      default_type application/x-amz-json-1.1;
      add_header x-amzn-RequestId $REQ_ID;
      return 200 '$NG_BODY';
    }
  }
}
EOF
"$NGINX" -t -q -e "$WORK/nginx/error.log" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" 2>"$WORK/nginx/test.log" \
  || die "nginx config rejected: $(cat "$WORK/nginx/test.log")"
"$NGINX" -e "$WORK/nginx/error.log" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" >"$WORK/nginx/stdout.log" 2>&1 &
NGINX_PID=$!
for _ in $(seq 1 100); do
  curl -s -o /dev/null --max-time 1 "$NG/" -X POST --data-binary "$BODY" && break
  kill -0 "$NGINX_PID" 2>/dev/null || die "nginx exited: $(cat "$WORK/nginx/error.log" "$WORK/nginx/stdout.log" 2>/dev/null)"
  sleep 0.05
done
curl -s -o "$WORK/ng.json" -X POST "${SIGNED[@]/Host: 127.0.0.1:$HP_PORT/Host: 127.0.0.1:$NG_PORT}" --data-binary "$BODY" "$NG/" \
  || die "nginx does not answer"
cmp -s "$WORK/ng.json" "$WORK/gsv.json" || die "nginx's reply differs from Homeport's"

# ---------------------------------------------------------------- the floor: Helidon alone, same bytes
if [ "${BENCH_FLOOR:-0}" = 1 ]; then
  FL_PORT=$(free_port)
  FL=http://127.0.0.1:$FL_PORT
  # Homeport's GC and heap flags (its AOT cache and native library are of no use to this class).
  "$JAVA_HOME/bin/java" -XX:+UseSerialGC -XX:+UseCompactObjectHeaders -Xmx512m -cp "$ROOT/target/homeport.jar" \
    "$ROOT/bench/HttpFloor.java" "$FL_PORT" "$WORK/gsv.json" "$REQ_ID" >"$WORK/floor.log" 2>&1 &
  FLOOR_PID=$!
  for _ in $(seq 1 300); do
    curl -s -o "$WORK/floor.json" --max-time 1 -X POST --data-binary "$BODY" "$FL/" && break
    kill -0 "$FLOOR_PID" 2>/dev/null || die "the floor server exited: $(cat "$WORK/floor.log")"
    sleep 0.1
  done
  cmp -s "$WORK/floor.json" "$WORK/gsv.json" || die "the floor server's reply differs from Homeport's"
fi

# ---------------------------------------------------------------- wrk
to_ms() { # wrk latency such as 812.00us, 1.23ms, 2.01s -> milliseconds
  awk -v x="$1" 'BEGIN {
    if (x ~ /us$/) { sub(/us$/, "", x); printf "%.3f", x / 1000 }
    else if (x ~ /ms$/) { sub(/ms$/, "", x); printf "%.3f", x }
    else if (x ~ /m$/) { sub(/m$/, "", x); printf "%.3f", x * 60000 }
    else if (x ~ /s$/) { sub(/s$/, "", x); printf "%.3f", x * 1000 }
    else printf "nan" }'
}

# run_wrk NAME URL CONNS DURATION: runs wrk, sets RPS P50 P99 (ms), NON2XX, CPU_US (the server's CPU
# time per request in microseconds: unlike req/s, it hardly depends on what else the machine runs).
run_wrk() {
  local name=$1 url=$2 c=$3 d=$4 t=$THREADS server_pid=$HP_PID key=test secret=test
  [ "$t" -le "$c" ] || t=$c
  [ "$name" != nginx ] || server_pid=$NGINX_PID
  [ "$name" != floor ] || server_pid=$FLOOR_PID
  [ "$name" != homeport-iam ] || { key=$IAM_KEY; secret=$IAM_SECRET; }
  # Sign afresh right before each run: X-Amz-Date stays well inside 15 minutes.
  python3 "$ROOT/bench/sign_request.py" "${SIGN_ARGS[@]}" --endpoint "$HP" --body "$BODY" --format lua \
    --access-key "$key" --secret-key "$secret" >"$WORK/req.lua"
  local cpu0; cpu0=$(tree_cpu_ms "$server_pid")
  # Same headers for nginx, so both servers parse the same request.
  "$WRK" -t"$t" -c"$c" -d"$d" --latency -s "$WORK/req.lua" "$url/" >"$WORK/wrk-$name-$c.txt" 2>&1 \
    || die "wrk failed against $name: $(cat "$WORK/wrk-$name-$c.txt")"
  local cpu1; cpu1=$(tree_cpu_ms "$server_pid")
  local out="$WORK/wrk-$name-$c.txt"
  local requests; requests=$(awk '/requests in/ { print $1 }' "$out")
  CPU_US=$(awk -v c=$(( cpu1 - cpu0 )) -v n="${requests:-0}" 'BEGIN { printf "%.1f", (n > 0 ? c * 1000 / n : 0) }')
  RPS=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
  P50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
  P99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
  NON2XX=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out")
  NON2XX=${NON2XX:-0}
  ERRORS=$(awk '/Socket errors:/ { sub(/.*Socket errors: /, ""); print }' "$out")
  [ -n "$RPS" ] || die "could not read wrk's output for $name: $(cat "$out")"
  [ "$NON2XX" = 0 ] || die "$name answered $NON2XX non-2xx responses (signature expired? see $(head -c 300 "$out"))"
}

WARM_ROUNDS=0 WARM_START=$(now_ms)
while :; do
  WARM_ROUNDS=$(( WARM_ROUNDS + 1 ))
  jit0=$(jit_cpu_ms "$HP_PID") t0=$(now_ms)
  if [ $(( WARM_ROUNDS % 2 )) = 1 ]; then who=warmup; else who=homeport-iam; fi
  echo "warming Homeport up: round $WARM_ROUNDS ($WARMUP, 16 connections, $who) ..." >&2
  run_wrk "$who" "$HP" 16 "$WARMUP"
  jit_share=$(( ($(jit_cpu_ms "$HP_PID") - jit0) * 100 / ($(now_ms) - t0 + 1) ))
  if [ "$WARM_ROUNDS" -ge 2 ] && [ "$jit_share" -lt 3 ]; then break; fi
  [ "$WARM_ROUNDS" -lt "$WARMUP_MAX" ] || { echo "bench: the JIT was still compiling after $WARM_ROUNDS rounds" >&2; break; }
done
WARM_MS=$(( $(now_ms) - WARM_START ))
if [ -n "$FLOOR_PID" ]; then
  for round in 1 2 3; do
    echo "warming the floor server up: round $round ($WARMUP, 16 connections) ..." >&2
    run_wrk floor "$FL" 16 "$WARMUP"
  done
fi

declare -A R
for c in $CONNS; do
  echo "wrk: $c connection(s), $DURATION: Homeport ..." >&2
  run_wrk homeport "$HP" "$c" "$DURATION"
  R[hp_rps_$c]=$RPS R[hp_p50_$c]=$P50 R[hp_p99_$c]=$P99 R[hp_err_$c]=${ERRORS:-} R[hp_cpu_$c]=$CPU_US
  echo "wrk: $c connection(s), $DURATION: Homeport, as an IAM user (identity and resource policy) ..." >&2
  run_wrk homeport-iam "$HP" "$c" "$DURATION"
  R[iam_rps_$c]=$RPS R[iam_p50_$c]=$P50 R[iam_p99_$c]=$P99 R[iam_err_$c]=${ERRORS:-} R[iam_cpu_$c]=$CPU_US
  echo "wrk: $c connection(s), $DURATION: nginx ..." >&2
  run_wrk nginx "$NG" "$c" "$DURATION"
  R[ng_rps_$c]=$RPS R[ng_p50_$c]=$P50 R[ng_p99_$c]=$P99 R[ng_err_$c]=${ERRORS:-} R[ng_cpu_$c]=$CPU_US
  if [ -n "$FLOOR_PID" ]; then
    echo "wrk: $c connection(s), $DURATION: the floor (Helidon alone) ..." >&2
    run_wrk floor "$FL" "$c" "$DURATION"
    R[fl_rps_$c]=$RPS R[fl_p50_$c]=$P50 R[fl_p99_$c]=$P99 R[fl_err_$c]=${ERRORS:-} R[fl_cpu_$c]=$CPU_US
  fi
done
RSS_PEAK=$(rss_kib "$HP_PID" VmHWM)
RSS_END=$(rss_kib "$HP_PID" VmRSS)

# ---------------------------------------------------------------- report
mkdir -p "$ROOT/bench/results"
REPORT="$ROOT/bench/results/$(echo "$OPERATION" | tr 'A-Z' 'a-z')-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "Homeport $OPERATION benchmark  ($(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, loopback)"
  echo "git: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')   java: $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
  echo "wrk: $DURATION per run, up to $THREADS threads, after $WARM_ROUNDS warm-up rounds of $WARMUP ($WARM_MS ms, until the JIT used <3% of a round; last round $jit_share%); nginx $("$NGINX" -v 2>&1 | sed 's/.*nginx\///'), worker_processes auto"
  echo "reply: $REPLY_BYTES bytes (nginx answers the same bytes)"
  echo
  echo "command: $HOMEPORT_CMD"
  case "$HOMEPORT_CMD" in
    *AOTCacheOutput*) echo "AOT cache: none yet, this run recorded one (the next run uses it)" ;;
    *AOTCache=*) echo "AOT cache: used" ;;
  esac
  echo "load average before the run: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "startup to first health answer:            $t_health ms (CPU $cpu_health ms)"
  echo "startup to first signed $OPERATION:    $t_gsv ms (CPU $cpu_gsv ms)"
  echo "RSS after startup:  $(mib "$RSS_START")"
  echo "RSS at the end:     $(mib "$RSS_END")"
  echo "peak RSS (VmHWM):   $(mib "$RSS_PEAK")"
  echo
  printf '%-6s %-9s %12s %10s %10s %14s\n' conns server req/s p50_ms p99_ms cpu_us/req
  for c in $CONNS; do
    printf '%-6s %-9s %12s %10s %10s %14s\n' "$c" homeport "${R[hp_rps_$c]}" "${R[hp_p50_$c]}" "${R[hp_p99_$c]}" "${R[hp_cpu_$c]}"
    printf '%-6s %-9s %12s %10s %10s %14s\n' "$c" iam-user "${R[iam_rps_$c]}" "${R[iam_p50_$c]}" "${R[iam_p99_$c]}" "${R[iam_cpu_$c]}"
    printf '%-6s %-9s %12s %10s %10s %14s\n' "$c" nginx "${R[ng_rps_$c]}" "${R[ng_p50_$c]}" "${R[ng_p99_$c]}" "${R[ng_cpu_$c]}"
    if [ -n "$FLOOR_PID" ]; then
      printf '%-6s %-9s %12s %10s %10s %14s\n' "$c" floor "${R[fl_rps_$c]}" "${R[fl_p50_$c]}" "${R[fl_p99_$c]}" "${R[fl_cpu_$c]}"
    fi
    ratio=$(awk -v a="${R[hp_rps_$c]}" -v b="${R[ng_rps_$c]}" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
    printf '%-6s %-9s %12s\n' "$c" "ratio" "$ratio (Homeport root key/nginx req/s)"
    ratio=$(awk -v a="${R[iam_rps_$c]}" -v b="${R[ng_rps_$c]}" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
    printf '%-6s %-9s %12s\n' "$c" "ratio" "$ratio (Homeport IAM user, both policies evaluated/nginx req/s)"
    if [ -n "$FLOOR_PID" ]; then
      ratio=$(awk -v a="${R[fl_rps_$c]}" -v b="${R[ng_rps_$c]}" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
      printf '%-6s %-9s %12s\n' "$c" "ratio" "$ratio (the floor, Helidon alone answering the same bytes/nginx req/s)"
    fi
    for s in hp iam ng ${FLOOR_PID:+fl}; do
      [ -z "${R[${s}_err_$c]}" ] || echo "       ($s socket errors: ${R[${s}_err_$c]})"
    done
  done
} | tee "$REPORT"
echo "(saved to ${REPORT#"$ROOT"/})" >&2
