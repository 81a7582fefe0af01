#!/usr/bin/env bash
# shellcheck disable=SC2016  # jq programs use $variables inside single quotes on purpose
# End-to-end check of identity and access with the AWS CLI v2: `aws iam` (users, access keys, policies, groups,
# roles), `aws sts get-caller-identity` as an IAM user, `aws sts assume-role` and its session, `aws cloudtrail
# lookup-events` (the audit trail of it all), and enforcement: an IAM user's key is refused what its
# policies do not allow, in AWS's words, until a policy allows it.
#
# Needs a RUNNING Homeport (see scripts/start.sh). Uses:
#   HOMEPORT_ENDPOINT  endpoint to talk to            (default http://localhost:4566)
#   AWS_BIN            the AWS CLI v2 binary          (default /usr/bin/aws, Debian's awscli)
#   HOMEPORT_ACCOUNT   account id of the test/test key (default 000000000000)
#   E2E_KEEP_GOING=1   report every failed check instead of stopping at the first
#
# Entity names carry a per-run suffix, so runs don't collide on a shared server; everything is deleted at the end.
set -euo pipefail

EP=${HOMEPORT_ENDPOINT:-http://localhost:4566}
EP=${EP%/}
AWS_BIN=${AWS_BIN:-/usr/bin/aws}
REGION=us-east-1
ACCOUNT=${HOMEPORT_ACCOUNT:-000000000000}
S="$$-$RANDOM"
USER_NAME="e2e-user-$S"
GROUP_NAME="e2e-group-$S"
ROLE_NAME="e2e-role-$S"
POLICY_NAME="e2e-policy-$S"
SECRET_NAME="e2e-iam-$S/db"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/homeport-e2e-iam.XXXXXX")

E2E_SERVICE=iam
# shellcheck source=scripts/e2e/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
e2e_require_tools "$AWS_BIN" jq curl
e2e_isolate_cli

root() { "$AWS_BIN" --endpoint-url "$EP" --region "$REGION" --output json "$@"; }

cleanup() {
  local rc=$?
  root iam detach-user-policy --user-name "$USER_NAME" --policy-arn "arn:aws:iam::$ACCOUNT:policy/$POLICY_NAME" >/dev/null 2>&1 || true
  root iam delete-user-policy --user-name "$USER_NAME" --policy-name deny-writes >/dev/null 2>&1 || true
  root iam delete-user-policy --user-name "$USER_NAME" --policy-name deletes >/dev/null 2>&1 || true
  root iam delete-user-policy --user-name "$USER_NAME" --policy-name log-groups >/dev/null 2>&1 || true
  for g in tagged untagged; do root logs delete-log-group --log-group-name "/e2e/iam/$USER_NAME/$g" >/dev/null 2>&1 || true; done
  root iam delete-user-policy --user-name "$USER_NAME" --policy-name assume >/dev/null 2>&1 || true
  root iam remove-user-from-group --user-name "$USER_NAME" --group-name "$GROUP_NAME" >/dev/null 2>&1 || true
  for k in $(root iam list-access-keys --user-name "$USER_NAME" 2>/dev/null | jq -r '.AccessKeyMetadata[].AccessKeyId'); do
    root iam delete-access-key --user-name "$USER_NAME" --access-key-id "$k" >/dev/null 2>&1 || true
  done
  root iam delete-user --user-name "$USER_NAME" >/dev/null 2>&1 || true
  root iam delete-group --group-name "$GROUP_NAME" >/dev/null 2>&1 || true
  root iam detach-role-policy --role-name "$ROLE_NAME" \
    --policy-arn arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy >/dev/null 2>&1 || true
  root iam delete-role --role-name "$ROLE_NAME" >/dev/null 2>&1 || true
  root iam delete-policy --policy-arn "arn:aws:iam::$ACCOUNT:policy/$POLICY_NAME" >/dev/null 2>&1 || true
  for sid in "$SECRET_NAME" "$SECRET_NAME-del"; do
    root secretsmanager delete-secret --secret-id "$sid" --force-delete-without-recovery >/dev/null 2>&1 || true
  done
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# as_user ARGS...: run `aws ARGS` signed with the IAM user's key; sets OUT, ERR, RC.
as_user() {
  RC=0
  OUT=$(AWS_ACCESS_KEY_ID=$USER_KEY AWS_SECRET_ACCESS_KEY=$USER_SECRET \
    "$AWS_BIN" --endpoint-url "$EP" --region "$REGION" --output json "$@" 2>"$WORK/stderr") || RC=$?
  ERR=$(cat "$WORK/stderr")
}

step "server at $EP"
deadline=$((SECONDS + ${E2E_WAIT_SECONDS:-30}))
until curl -fsS -o /dev/null --max-time 2 "$EP/_homeport/health"; do
  [ "$SECONDS" -lt "$deadline" ] || fail "$EP/_homeport/health did not answer 200"
  sleep 0.5
done
pass "GET /_homeport/health answers 200"

step "a user and its access key"
ok create-user --user-name "$USER_NAME" --path /e2e/ --tags Key=team,Value=db
check "the user's ARN has its path" '.User.Arn == $a' --arg a "arn:aws:iam::$ACCOUNT:user/e2e/$USER_NAME"
expect_error EntityAlreadyExists create-user --user-name "$USER_NAME"
ok create-access-key --user-name "$USER_NAME"
check "an AKIA key id and a 40-character secret" '(.AccessKey.AccessKeyId | startswith("AKIA")) and (.AccessKey.SecretAccessKey | length == 40)'
USER_KEY=$(jq -r .AccessKey.AccessKeyId <<<"$OUT")
USER_SECRET=$(jq -r .AccessKey.SecretAccessKey <<<"$OUT")
ok list-access-keys --user-name "$USER_NAME"
check "the key is listed, without its secret" '(.AccessKeyMetadata | length == 1) and (tostring | contains("SecretAccessKey") | not)'

step "sts get-caller-identity as the user"
as_user sts get-caller-identity
[ "$RC" -eq 0 ] || fail "sts get-caller-identity as the user failed"
check "the caller is the user" '.Arn == $a' --arg a "arn:aws:iam::$ACCOUNT:user/e2e/$USER_NAME"

step "a user without policies is refused, in AWS's words"
root secretsmanager create-secret --name "$SECRET_NAME" --secret-string '{"password":"e2e-iam-value"}' >/dev/null
as_user secretsmanager get-secret-value --secret-id "$SECRET_NAME"
[ "$RC" -eq 254 ] || fail "get-secret-value without a policy: expected exit 254, got $RC"
err_says "(AccessDeniedException)"
err_says "User: arn:aws:iam::$ACCOUNT:user/e2e/$USER_NAME is not authorized to perform: secretsmanager:GetSecretValue"
err_says "because no identity-based policy allows the secretsmanager:GetSecretValue action"
case "$ERR" in *e2e-iam-value*) fail "the denial shows the secret value" ;; *) pass "the denial shows no secret value" ;; esac

