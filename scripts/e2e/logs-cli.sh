#!/usr/bin/env bash
# shellcheck disable=SC2016  # jq programs use $variables inside single quotes on purpose
# End-to-end check of Homeport's CloudWatch Logs API, driven by the AWS CLI v2, including
# `aws logs tail` (FilterLogEvents) and `aws logs tail --follow` (polling FilterLogEvents).
#
# Needs a RUNNING Homeport (see scripts/start.sh). Uses:
#   HOMEPORT_ENDPOINT  endpoint to talk to            (default http://localhost:4566)
#   AWS_BIN            the AWS CLI v2 binary          (default /usr/bin/aws, Debian's awscli)
#   HOMEPORT_ACCOUNT   account id expected in ARNs    (default 000000000000)
#   E2E_WAIT_SECONDS   how long to wait for /_homeport/health (default 30)
#   E2E_SKIP_HEALTH=1  don't wait for /_homeport/health
#   E2E_KEEP=1         keep the log groups this run created (default: delete them)
#   E2E_KEEP_GOING=1   report every failed check instead of stopping at the first
#
# Every log group name starts with a per-run prefix (/e2e/<pid>-<random>/), so runs don't
# collide on a shared server. Exits non-zero at the first failed check; ends with
# "N passed, 0 failed".
set -euo pipefail

EP=${HOMEPORT_ENDPOINT:-http://localhost:4566}
EP=${EP%/}
AWS_BIN=${AWS_BIN:-/usr/bin/aws}
REGION=us-east-1
ACCOUNT=${HOMEPORT_ACCOUNT:-000000000000}
P="/e2e/$$-$RANDOM"

CREATED=()
FOLLOW_PID=""

WORK=$(mktemp -d "${TMPDIR:-/tmp}/homeport-e2e-logs.XXXXXX")

E2E_SERVICE=logs
# shellcheck source=scripts/e2e/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
e2e_require_tools "$AWS_BIN" jq curl
e2e_isolate_cli

cleanup() {
  local rc=$?
  if [ -n "$FOLLOW_PID" ]; then kill "$FOLLOW_PID" 2>/dev/null || true; wait "$FOLLOW_PID" 2>/dev/null || true; fi
  if [ "${E2E_KEEP:-0}" != 1 ] && [ "${#CREATED[@]}" -gt 0 ]; then
    for g in "${CREATED[@]}"; do
      "$AWS_BIN" --endpoint-url "$EP" --region "$REGION" logs delete-log-group --log-group-name "$g" >/dev/null 2>&1 || true
    done
  fi
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# lg ARGS...: run `aws logs ARGS`, set OUT, ERR, RC (never aborts).
lg() { cli "$@"; }

contains() { # contains DESC FILE-OR-TEXT NEEDLE
  case "$2" in
    *"$3"*) pass "$1" ;;
    *) OUT=$2; fail "$1: expected to find: $3" ;;
  esac
}

now_ms() { date +%s%3N; }

# ================================================================= the checks
step "server at $EP (log group prefix $P)"
if [ "${E2E_SKIP_HEALTH:-0}" != 1 ]; then
  deadline=$((SECONDS + ${E2E_WAIT_SECONDS:-30}))
  until curl -fsS -o /dev/null --max-time 2 "$EP/_homeport/health"; do
    [ "$SECONDS" -lt "$deadline" ] || fail "$EP/_homeport/health did not answer 200 within ${E2E_WAIT_SECONDS:-30}s"
    sleep 0.5
  done
  pass "GET /_homeport/health answers 200"
fi

