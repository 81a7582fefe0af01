#!/usr/bin/env bash
# shellcheck disable=SC2016  # jq programs use $variables inside single quotes on purpose
# End-to-end check of Homeport's Secrets Manager API, driven by the AWS CLI v2.
#
# Needs a RUNNING Homeport (see scripts/start.sh). Uses:
#   HOMEPORT_ENDPOINT  endpoint to talk to            (default http://localhost:4566)
#   AWS_BIN            the AWS CLI v2 binary          (default /usr/bin/aws, Debian's awscli)
#   HOMEPORT_ACCOUNT   account id expected in ARNs    (default 000000000000)
#   HOMEPORT_AWS_MODELS directory with botocore models, used only when the CLI
#                      is too old to know batch-get-secret-value
#                      (default: none; then the request is signed with bench/sign_request.py)
#   E2E_WAIT_SECONDS   how long to wait for /_homeport/health (default 30)
#   E2E_SKIP_HEALTH=1  don't wait for /_homeport/health (to try the script
#                      against another emulator)
#   E2E_KEEP=1         keep the secrets this run created (default: force-delete them)
#   E2E_KEEP_GOING=1   report every failed check instead of stopping at the first
#
# Every secret name starts with a per-run prefix (e2e-<pid>-<random>-), so runs
# don't collide on a shared server. Exits non-zero at the first failed check;
# ends with "N passed, 0 failed".
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
EP=${HOMEPORT_ENDPOINT:-http://localhost:4566}
EP=${EP%/}
AWS_BIN=${AWS_BIN:-/usr/bin/aws}
REGION=us-east-1
ACCOUNT=${HOMEPORT_ACCOUNT:-000000000000}
MODELS=${HOMEPORT_AWS_MODELS:-}
P="e2e-$$-$RANDOM-"
RUNTAG="e2e-run-$$-$RANDOM"

CREATED=()

WORK=$(mktemp -d "${TMPDIR:-/tmp}/homeport-e2e.XXXXXX")

# ---------------------------------------------------------------- helpers and environment
E2E_SERVICE=secretsmanager
# shellcheck source=scripts/e2e/lib.sh
source "$ROOT/scripts/e2e/lib.sh"
e2e_require_tools "$AWS_BIN" jq curl base64 cmp
# cli_timestamp_format=wire: timestamps come out as the epoch seconds the server sent.
e2e_isolate_cli 'cli_timestamp_format = wire'

cleanup() {
  local rc=$?
  if [ "${E2E_KEEP:-0}" != 1 ] && [ "${#CREATED[@]}" -gt 0 ]; then
    for n in "${CREATED[@]}"; do
      "$AWS_BIN" --endpoint-url "$EP" --region "$REGION" secretsmanager delete-secret \
        --secret-id "$n" --force-delete-without-recovery >/dev/null 2>&1 || true
    done
  fi
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- CLI helpers
# sm ARGS...: run `aws secretsmanager ARGS`, set OUT, ERR, RC (never aborts).
sm() { cli "$@"; }

create() { # create NAME ARGS...: create-secret and remember NAME for cleanup
  local name=$1
  shift
  ok create-secret --name "$name" "$@"
  CREATED+=("$name")
}

new_uuid() { cat /proc/sys/kernel/random/uuid; }

ARN_RE="^arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:"
UUID_RE='^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'

# BatchGetSecretValue: the Debian CLI 2.9 predates it. Use it natively when the CLI
# knows it, else teach the CLI with the newer botocore model through AWS_DATA_PATH,
# else send the request signed by bench/sign_request.py with curl.
BATCH_MODE=""
batch_get() { # batch_get JSON-BODY
  local body=$1
  if [ -z "$BATCH_MODE" ]; then
    if "$AWS_BIN" secretsmanager batch-get-secret-value help >/dev/null 2>&1; then
      BATCH_MODE=cli
    elif [ -n "$MODELS" ] && [ -f "$MODELS/secretsmanager.service-2.json" ]; then
      mkdir -p "$WORK/models/secretsmanager/2017-10-17"
      cp "$MODELS/secretsmanager.service-2.json" "$WORK/models/secretsmanager/2017-10-17/service-2.json"
      BATCH_MODE=datapath
    else
      BATCH_MODE=raw
    fi
    printf '   (batch-get-secret-value via: %s)\n' "$BATCH_MODE"
  fi
  printf '   $ batch-get-secret-value %s\n' "$body"
  case "$BATCH_MODE" in
    cli) sm batch-get-secret-value --cli-input-json "$body" ;;
    datapath) AWS_DATA_PATH=$WORK/models sm batch-get-secret-value --cli-input-json "$body" ;;
    raw)
      local hdrs=()
      mapfile -t hdrs < <(python3 "$ROOT/bench/sign_request.py" --endpoint "$EP" \
        --target secretsmanager.BatchGetSecretValue --body "$body" --format curl)
      RC=0
      OUT=$(curl -sS -X POST "${hdrs[@]}" --data-binary "$body" "$EP/" 2>"$WORK/stderr") || RC=$?
      ERR=$(cat "$WORK/stderr")
      if [ "$RC" -eq 0 ] && jq -e 'has("__type")' <<<"$OUT" >/dev/null 2>&1; then
        ERR="An error occurred ($(jq -r '.__type' <<<"$OUT")): $(jq -r '.message // .Message' <<<"$OUT")"
        RC=254
      fi
      ;;
  esac
  [ "$RC" -eq 0 ] || fail "batch-get-secret-value failed (exit $RC)"
}

