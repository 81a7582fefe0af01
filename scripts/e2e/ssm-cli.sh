#!/usr/bin/env bash
# shellcheck disable=SC2016  # jq programs use $variables inside single quotes on purpose
# End-to-end check of Homeport's SSM Parameter Store, driven by the AWS CLI v2: put (String, StringList,
# SecureString), get by name, version and label, get-parameters, get-parameters-by-path (the CLI pages through
# NextToken), history, labels, describe with filters, tags, delete, and the errors users meet first.
#
# Needs a RUNNING Homeport (see scripts/start.sh). Uses:
#   HOMEPORT_ENDPOINT  endpoint to talk to            (default http://localhost:4566)
#   AWS_BIN            the AWS CLI v2 binary          (default /usr/bin/aws, Debian's awscli)
#   HOMEPORT_ACCOUNT   account id expected in ARNs    (default 000000000000)
#   E2E_KEEP=1         keep the parameters this run created (default: delete them)
#   E2E_KEEP_GOING=1   report every failed check instead of stopping at the first
#
# Every parameter lives under a per-run path (/e2e/<pid>-<random>/), so runs don't collide on a shared server.
# Ends with "N passed, 0 failed".
set -euo pipefail

EP=${HOMEPORT_ENDPOINT:-http://localhost:4566}
EP=${EP%/}
AWS_BIN=${AWS_BIN:-/usr/bin/aws}
REGION=us-east-1
ACCOUNT=${HOMEPORT_ACCOUNT:-000000000000}
P="/e2e/$$-$RANDOM"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/homeport-e2e-ssm.XXXXXX")

E2E_SERVICE=ssm
# shellcheck source=scripts/e2e/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
e2e_require_tools "$AWS_BIN" jq curl
e2e_isolate_cli

cleanup() {
  local rc=$?
  if [ "${E2E_KEEP:-0}" != 1 ]; then
    "$AWS_BIN" --endpoint-url "$EP" --region "$REGION" --output json ssm get-parameters-by-path --path "$P" \
      --recursive --query 'Parameters[].Name' --output text 2>/dev/null | tr '\t' '\n' | while read -r n; do
      [ -n "$n" ] && "$AWS_BIN" --endpoint-url "$EP" --region "$REGION" ssm delete-parameter --name "$n" \
        >/dev/null 2>&1 || true
    done
  fi
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step "put-parameter (prefix $P)"
ok put-parameter --name "$P/db/host" --value db.internal --type String --description "database host"
check "a new parameter is version 1, Standard" '.Version == 1 and .Tier == "Standard"'
ok put-parameter --name "$P/db/password" --value 'pa55-w0rd!' --type SecureString --tags Key=team,Value=core
ok put-parameter --name "$P/db/replicas" --value 'r1,r2' --type StringList
ok put-parameter --name "$P/app/deep/flag" --value on --type String
expect_error ParameterAlreadyExists put-parameter --name "$P/db/host" --value other --type String
err_says "To overwrite this value, set the overwrite option in the request to true."
ok put-parameter --name "$P/db/host" --value db2.internal --overwrite
check "an overwrite is version 2" '.Version == 2'
expect_error ValidationException put-parameter --name "$P/big" --value "$(head -c 4097 /dev/zero | tr '\0' x)" \
  --type String
err_says "Standard tier parameters support a maximum parameter value of 4096 characters."

step "get-parameter"
ok get-parameter --name "$P/db/host"
check "the latest value, its ARN without a doubled slash" \
  '.Parameter.Value == "db2.internal" and .Parameter.ARN == $arn' \
  --arg arn "arn:aws:ssm:$REGION:$ACCOUNT:parameter${P}/db/host"
ok get-parameter --name "$P/db/host:1"
check "a version selector reads version 1" '.Parameter.Value == "db.internal" and .Parameter.Selector == ":1"'
ok get-parameter --name "$P/db/password"
check "a SecureString without --with-decryption is not its plaintext" \
  '.Parameter.Type == "SecureString" and (.Parameter.Value | contains("pa55") | not)'
ok get-parameter --name "$P/db/password" --with-decryption
check "with --with-decryption it is" '.Parameter.Value == "pa55-w0rd!"'
expect_error ParameterNotFound get-parameter --name "$P/missing"
expect_error ParameterVersionNotFound get-parameter --name "$P/db/host:7"

step "get-parameters, get-parameters-by-path"
ok get-parameters --names "$P/db/host" "$P/missing" --with-decryption
check "found and invalid names" '(.Parameters | map(.Name)) == [$h] and .InvalidParameters == [$m]' \
  --arg h "$P/db/host" --arg m "$P/missing"
ok get-parameters-by-path --path "$P/db"
check "one level: three parameters" '(.Parameters | length) == 3'
ok get-parameters-by-path --path "$P" --recursive --page-size 1 --with-decryption
check "recursive, a page at a time: all four" '(.Parameters | map(.Name)) == [$a, $h, $p, $r]' \
  --arg a "$P/app/deep/flag" --arg h "$P/db/host" --arg p "$P/db/password" --arg r "$P/db/replicas"

step "labels and history"
ok label-parameter-version --name "$P/db/host" --parameter-version 1 --labels stable 9bad
check "one label put, one invalid" '.ParameterVersion == 1 and .InvalidLabels == ["9bad"]'
ok get-parameter --name "$P/db/host:stable"
check "a label selects its version" '.Parameter.Value == "db.internal"'
ok get-parameter-history --name "$P/db/host"
check "two versions, the label on the first" '(.Parameters | map(.Version)) == [1, 2] and .Parameters[0].Labels == ["stable"]'
ok unlabel-parameter-version --name "$P/db/host" --parameter-version 1 --labels stable
check "the label is removed" '.RemovedLabels == ["stable"]'

step "describe-parameters"
ok describe-parameters --parameter-filters "Key=Path,Option=Recursive,Values=$P" "Key=Type,Values=SecureString"
check "filtered by path and type" '(.Parameters | map(.Name)) == [$p] and .Parameters[0].KeyId == "alias/aws/ssm"' \
  --arg p "$P/db/password"
expect_error InvalidFilterOption describe-parameters --parameter-filters "Key=Path,Option=Equals,Values=$P"

step "tags"
ok list-tags-for-resource --resource-type Parameter --resource-id "$P/db/password"
check "the tag given at creation" '.TagList == [{"Key": "team", "Value": "core"}]'
ok add-tags-to-resource --resource-type Parameter --resource-id "$P/db/password" --tags Key=env,Value=dev
ok remove-tags-from-resource --resource-type Parameter --resource-id "$P/db/password" --tag-keys team
ok list-tags-for-resource --resource-type Parameter --resource-id "$P/db/password"
check "tags added and removed" '.TagList == [{"Key": "env", "Value": "dev"}]'

step "delete"
ok delete-parameters --names "$P/db/replicas" "$P/missing"
check "deleted and invalid names" '.DeletedParameters == [$r] and .InvalidParameters == [$m]' \
  --arg r "$P/db/replicas" --arg m "$P/missing"
ok delete-parameter --name "$P/app/deep/flag"
expect_error ParameterNotFound delete-parameter --name "$P/app/deep/flag"

printf '%d passed, %d failed\n' "$PASS" "$FAILED"
[ "$FAILED" -eq 0 ]