G="$P/app"
step "log groups"
ok create-log-group --log-group-name "$G" --tags team=e2e
CREATED+=("$G")
expect_error ResourceAlreadyExistsException create-log-group --log-group-name "$G"
err_says "The specified log group already exists"
ok create-log-group --log-group-name "$P/other"
CREATED+=("$P/other")
ok describe-log-groups --log-group-name-prefix "$P/"
check "describe-log-groups lists both, in name order" '[.logGroups[].logGroupName] == [$a, $b]' --arg a "$G" --arg b "$P/other"
check "arn ends in :*" '.logGroups[0].arn == "arn:aws:logs:'"$REGION:$ACCOUNT"':log-group:" + $a + ":*"' --arg a "$G"
ok describe-log-groups --log-group-name-prefix "$P/" --max-items 1
check "--max-items 1 pages with a NextToken" '(.logGroups | length) == 1 and (.NextToken | type) == "string"'
ok put-retention-policy --log-group-name "$G" --retention-in-days 30
ok describe-log-groups --log-group-name-prefix "$G"
check "retentionInDays is 30" '.logGroups[0].retentionInDays == 30'
expect_error InvalidParameterException put-retention-policy --log-group-name "$G" --retention-in-days 2
err_says "Member must satisfy enum value set"
ok list-tags-log-group --log-group-name "$G"
check "tags from create-log-group" '.tags == {"team": "e2e"}'
ok tag-resource --resource-arn "arn:aws:logs:$REGION:$ACCOUNT:log-group:$G" --tags env=test
ok list-tags-for-resource --resource-arn "arn:aws:logs:$REGION:$ACCOUNT:log-group:$G"
check "tag-resource merged tags" '.tags == {"team": "e2e", "env": "test"}'

step "log streams and events"
ok create-log-stream --log-group-name "$G" --log-stream-name ecs/web/task1
ok create-log-stream --log-group-name "$G" --log-stream-name ecs/worker/task1
expect_error ResourceAlreadyExistsException create-log-stream --log-group-name "$G" --log-stream-name ecs/web/task1
expect_error ResourceNotFoundException create-log-stream --log-group-name "$P/missing" --log-stream-name x
err_says "The specified log group does not exist."
T=$(now_ms)
ok put-log-events --log-group-name "$G" --log-stream-name ecs/web/task1 --log-events \
  "timestamp=$((T - 3000)),message=INFO web started" "timestamp=$((T - 2000)),message=ERROR request failed"
check "put-log-events answers a sequence token" '.nextSequenceToken | test("^[0-9]+$")'
ok put-log-events --log-group-name "$G" --log-stream-name ecs/worker/task1 --log-events \
  "timestamp=$((T - 2500)),message=INFO worker ready" "timestamp=$((T - 1000)),message=WARN queue is slow"
expect_error InvalidParameterException put-log-events --log-group-name "$G" --log-stream-name ecs/web/task1 --log-events \
  "timestamp=$T,message=b" "timestamp=$((T - 1)),message=a"
err_says "must be in chronological order"
expect_error ResourceNotFoundException put-log-events --log-group-name "$G" --log-stream-name nope --log-events "timestamp=$T,message=x"
err_says "The specified log stream does not exist."
ok put-log-events --log-group-name "$G" --log-stream-name ecs/web/task1 --log-events \
  "timestamp=$((T + 3 * 3600 * 1000)),message=from the future"
check "too new event reported in rejectedLogEventsInfo" '.rejectedLogEventsInfo.tooNewLogEventStartIndex == 0'

ok describe-log-streams --log-group-name "$G" --order-by LastEventTime --descending
check "describe-log-streams orders by last event time" '[.logStreams[].logStreamName] == ["ecs/worker/task1", "ecs/web/task1"]'
check "stream ARN" '.logStreams[0].arn == "arn:aws:logs:'"$REGION:$ACCOUNT"':log-group:" + $g + ":log-stream:ecs/worker/task1"' --arg g "$G"
ok describe-log-streams --log-group-name "$G" --log-stream-name-prefix ecs/web/
check "describe-log-streams by prefix" '[.logStreams[].logStreamName] == ["ecs/web/task1"]'