# ================================================================= the checks
step "server at $EP (secret prefix $P)"
if [ "${E2E_SKIP_HEALTH:-0}" != 1 ]; then
  deadline=$((SECONDS + ${E2E_WAIT_SECONDS:-30}))
  until curl -fsS -o /dev/null --max-time 2 "$EP/_homeport/health"; do
    [ "$SECONDS" -lt "$deadline" ] || fail "$EP/_homeport/health did not answer 200 within ${E2E_WAIT_SECONDS:-30}s"
    sleep 0.5
  done
  pass "GET /_homeport/health answers 200"

  step "SigV4 is checked"
  AWS_SECRET_ACCESS_KEY=wrong-secret expect_error InvalidSignatureException list-secrets --max-items 1
  AWS_ACCESS_KEY_ID=AKIDUNKNOWNE2E expect_error UnrecognizedClientException list-secrets --max-items 1

  step "sts get-caller-identity names the account's root user"
  ME=$("$AWS_BIN" --endpoint-url "$EP" --region "$REGION" --output json sts get-caller-identity) \
    || fail "aws sts get-caller-identity failed"
  [ "$(jq -r .Arn <<<"$ME")" = "arn:aws:iam::$ACCOUNT:root" ] || fail "caller is arn:aws:iam::$ACCOUNT:root: $ME"
  [ "$(jq -r .Account <<<"$ME")" = "$ACCOUNT" ] || fail "caller's account is $ACCOUNT: $ME"
  pass "sts get-caller-identity: arn:aws:iam::$ACCOUNT:root"
  if AWS_ACCESS_KEY_ID=AKIDUNKNOWNE2E "$AWS_BIN" --endpoint-url "$EP" --region "$REGION" sts get-caller-identity \
      >/dev/null 2>"$WORK/sts-err"; then
    fail "sts get-caller-identity with an unknown key succeeded"
  fi
  grep -q InvalidClientTokenId "$WORK/sts-err" || fail "unknown key: InvalidClientTokenId ($(cat "$WORK/sts-err"))"
  pass "sts get-caller-identity with an unknown key: InvalidClientTokenId"
fi

