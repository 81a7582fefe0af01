#!/usr/bin/env bash
# shellcheck disable=SC2016
# End-to-end check of Homeport's ECS API with the AWS CLI v2: the newcomer's path.
# Register a Fargate task definition with secrets, run it, watch it reach RUNNING with a private IP,
# find the secret values (whole and by JSON key) in the container's environment, stop it, see
# STOPPED/UserInitiated; a missing secret gives TaskFailedToStart with ECS's reason. Secrets are read as the
# task's execution role: a role that does not trust ECS fails run-task, one that may not read the secret stops
# the task with the agent's AccessDeniedException.
#
# Needs a RUNNING Homeport (scripts/start.sh) with a task runtime. Uses:
#   HOMEPORT_ENDPOINT  endpoint (default http://localhost:4566)
#   AWS_BIN            AWS CLI v2 (default /usr/bin/aws)
#   E2E_IMAGE          image with /bin/sh, env and sleep (default homeport-test/busybox:latest; ignored
#                      by the process runtime)
# Ends with "N passed, 0 failed"; exits non-zero at the first failed check.
set -euo pipefail

EP=${HOMEPORT_ENDPOINT:-http://localhost:4566}
AWS_BIN=${AWS_BIN:-/usr/bin/aws}
IMAGE=${E2E_IMAGE:-homeport-test/busybox:latest}
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=""
P="e2e-$$-$RANDOM"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/homeport-ecs-e2e.XXXXXX")
chmod 0777 "$WORK"
PASS=0

aws_() { "$AWS_BIN" --endpoint-url "$EP" --output json "$@"; }
fail() { printf 'FAIL: %s\n' "$1" >&2; printf '%d passed, 1 failed\n' "$PASS"; exit 1; }
pass() { PASS=$((PASS + 1)); printf '   ok  %s\n' "$*"; }
status() { aws_ ecs describe-tasks --cluster "$P" --tasks "$1" | jq -r '.tasks[0].lastStatus'; }
wait_for() { # task status timeout
  local i
  for ((i = 0; i < $3 * 10; i++)); do
    [ "$(status "$1")" = "$2" ] && return 0
    sleep 0.1
  done
  fail "task $1 did not reach $2 (now $(status "$1"))"
}

echo "== secret and cluster"
SECRET_ARN=$(aws_ secretsmanager create-secret --name "$P/db" \
  --secret-string '{"username":"admin","password":"e2e-s3cret"}' | jq -r .ARN)
aws_ ecs create-cluster --cluster-name "$P" >/dev/null || fail "create-cluster"; pass "create-cluster"

echo "== execution role"
# May read this run's secrets (so the missing one below is missing, not denied).
TRUST_ECS='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}'
EXEC_ROLE=$(aws_ iam create-role --role-name "$P-exec" --assume-role-policy-document "$TRUST_ECS" | jq -r .Role.Arn)
aws_ iam attach-role-policy --role-name "$P-exec" \
  --policy-arn arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy || fail "attach-role-policy"
aws_ iam put-role-policy --role-name "$P-exec" --policy-name secrets --policy-document \
  "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"secretsmanager:GetSecretValue\",\"Resource\":\"arn:aws:secretsmanager:us-east-1:000000000000:secret:$P*\"}]}" \
  || fail "put-role-policy"
pass "execution role $EXEC_ROLE"

echo "== task definition"
cat >"$WORK/td.json" <<JSON
{
  "family": "$P-app",
  "requiresCompatibilities": ["FARGATE"],
  "networkMode": "awsvpc",
  "cpu": "256", "memory": "512",
  "executionRoleArn": "$EXEC_ROLE",
  "containerDefinitions": [{
    "name": "app", "image": "$IMAGE", "essential": true,
    "entryPoint": ["/bin/sh", "-c"],
    "command": ["env > $WORK/env.txt 2>/dev/null; exec sleep 300"],
    "secrets": [
      {"name": "DB_SECRET", "valueFrom": "$SECRET_ARN"},
      {"name": "DB_PASSWORD", "valueFrom": "${SECRET_ARN%-??????}:password::"}
    ]
  }]
}
JSON
TD=$(aws_ ecs register-task-definition --cli-input-json "file://$WORK/td.json")
[ "$(jq -r .taskDefinition.revision <<<"$TD")" = 1 ] || fail "register-task-definition (revision 1)"; pass "register-task-definition (revision 1)"
jq -e '.taskDefinition.containerDefinitions[0].secrets | length == 2' <<<"$TD" >/dev/null \
  || fail "secrets kept as valueFrom references"; pass "secrets kept as valueFrom references"

echo "== run"
SUBNET=$(aws_ ec2 describe-subnets --filters Name=tag:Name,Values=homeport-a --query 'Subnets[0].SubnetId' --output text)
[[ "$SUBNET" == subnet-* ]] || fail "ec2 describe-subnets finds the default subnet"; pass "ec2 describe-subnets finds the default subnet"
NET="awsvpcConfiguration={subnets=[$SUBNET]}"
RUN=$(aws_ ecs run-task --cluster "$P" --task-definition "$P-app" --network-configuration "$NET")
TASK=$(jq -r '.tasks[0].taskArn' <<<"$RUN")
[ "$(jq -r '.tasks[0].lastStatus' <<<"$RUN")" = PROVISIONING ] || fail "run-task answers PROVISIONING"; pass "run-task answers PROVISIONING"
aws_ ecs wait tasks-running --cluster "$P" --tasks "$TASK" || fail "wait tasks-running"; pass "wait tasks-running"
DESC=$(aws_ ecs describe-tasks --cluster "$P" --tasks "$TASK")
IP=$(jq -r '.tasks[0].attachments[0].details[] | select(.name=="privateIPv4Address") | .value' <<<"$DESC")
[ -n "$IP" ] || fail "private IP $IP"; pass "private IP $IP"
RUNTIME_ID=$(jq -r '.tasks[0].containers[0].runtimeId' <<<"$DESC")
grep -q e2e-s3cret <<<"$DESC" && fail "describe-tasks shows a secret value"

ENV=""
for _ in $(seq 1 50); do
  if docker inspect "$RUNTIME_ID" >/dev/null 2>&1; then
    ENV=$(docker exec "$RUNTIME_ID" env 2>/dev/null || true)
  elif [ -s "$WORK/env.txt" ]; then
    ENV=$(cat "$WORK/env.txt")
  fi
  [ -n "$ENV" ] && break
  sleep 0.1
done
grep -qx 'DB_PASSWORD=e2e-s3cret' <<<"$ENV" || fail "secret by JSON key in the environment"; pass "secret by JSON key in the environment"
grep -qx 'DB_SECRET={"username":"admin","password":"e2e-s3cret"}' <<<"$ENV" || fail "whole secret in the environment"; pass "whole secret in the environment"
grep -qx 'AWS_EXECUTION_ENV=AWS_ECS_FARGATE' <<<"$ENV" || fail "AWS_EXECUTION_ENV"; pass "AWS_EXECUTION_ENV"

echo "== stop"
aws_ ecs stop-task --cluster "$P" --task "$TASK" --reason "e2e done" >/dev/null
aws_ ecs wait tasks-stopped --cluster "$P" --tasks "$TASK" || fail "wait tasks-stopped"; pass "wait tasks-stopped"
DESC=$(aws_ ecs describe-tasks --cluster "$P" --tasks "$TASK")
[ "$(jq -r '.tasks[0].stopCode' <<<"$DESC")" = UserInitiated ] || fail "stopCode UserInitiated"; pass "stopCode UserInitiated"

echo "== missing secret"
jq --arg p "$P" '.family = ($p + "-broken") | .containerDefinitions[0].secrets =
  [{"name": "X", "valueFrom": "arn:aws:secretsmanager:us-east-1:000000000000:secret:\($p)-missing-AbCdEf"}]' \
  "$WORK/td.json" >"$WORK/broken.json"
aws_ ecs register-task-definition --cli-input-json "file://$WORK/broken.json" >/dev/null
TASK=$(aws_ ecs run-task --cluster "$P" --task-definition "$P-broken" --network-configuration "$NET" \
  | jq -r '.tasks[0].taskArn')
wait_for "$TASK" STOPPED 30
DESC=$(aws_ ecs describe-tasks --cluster "$P" --tasks "$TASK")
[ "$(jq -r '.tasks[0].stopCode' <<<"$DESC")" = TaskFailedToStart ] || fail "stopCode TaskFailedToStart"; pass "stopCode TaskFailedToStart"
jq -r '.tasks[0].stoppedReason' <<<"$DESC" | grep -q '^ResourceInitializationError: unable to pull secrets or registry auth: .*ResourceNotFoundException: Secrets Manager can.t find the specified secret.$' \
  || fail "stoppedReason names the secret and the cause"; pass "stoppedReason names the secret and the cause"

echo "== execution role that may not read the secret"
jq --arg p "$P" '.family = ($p + "-other")' "$WORK/td.json" >"$WORK/other.json"
aws_ ecs register-task-definition --cli-input-json "file://$WORK/other.json" >/dev/null
aws_ iam delete-role-policy --role-name "$P-exec" --policy-name secrets
TASK=$(aws_ ecs run-task --cluster "$P" --task-definition "$P-other" --network-configuration "$NET" \
  | jq -r '.tasks[0].taskArn')
wait_for "$TASK" STOPPED 30
DESC=$(aws_ ecs describe-tasks --cluster "$P" --tasks "$TASK")
[ "$(jq -r '.tasks[0].stopCode' <<<"$DESC")" = TaskFailedToStart ] || fail "denied: stopCode TaskFailedToStart"
jq -r '.tasks[0].stoppedReason' <<<"$DESC" | grep -q "AccessDeniedException: User: arn:aws:sts::000000000000:assumed-role/$P-exec/${TASK##*/} is not authorized to perform: secretsmanager:GetSecretValue on resource: " \
  || fail "denied: stoppedReason names the role session and the action"; pass "denied: AccessDeniedException as assumed-role/$P-exec/<task-id>"

echo "== execution role that does not trust ECS"
aws_ iam update-assume-role-policy --role-name "$P-exec" --policy-document \
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}'
OUT=$(aws_ ecs run-task --cluster "$P" --task-definition "$P-other" --network-configuration "$NET" 2>&1) \
  && fail "run-task with an untrusting role succeeded"
grep -q "(ClientException) when calling the RunTask operation: ECS was unable to assume the role '$EXEC_ROLE' that was provided for this task." <<<"$OUT" \
  || fail "run-task: ECS was unable to assume the role ($OUT)"; pass "run-task: ECS was unable to assume the role"

aws_ secretsmanager delete-secret --secret-id "$SECRET_ARN" --force-delete-without-recovery >/dev/null
aws_ iam detach-role-policy --role-name "$P-exec" \
  --policy-arn arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy
aws_ iam delete-role --role-name "$P-exec"
rm -rf "$WORK"
printf '%d passed, 0 failed\n' "$PASS"