ok get-log-events --log-group-name "$G" --log-stream-name ecs/web/task1 --start-from-head
check "get-log-events in order" '[.events[].message] == ["INFO web started", "ERROR request failed"]'
check "AWS-shaped tokens" '(.nextForwardToken | test("^f/[0-9]+/s$")) and (.nextBackwardToken | test("^b/[0-9]+/s$"))'
FWD=$(jq -r .nextForwardToken <<<"$OUT")
ok get-log-events --log-group-name "$G" --log-stream-name ecs/web/task1 --next-token "$FWD"
check "at the end the forward token comes back unchanged" '(.events | length) == 0 and .nextForwardToken == $t' --arg t "$FWD"

ok filter-log-events --log-group-name "$G" --filter-pattern ERROR
check "filter-log-events ERROR" '[.events[].message] == ["ERROR request failed"]'
ok filter-log-events --log-group-name "$G" --filter-pattern '?ERROR ?WARN'
check "filter-log-events ?ERROR ?WARN across streams, in time order" '[.events[].message] == ["ERROR request failed", "WARN queue is slow"]'
ok filter-log-events --log-group-name "$G" --log-stream-name-prefix ecs/worker/
check "filter-log-events by stream prefix" '[.events[].logStreamName] | unique == ["ecs/worker/task1"]'

step "filter patterns: JSON, space-delimited, regex"
PG="$P/patterns"
ok create-log-group --log-group-name "$PG"
CREATED+=("$PG")
ok create-log-stream --log-group-name "$PG" --log-stream-name s
T=$(now_ms)
# JSON on the command line: the messages hold commas, braces and quotes that shorthand syntax would split.
jq -n --argjson t "$T" '[
  {timestamp: ($t - 4000), message: ({level: "error", status: 503, user: {id: 7}} | tojson)},
  {timestamp: ($t - 3000), message: ({level: "info", status: 200, trace: null} | tojson)},
  {timestamp: ($t - 2000), message: "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /index.html HTTP/1.0\" 404 1534"},
  {timestamp: ($t - 1000), message: "10.0.0.9 - bob [10/Oct/2000:13:50:35 -0700] \"POST /orders HTTP/1.0\" 201 15"}
]' >"$WORK/pattern-events.json"
ok put-log-events --log-group-name "$PG" --log-stream-name s --log-events "file://$WORK/pattern-events.json"
ok filter-log-events --log-group-name "$PG" --filter-pattern '{ $.level = "error" && $.status >= 500 }'
check "JSON pattern with && and a numeric comparison" '[.events[].message | fromjson | .level] == ["error"]'
ok filter-log-events --log-group-name "$PG" --filter-pattern '{ $.trace IS NULL || $.user.id = 7 }'
check "JSON pattern with IS NULL and a nested selector" '(.events | length) == 2'
ok filter-log-events --log-group-name "$PG" --filter-pattern '{ $.user NOT EXISTS }'
check "JSON NOT EXISTS skips non-JSON events" '[.events[].message | fromjson | .level] == ["info"]'
ok filter-log-events --log-group-name "$PG" --filter-pattern '[ip, user, username, timestamp, request = *html*, status_code = 4*, bytes]'
check "space-delimited pattern with wildcards" '[.events[].message] | length == 1 and (.[0] | contains("frank"))'
ok filter-log-events --log-group-name "$PG" --filter-pattern '[..., status_code != 404, bytes < 100]'
check "space-delimited pattern with ellipsis" '[.events[].message] | length == 1 and (.[0] | contains("bob"))'
ok filter-log-events --log-group-name "$PG" --filter-pattern '%\[\d{2}/Oct/2000:13:[25]%'
check "regex pattern" '(.events | length) == 2'
expect_error InvalidParameterException filter-log-events --log-group-name "$PG" --filter-pattern '{ $.level = "error"'
err_says "If a filter pattern starts with '{' it must end with '}'"
expect_error InvalidParameterException filter-log-events --log-group-name "$PG" --filter-pattern '?Status: timeout'
err_says "Invalid character(s) in term ':'"
expect_error InvalidParameterException filter-log-events --log-group-name "$PG" --filter-pattern '%(alpha|beta)%'
expect_error InvalidParameterException filter-log-events --log-group-name "$PG" --filter-pattern '[a, b = ]'
err_says "Invalid filter pattern"
ok delete-log-group --log-group-name "$PG"