# ------------------------------------------------------------ create / get
step "create-secret with a SecretString"
N1="${P}db"
V_DB1='{"username":"admin","password":"s3cr3t-1"}'
create "$N1" --description "e2e database credentials" --secret-string "$V_DB1" \
  --tags Key=env,Value=dev Key=team,Value=core
check "ARN is arn:aws:secretsmanager:$REGION:$ACCOUNT:secret:<name>-<6 chars>" \
  '.ARN | test($re + $n + "-[A-Za-z0-9]{6}$")' --arg re "$ARN_RE" --arg n "$N1"
check "Name is returned" '.Name == $n' --arg n "$N1"
check "VersionId is a UUID (the CLI's ClientRequestToken)" '.VersionId | test($re)' --arg re "$UUID_RE"
ARN1=$(jq -r .ARN <<<"$OUT")
V1=$(jq -r .VersionId <<<"$OUT")

step "get-secret-value by name, full ARN and partial ARN"
ok get-secret-value --secret-id "$N1"
check "SecretString round-trips" '.SecretString == $v' --arg v "$V_DB1"
check "VersionId is the first version" '.VersionId == $v' --arg v "$V1"
check "first version is AWSCURRENT" '.VersionStages == ["AWSCURRENT"]'
check "ARN and Name" '.ARN == $a and .Name == $n' --arg a "$ARN1" --arg n "$N1"
check "CreatedDate is epoch seconds" '.CreatedDate | type == "number"'
check "no SecretBinary on a string secret" '.SecretBinary == null'
ok get-secret-value --secret-id "$ARN1"
check "lookup by full ARN" '.SecretString == $v and .ARN == $a' --arg v "$V_DB1" --arg a "$ARN1"
PARTIAL="arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${N1}"
ok get-secret-value --secret-id "$PARTIAL"
check "lookup by partial ARN (no 6-char suffix)" '.SecretString == $v and .ARN == $a' --arg v "$V_DB1" --arg a "$ARN1"

step "create-secret with a SecretBinary (fileb://)"
NBIN="${P}bin"
{ printf '\000\001\002\377\376binary\000data\n'; head -c 200 /dev/urandom; } >"$WORK/secret.bin"
create "$NBIN" --secret-binary "fileb://$WORK/secret.bin"
ok get-secret-value --secret-id "$NBIN"
check "SecretBinary is the file, base64-encoded" '.SecretBinary == $b' --arg b "$(base64 -w0 "$WORK/secret.bin")"
check "no SecretString on a binary secret" '.SecretString == null'
jq -r .SecretBinary <<<"$OUT" | base64 -d >"$WORK/secret.out"
cmp -s "$WORK/secret.bin" "$WORK/secret.out" || fail "decoded SecretBinary differs from the file"
pass "decoded SecretBinary is byte-identical"

# ------------------------------------------------------------ versions
step "put-secret-value moves AWSCURRENT / AWSPREVIOUS"
V_DB2='{"username":"admin","password":"s3cr3t-2"}'
ok put-secret-value --secret-id "$N1" --secret-string "$V_DB2"
check "new VersionId" '.VersionId != $v1 and (.VersionId | test($re))' --arg v1 "$V1" --arg re "$UUID_RE"
check "new version is AWSCURRENT" '.VersionStages == ["AWSCURRENT"]'
check "ARN and Name" '.ARN == $a and .Name == $n' --arg a "$ARN1" --arg n "$N1"
V2=$(jq -r .VersionId <<<"$OUT")
ok get-secret-value --secret-id "$N1"
check "AWSCURRENT is the new value" '.SecretString == $v and .VersionId == $id' --arg v "$V_DB2" --arg id "$V2"
ok get-secret-value --secret-id "$N1" --version-stage AWSPREVIOUS
check "AWSPREVIOUS is the first value" '.SecretString == $v and .VersionId == $id' --arg v "$V_DB1" --arg id "$V1"
ok get-secret-value --secret-id "$N1" --version-id "$V1"
check "by VersionId, with its labels" '.SecretString == $v and .VersionStages == ["AWSPREVIOUS"]' --arg v "$V_DB1"