step "a customer managed policy, attached, allows it"
DOC='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["secretsmanager:GetSecretValue","secretsmanager:DescribeSecret"],"Resource":"*"}]}'
ok create-policy --policy-name "$POLICY_NAME" --policy-document "$DOC"
check "the policy's ARN" '.Policy.Arn == $a' --arg a "arn:aws:iam::$ACCOUNT:policy/$POLICY_NAME"
ok get-policy-version --policy-arn "arn:aws:iam::$ACCOUNT:policy/$POLICY_NAME" --version-id v1
check "the CLI decodes the document" '.PolicyVersion.Document.Statement[0].Effect == "Allow"'
ok attach-user-policy --user-name "$USER_NAME" --policy-arn "arn:aws:iam::$ACCOUNT:policy/$POLICY_NAME"
as_user secretsmanager get-secret-value --secret-id "$SECRET_NAME"
[ "$RC" -eq 0 ] || fail "get-secret-value with the policy attached failed: $ERR"
check "the user reads the secret" '.SecretString | contains("e2e-iam-value")'
as_user secretsmanager put-secret-value --secret-id "$SECRET_NAME" --secret-string x
[ "$RC" -eq 254 ] || fail "put-secret-value is not in the policy: expected exit 254"
err_says "secretsmanager:PutSecretValue"

step "an explicit deny wins"
ok put-user-policy --user-name "$USER_NAME" --policy-name deny-writes --policy-document \
  '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}'
as_user secretsmanager get-secret-value --secret-id "$SECRET_NAME"
[ "$RC" -eq 254 ] || fail "get-secret-value under an explicit deny: expected exit 254"
err_says "with an explicit deny in an identity-based policy"
ok delete-user-policy --user-name "$USER_NAME" --policy-name deny-writes