step "aws logs tail"
RC=0
TAIL=$("$AWS_BIN" --endpoint-url "$EP" --region "$REGION" logs tail "$G" --since 1h 2>"$WORK/stderr") || RC=$?
ERR=$(cat "$WORK/stderr")
[ "$RC" -eq 0 ] || fail "aws logs tail exited $RC"
contains "aws logs tail shows the web stream's events" "$TAIL" "ecs/web/task1 INFO web started"
contains "aws logs tail shows the worker stream's events" "$TAIL" "ecs/worker/task1 WARN queue is slow"
RC=0
TAIL=$("$AWS_BIN" --endpoint-url "$EP" --region "$REGION" logs tail "$G" --since 1h --filter-pattern ERROR --format short 2>"$WORK/stderr") || RC=$?
[ "$RC" -eq 0 ] || fail "aws logs tail --filter-pattern exited $RC"
contains "aws logs tail --filter-pattern" "$TAIL" "ERROR request failed"
case "$TAIL" in *"INFO"*) OUT=$TAIL; fail "aws logs tail --filter-pattern ERROR showed INFO lines" ;; *) pass "filtered tail leaves other lines out" ;; esac

step "aws logs tail --follow sees events as they arrive"
"$AWS_BIN" --endpoint-url "$EP" --region "$REGION" logs tail "$G" --follow --since 1m --format short \
  >"$WORK/follow.out" 2>"$WORK/follow.err" &
FOLLOW_PID=$!
sleep 2
ok put-log-events --log-group-name "$G" --log-stream-name ecs/web/task1 --log-events "timestamp=$(now_ms),message=followed line one"
deadline=$((SECONDS + 20))
until grep -q "followed line one" "$WORK/follow.out"; do
  if [ "$SECONDS" -ge "$deadline" ]; then OUT=$(cat "$WORK/follow.out"); ERR=$(cat "$WORK/follow.err"); fail "tail --follow did not show the new event within 20 s"; break; fi
  sleep 0.5
done
pass "tail --follow printed the event put after it started"
ok put-log-events --log-group-name "$G" --log-stream-name ecs/worker/task1 --log-events "timestamp=$(now_ms),message=followed line two"
deadline=$((SECONDS + 20))
until grep -q "followed line two" "$WORK/follow.out"; do
  if [ "$SECONDS" -ge "$deadline" ]; then OUT=$(cat "$WORK/follow.out"); fail "tail --follow did not show the second event within 20 s"; break; fi
  sleep 0.5
done
pass "tail --follow keeps following, across streams"
[ "$(grep -c "followed line one" "$WORK/follow.out")" -eq 1 ] && pass "no event printed twice" || { OUT=$(cat "$WORK/follow.out"); fail "an event was printed twice"; }
kill "$FOLLOW_PID" 2>/dev/null || true
wait "$FOLLOW_PID" 2>/dev/null || true
FOLLOW_PID=""

step "deletion"
ok delete-log-stream --log-group-name "$G" --log-stream-name ecs/worker/task1
expect_error ResourceNotFoundException get-log-events --log-group-name "$G" --log-stream-name ecs/worker/task1
ok delete-retention-policy --log-group-name "$G"
ok delete-log-group --log-group-name "$P/other"
expect_error ResourceNotFoundException delete-log-group --log-group-name "$P/other"
ok describe-log-groups --log-group-name-prefix "$P/"
check "only the app group is left" '[.logGroups[].logGroupName] == [$g] and (.logGroups[0].retentionInDays == null)' --arg g "$G"

step "done"
printf '%d passed, %d failed\n' "$PASS" "$FAILED"
[ "$FAILED" -eq 0 ]