step "list-secret-version-ids"
ok list-secret-version-ids --secret-id "$N1"
check "two versions" '.Versions | length == 2'
check "labels per version" \
  '(.Versions | map({(.VersionId): .VersionStages}) | add) == {($v1): ["AWSPREVIOUS"], ($v2): ["AWSCURRENT"]}' \
  --arg v1 "$V1" --arg v2 "$V2"
check "ARN and Name" '.ARN == $a and .Name == $n' --arg a "$ARN1" --arg n "$N1"

V_DB3='{"username":"admin","password":"s3cr3t-3"}'
ok put-secret-value --secret-id "$N1" --secret-string "$V_DB3"
V3=$(jq -r .VersionId <<<"$OUT")
ok list-secret-version-ids --secret-id "$N1"
check "a version without labels is deprecated and hidden by default" \
  '(.Versions | map(.VersionId) | sort) == ([$v2, $v3] | sort)' --arg v2 "$V2" --arg v3 "$V3"
ok list-secret-version-ids --secret-id "$N1" --include-deprecated
check "--include-deprecated shows it" '(.Versions | length == 3) and any(.Versions[]; .VersionId == $v1 and ((.VersionStages // []) == []))' --arg v1 "$V1"
ok get-secret-value --secret-id "$N1" --version-id "$V1"
check "a deprecated version is still readable by VersionId" '.SecretString == $v and ((.VersionStages // []) == [])' --arg v "$V_DB1"

# ------------------------------------------------------------ describe / update
step "describe-secret"
ok describe-secret --secret-id "$N1"
check "Name, ARN, Description" '.Name == $n and .ARN == $a and .Description == "e2e database credentials"' --arg n "$N1" --arg a "$ARN1"
check "Tags" '(.Tags | map({(.Key): .Value}) | add) == {"env": "dev", "team": "core"}'
check "VersionIdsToStages lists labelled versions only" \
  '.VersionIdsToStages == {($v2): ["AWSPREVIOUS"], ($v3): ["AWSCURRENT"]}' --arg v2 "$V2" --arg v3 "$V3"
check "rotation is off" '(.RotationEnabled // false) == false'
check "CreatedDate and LastChangedDate are epoch seconds" '(.CreatedDate | type == "number") and (.LastChangedDate | type == "number")'
check "not deleted" '.DeletedDate == null'
ok describe-secret --secret-id "$PARTIAL"
check "describe by partial ARN" '.ARN == $a' --arg a "$ARN1"

step "update-secret"
ok update-secret --secret-id "$N1" --description "e2e database credentials, updated"
check "metadata-only update answers ARN and Name, no new version" '.ARN == $a and .Name == $n and .VersionId == null' --arg a "$ARN1" --arg n "$N1"
ok describe-secret --secret-id "$N1"
check "Description changed" '.Description == "e2e database credentials, updated"'
V_DB4='{"username":"admin","password":"s3cr3t-4"}'
ok update-secret --secret-id "$N1" --secret-string "$V_DB4"
check "update with a value creates a version" '.VersionId | test($re)' --arg re "$UUID_RE"
V4=$(jq -r .VersionId <<<"$OUT")
ok get-secret-value --secret-id "$N1"
check "new value is AWSCURRENT" '.SecretString == $v and .VersionId == $id' --arg v "$V_DB4" --arg id "$V4"
ok get-secret-value --secret-id "$N1" --version-stage AWSPREVIOUS
check "previous current is AWSPREVIOUS" '.VersionId == $id' --arg id "$V3"