step "request keys: a deny on deleting without recovery refuses only that delete"
root secretsmanager create-secret --name "$SECRET_NAME-del" --secret-string x >/dev/null
ok put-user-policy --user-name "$USER_NAME" --policy-name deletes --policy-document \
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:DeleteSecret","Resource":"*"},{"Effect":"Deny","Action":"secretsmanager:DeleteSecret","Resource":"*","Condition":{"Bool":{"secretsmanager:ForceDeleteWithoutRecovery":"true"}}}]}'
as_user secretsmanager delete-secret --secret-id "$SECRET_NAME-del" --force-delete-without-recovery
[ "$RC" -eq 254 ] || fail "delete-secret --force-delete-without-recovery under the deny: expected exit 254, got $RC"
err_says "with an explicit deny in an identity-based policy"
as_user secretsmanager delete-secret --secret-id "$SECRET_NAME-del" --recovery-window-in-days 7
[ "$RC" -eq 0 ] || fail "delete-secret with a recovery window failed: $ERR"
check "the secret is scheduled for deletion, recoverable" '.DeletionDate != null'
ok delete-user-policy --user-name "$USER_NAME" --policy-name deletes

step "tags: a tagged create needs the tagging permission; a deny on a resource's tag applies"
ok put-user-policy --user-name "$USER_NAME" --policy-name log-groups --policy-document \
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogGroup","logs:DeleteLogGroup"],"Resource":"*"},{"Effect":"Deny","Action":"logs:DeleteLogGroup","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/env":"prod"}}}]}'
as_user logs create-log-group --log-group-name "/e2e/iam/$USER_NAME/tagged" --tags env=prod
[ "$RC" -eq 254 ] || fail "create-log-group with tags and no logs:TagResource: expected exit 254, got $RC"
err_says "(AccessDeniedException)"
err_says "is not authorized to perform CreateLogGroup with Tags. An additional permission \"logs:TagResource\" is required."
as_user logs create-log-group --log-group-name "/e2e/iam/$USER_NAME/untagged"
[ "$RC" -eq 0 ] || fail "create-log-group without tags failed: $ERR"
pass "the same group without tags is created"
root logs create-log-group --log-group-name "/e2e/iam/$USER_NAME/tagged" --tags env=prod >/dev/null
as_user logs delete-log-group --log-group-name "/e2e/iam/$USER_NAME/tagged"
[ "$RC" -eq 254 ] || fail "delete-log-group of a group tagged env=prod: expected exit 254, got $RC"
err_says "with an explicit deny in an identity-based policy"
as_user logs delete-log-group --log-group-name "/e2e/iam/$USER_NAME/untagged"
[ "$RC" -eq 0 ] || fail "delete-log-group of an untagged group failed: $ERR"
pass "the untagged group is the user's to delete"
ok delete-user-policy --user-name "$USER_NAME" --policy-name log-groups

step "malformed policies get IAM's answer"
expect_error MalformedPolicyDocument put-user-policy --user-name "$USER_NAME" --policy-name bad \
  --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Resource":"*"}]}'
err_says "Policy statement must contain actions."

step "groups and roles"
ok create-group --group-name "$GROUP_NAME"
ok add-user-to-group --group-name "$GROUP_NAME" --user-name "$USER_NAME"
ok get-group --group-name "$GROUP_NAME"
check "the group lists its member" '.Users | map(.UserName) | index($u) != null' --arg u "$USER_NAME"
TRUST='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}'
ok create-role --role-name "$ROLE_NAME" --assume-role-policy-document "$TRUST"
check "the role's trust policy, decoded" '.Role.AssumeRolePolicyDocument.Statement[0].Principal.Service == "ecs-tasks.amazonaws.com"'
ok attach-role-policy --role-name "$ROLE_NAME" --policy-arn arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy
ok list-attached-role-policies --role-name "$ROLE_NAME"
check "the AWS managed policy is attached" '.AttachedPolicies[0].PolicyName == "AmazonECSTaskExecutionRolePolicy"'
expect_error DeleteConflict delete-role --role-name "$ROLE_NAME"