# ------------------------------------------------------------ idempotency
step "ClientRequestToken idempotency"
TOK=$(new_uuid)
ok put-secret-value --secret-id "$N1" --client-request-token "$TOK" --secret-string "value-for-token"
check "VersionId is the ClientRequestToken" '.VersionId == $t' --arg t "$TOK"
ok list-secret-version-ids --secret-id "$N1" --include-deprecated
NVERS=$(jq '.Versions | length' <<<"$OUT")
ok put-secret-value --secret-id "$N1" --client-request-token "$TOK" --secret-string "value-for-token"
check "same token, same value: answers the same version" '.VersionId == $t' --arg t "$TOK"
ok list-secret-version-ids --secret-id "$N1" --include-deprecated
check "same token, same value: no new version" '.Versions | length == $n' --argjson n "$NVERS"
ok get-secret-value --secret-id "$N1"
check "the token's version is AWSCURRENT" '.VersionId == $t and .SecretString == "value-for-token"' --arg t "$TOK"
expect_error ResourceExistsException put-secret-value --secret-id "$N1" --client-request-token "$TOK" --secret-string "another-value"
NTOK="${P}tok"
TOK2=$(new_uuid)
create "$NTOK" --secret-string "first" --client-request-token "$TOK2"
check "create-secret uses the given ClientRequestToken as VersionId" '.VersionId == $t' --arg t "$TOK2"

# ------------------------------------------------------------ staging labels
step "update-secret-version-stage"
# Now: TOK is AWSCURRENT, V4 is AWSPREVIOUS.
ok update-secret-version-stage --secret-id "$N1" --version-stage STAGING --move-to-version-id "$V4"
check "answers ARN and Name" '.ARN == $a and .Name == $n' --arg a "$ARN1" --arg n "$N1"
ok get-secret-value --secret-id "$N1" --version-stage STAGING
check "custom label STAGING is on V4" '.VersionId == $v and (.VersionStages | sort) == ["AWSPREVIOUS", "STAGING"]' --arg v "$V4"
expect_error InvalidParameterException update-secret-version-stage --secret-id "$N1" --version-stage AWSCURRENT --move-to-version-id "$V4"
err_says "RemoveFromVersionId"
ok update-secret-version-stage --secret-id "$N1" --version-stage AWSCURRENT --move-to-version-id "$V4" --remove-from-version-id "$TOK"
ok get-secret-value --secret-id "$N1"
check "AWSCURRENT moved back to V4" '.VersionId == $v and .SecretString == $s' --arg v "$V4" --arg s "$V_DB4"
ok list-secret-version-ids --secret-id "$N1"
check "AWSPREVIOUS follows to the version AWSCURRENT left" \
  '(.Versions | map({(.VersionId): (.VersionStages | sort)}) | add) == {($v4): ["AWSCURRENT", "STAGING"], ($t): ["AWSPREVIOUS"]}' \
  --arg v4 "$V4" --arg t "$TOK"
ok update-secret-version-stage --secret-id "$N1" --version-stage STAGING --remove-from-version-id "$V4"
ok list-secret-version-ids --secret-id "$N1"
check "STAGING removed" 'all(.Versions[]; (.VersionStages | index("STAGING")) == null)'
sm get-secret-value --secret-id "$N1" --version-id "$TOK" --version-stage AWSCURRENT
[ "$RC" -eq 254 ] || fail "get-secret-value with a VersionStage not on the VersionId: expected exit 254, got $RC"
pass "get-secret-value with a VersionStage not on the VersionId fails (exit 254)"
err_says "You provided a VersionStage that is not associated to the provided VersionId."

# ------------------------------------------------------------ tags
step "tag-resource / untag-resource"
ok tag-resource --secret-id "$N1" --tags Key=owner,Value=e2e Key=env,Value=test
ok describe-secret --secret-id "$N1"
check "tags added, existing key overwritten" '(.Tags | map({(.Key): .Value}) | add) == {"env": "test", "team": "core", "owner": "e2e"}'
ok untag-resource --secret-id "$N1" --tag-keys team owner
ok describe-secret --secret-id "$N1"
check "tags removed" '(.Tags | map({(.Key): .Value}) | add) == {"env": "test"}'

# ------------------------------------------------------------ list-secrets
step "list-secrets with filters"
A1="${P}app/one" A2="${P}app/two" A3="${P}app/three" O1="${P}other"
create "$A1" --secret-string one --description "alpha service" --tags "Key=$RUNTAG,Value=yes" Key=tier,Value=gold
create "$A2" --secret-string two --tags "Key=$RUNTAG,Value=yes" Key=tier,Value=silver
create "$A3" --secret-string three --tags "Key=$RUNTAG,Value=yes"
create "$O1" --secret-string other --tags "Key=$RUNTAG,Value=yes"
names='[.SecretList[].Name] | sort'

ok list-secrets --filters "Key=name,Values=${P}app/"
check "name prefix" "$names == ([\$a1, \$a2, \$a3] | sort)" --arg a1 "$A1" --arg a2 "$A2" --arg a3 "$A3"
check "entries carry ARN, Tags and no value" \
  'all(.SecretList[]; (.ARN | test($re)) and (.Tags | type == "array") and .SecretString == null)' --arg re "$ARN_RE"
ok list-secrets --filters "Key=name,Values=${P}app/one,${P}other"
check "several values in one filter are OR-ed" "$names == ([\$a1, \$o1] | sort)" --arg a1 "$A1" --arg o1 "$O1"
ok list-secrets --filters "Key=name,Values=$P" Key=tag-key,Values=tier
check "tag-key AND name prefix" "$names == ([\$a1, \$a2] | sort)" --arg a1 "$A1" --arg a2 "$A2"
ok list-secrets --filters "Key=tag-key,Values=$RUNTAG" Key=tag-value,Values=gold
check "tag-value" "$names == [\$a1]" --arg a1 "$A1"
ok list-secrets --filters "Key=tag-key,Values=$RUNTAG" Key=description,Values=alpha
check "description" "$names == [\$a1]" --arg a1 "$A1"
ok list-secrets --filters "Key=tag-key,Values=$RUNTAG" "Key=name,Values=!${P}app/"
check "! negates a name prefix" "$names == [\$o1]" --arg o1 "$O1"

step "list-secrets pagination"
ok list-secrets --filters "Key=name,Values=${P}app/" --max-items 2 --page-size 1
check "--max-items 2 gives 2 items and a NextToken" '(.SecretList | length == 2) and (.NextToken | type == "string")'
PAGE1=$(jq -c '[.SecretList[].Name]' <<<"$OUT")
CLITOKEN=$(jq -r .NextToken <<<"$OUT")
ok list-secrets --filters "Key=name,Values=${P}app/" --max-items 2 --page-size 1 --starting-token "$CLITOKEN"
check "--starting-token gives the rest, no NextToken" '(.SecretList | length == 1) and .NextToken == null'
check "pages are disjoint and complete" \
  '($p1 + [.SecretList[].Name] | sort) == ([$a1, $a2, $a3] | sort)' \
  --argjson p1 "$PAGE1" --arg a1 "$A1" --arg a2 "$A2" --arg a3 "$A3"
# The server's own tokens, one MaxResults=1 page at a time.
SEEN='[]' TOKEN="" PAGES=0
while :; do
  PAGES=$((PAGES + 1))
  [ "$PAGES" -le 20 ] || fail "server pagination did not end after 20 pages"
  if [ -z "$TOKEN" ]; then
    ok list-secrets --no-paginate --max-results 1 --filters "Key=name,Values=${P}app/"
  else
    ok list-secrets --no-paginate --max-results 1 --filters "Key=name,Values=${P}app/" --next-token "$TOKEN"
  fi
  jq -e '.SecretList | length <= 1' <<<"$OUT" >/dev/null || fail "MaxResults=1 answered more than 1 secret"
  SEEN=$(jq -c --argjson s "$SEEN" '$s + [.SecretList[].Name]' <<<"$OUT")
  TOKEN=$(jq -r '.NextToken // empty' <<<"$OUT")
  [ -n "$TOKEN" ] || break