step "sts assume-role: temporary credentials that act as the role"
ok put-user-policy --user-name "$USER_NAME" --policy-name assume --policy-document \
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}'
ok update-assume-role-policy --role-name "$ROLE_NAME" --policy-document \
  "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::$ACCOUNT:root\"},\"Action\":\"sts:AssumeRole\"}]}"
as_user sts assume-role --role-arn "arn:aws:iam::$ACCOUNT:role/$ROLE_NAME" --role-session-name e2e-session
[ "$RC" -eq 0 ] || fail "sts assume-role as the user failed: $ERR"
check "ASIA credentials with a session token and an expiration" \
  '(.Credentials.AccessKeyId | startswith("ASIA")) and (.Credentials.SessionToken | length > 20) and (.Credentials.Expiration != null)'
check "the assumed-role ARN" '.AssumedRoleUser.Arn == $a' --arg a "arn:aws:sts::$ACCOUNT:assumed-role/$ROLE_NAME/e2e-session"
S_KEY=$(jq -r .Credentials.AccessKeyId <<<"$OUT")
S_SECRET=$(jq -r .Credentials.SecretAccessKey <<<"$OUT")
S_TOKEN=$(jq -r .Credentials.SessionToken <<<"$OUT")
RC=0
OUT=$(AWS_ACCESS_KEY_ID=$S_KEY AWS_SECRET_ACCESS_KEY=$S_SECRET AWS_SESSION_TOKEN=$S_TOKEN \
  "$AWS_BIN" --endpoint-url "$EP" --region "$REGION" --output json sts get-caller-identity 2>"$WORK/stderr") || RC=$?
ERR=$(cat "$WORK/stderr")
[ "$RC" -eq 0 ] || fail "get-caller-identity with the session's credentials failed: $ERR"
check "the session is the role" '.Arn == $a' --arg a "arn:aws:sts::$ACCOUNT:assumed-role/$ROLE_NAME/e2e-session"
RC=0
OUT=$(AWS_ACCESS_KEY_ID=$S_KEY AWS_SECRET_ACCESS_KEY=$S_SECRET AWS_SESSION_TOKEN="${S_TOKEN%??}AA" \
  "$AWS_BIN" --endpoint-url "$EP" --region "$REGION" --output json sts get-caller-identity 2>"$WORK/stderr") || RC=$?
ERR=$(cat "$WORK/stderr")
[ "$RC" -eq 254 ] || fail "an altered session token: expected exit 254, got $RC"
err_says "(InvalidClientTokenId)"
ok delete-user-policy --user-name "$USER_NAME" --policy-name assume

step "the user may not administer IAM"
as_user iam list-users
[ "$RC" -eq 254 ] || fail "iam list-users as the user: expected exit 254"
err_says "(AccessDenied)"

step "an inactive key is refused"
ok update-access-key --user-name "$USER_NAME" --access-key-id "$USER_KEY" --status Inactive
as_user sts get-caller-identity
[ "$RC" -eq 254 ] || fail "an inactive key: expected exit 254"
err_says "(InvalidClientTokenId)"

step "cloudtrail lookup-events: the user's calls, the denial among them, no secret value"
deadline=$((SECONDS + 10))
while :; do
  RC=0
  OUT=$(root cloudtrail lookup-events --lookup-attributes "AttributeKey=Username,AttributeValue=$USER_NAME" 2>"$WORK/stderr") || RC=$?
  ERR=$(cat "$WORK/stderr")
  [ "$RC" -eq 0 ] || fail "cloudtrail lookup-events failed: $ERR"
  jq -e '[.Events[].EventName] | index("GetSecretValue") != null' <<<"$OUT" >/dev/null && break
  [ "$SECONDS" -lt "$deadline" ] || fail "the user's GetSecretValue calls are not in the event history"
  sleep 0.5
done
check "a denied GetSecretValue is recorded with its error" \
  '[.Events[] | .CloudTrailEvent | fromjson | select(.eventName == "GetSecretValue" and .errorCode == "AccessDeniedException")] | length > 0'
check "events name the user and the secret" \
  '[.Events[] | select(.EventName == "GetSecretValue") | .Resources[].ResourceType] | index("AWS::SecretsManager::Secret") != null'
case "$OUT" in *e2e-iam-value*) fail "the event history holds the secret value" ;; *) pass "no secret value in the event history" ;; esac

step "done"
printf '%d passed, %d failed\n' "$PASS" "$FAILED"
[ "$FAILED" -eq 0 ]