done
OUT=$SEEN
check "MaxResults/NextToken walk every secret once" '(. | sort) == ([$a1, $a2, $a3] | sort)' --arg a1 "$A1" --arg a2 "$A2" --arg a3 "$A3"

# ------------------------------------------------------------ random passwords
step "get-random-password"
ok get-random-password
check "default: 32 chars with lower, upper, digit and punctuation" \
  '.RandomPassword | (length == 32) and test("[a-z]") and test("[A-Z]") and test("[0-9]") and test("[^A-Za-z0-9]")'
ok get-random-password --password-length 64 --exclude-punctuation --exclude-numbers
check "--exclude-punctuation --exclude-numbers" '.RandomPassword | test("^[A-Za-z]{64}$")'
ok get-random-password --password-length 20 --exclude-uppercase --exclude-lowercase --exclude-punctuation
check "digits only" '.RandomPassword | test("^[0-9]{20}$")'
ok get-random-password --password-length 100 --exclude-characters 'aeiouAEIOU01'
check "--exclude-characters" '.RandomPassword | (length == 100) and (test("[aeiouAEIOU01]") | not)'
ok get-random-password --password-length 12 --include-space --exclude-punctuation
check "--include-space allows spaces only from [A-Za-z0-9 ]" '.RandomPassword | test("^[A-Za-z0-9 ]{12}$")'

# ------------------------------------------------------------ resource policies
step "resource policies"
POLICY=$(jq -cn --arg acct "$ACCOUNT" '{Version: "2012-10-17", Statement: [{Effect: "Allow",
  Principal: {AWS: ("arn:aws:iam::" + $acct + ":root")}, Action: "secretsmanager:GetSecretValue", Resource: "*"}]}')
ok validate-resource-policy --resource-policy "$POLICY"
check "a valid policy passes validation" '.PolicyValidationPassed == true'
ok validate-resource-policy --secret-id "$N1" --resource-policy "$POLICY"
check "a valid policy passes validation for a secret" '.PolicyValidationPassed == true'
sm validate-resource-policy --resource-policy '{"Version": "2012-10-17", "Statement": [ not json'
[ "$RC" -eq 254 ] || fail "validate-resource-policy on malformed JSON: expected exit 254, got $RC"
case "$ERR" in *"An error occurred ("*) pass "malformed policy JSON is rejected (exit 254)" ;; *) fail "no AWS error on malformed policy JSON" ;; esac
ok put-resource-policy --secret-id "$N1" --resource-policy "$POLICY"
check "put answers ARN and Name" '.ARN == $a and .Name == $n' --arg a "$ARN1" --arg n "$N1"
ok get-resource-policy --secret-id "$N1"
check "get answers the same policy" '.ARN == $a and .Name == $n and (.ResourcePolicy | fromjson) == ($p | fromjson)' \
  --arg a "$ARN1" --arg n "$N1" --arg p "$POLICY"
ok delete-resource-policy --secret-id "$N1"
check "delete answers ARN and Name" '.ARN == $a and .Name == $n' --arg a "$ARN1" --arg n "$N1"
ok get-resource-policy --secret-id "$N1"
check "no policy after delete" '.ResourcePolicy == null and .Name == $n' --arg n "$N1"

# ------------------------------------------------------------ batch get
step "batch-get-secret-value"
batch_get "$(jq -cn --arg a "$N1" --arg b "$A1" '{SecretIdList: [$a, $b]}')"
check "two values by SecretIdList" \
  '(.SecretValues | map({(.Name): .SecretString}) | add) == {($n1): $v1, ($a1): "one"}' \
  --arg n1 "$N1" --arg v1 "$V_DB4" --arg a1 "$A1"
check "values carry ARN, VersionId and AWSCURRENT" 'all(.SecretValues[]; (.ARN | test($re)) and (.VersionId | length > 0) and (.VersionStages | index("AWSCURRENT")))' --arg re "$ARN_RE"
check "no errors" '(.Errors // []) == []'
batch_get "$(jq -cn --arg a "$N1" --arg b "${P}missing" '{SecretIdList: [$a, $b]}')"
check "a missing secret lands in Errors" \
  '(.SecretValues | map(.Name)) == [$n1] and (.Errors | length == 1) and .Errors[0].ErrorCode == "ResourceNotFoundException" and .Errors[0].SecretId == $m' \
  --arg n1 "$N1" --arg m "${P}missing"
batch_get "$(jq -cn --arg p "${P}app/" '{Filters: [{Key: "name", Values: [$p]}]}')"
check "by Filters" '([.SecretValues[].Name] | sort) == ([$a1, $a2, $a3] | sort)' --arg a1 "$A1" --arg a2 "$A2" --arg a3 "$A3"

# ------------------------------------------------------------ delete / restore
step "delete-secret with a recovery window, then restore-secret"
expect_error InvalidParameterException delete-secret --secret-id "$A3" --recovery-window-in-days 3
expect_error InvalidParameterException delete-secret --secret-id "$A3" --recovery-window-in-days 7 --force-delete-without-recovery
NOW=$(date +%s)
ok delete-secret --secret-id "$A3" --recovery-window-in-days 7
check "answers Name and ARN" '.Name == $n and (.ARN | test($re))' --arg n "$A3" --arg re "$ARN_RE"
check "DeletionDate is about 7 days away" '.DeletionDate | type == "number" and (. - $now) > (7*86400 - 3600) and (. - $now) < (7*86400 + 3600)' --argjson now "$NOW"
expect_error InvalidRequestException get-secret-value --secret-id "$A3"
err_says "marked for deletion"
expect_error InvalidRequestException put-secret-value --secret-id "$A3" --secret-string again
ok describe-secret --secret-id "$A3"
check "describe-secret shows DeletedDate" '.DeletedDate | type == "number"'
ok list-secrets --filters "Key=name,Values=${P}app/"
check "hidden from list-secrets" "$names == ([\$a1, \$a2] | sort)" --arg a1 "$A1" --arg a2 "$A2"
ok list-secrets --filters "Key=name,Values=${P}app/" --include-planned-deletion
check "shown with --include-planned-deletion" "$names == ([\$a1, \$a2, \$a3] | sort)" --arg a1 "$A1" --arg a2 "$A2" --arg a3 "$A3"
ok restore-secret --secret-id "$A3"
check "restore answers Name" '.Name == $n' --arg n "$A3"
ok get-secret-value --secret-id "$A3"
check "readable again" '.SecretString == "three"'
ok describe-secret --secret-id "$A3"
check "DeletedDate cleared" '.DeletedDate == null'

step "delete-secret --force-delete-without-recovery"
ok delete-secret --secret-id "$O1" --force-delete-without-recovery
check "answers Name" '.Name == $n' --arg n "$O1"
expect_error ResourceNotFoundException get-secret-value --secret-id "$O1"
expect_error ResourceNotFoundException describe-secret --secret-id "$O1"

# ------------------------------------------------------------ errors
step "error cases"
expect_error ResourceNotFoundException get-secret-value --secret-id "${P}does-not-exist"
err_says "Secrets Manager can't find the specified secret."
expect_error ResourceNotFoundException describe-secret --secret-id "arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${P}does-not-exist-AbCdEf"
expect_error ResourceNotFoundException get-secret-value --secret-id "$N1" --version-id "$(new_uuid)"
expect_error ResourceExistsException create-secret --name "$N1" --secret-string duplicate
err_says "already exists"
expect_error InvalidRequestException rotate-secret --secret-id "$N1" --rotation-rules AutomaticallyAfterDays=30

step "done"
printf '%d passed, %d failed\n' "$PASS" "$FAILED"
[ "$FAILED" -eq 0 ]
