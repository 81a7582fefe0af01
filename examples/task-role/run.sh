#!/usr/bin/env bash
# A task role at work, with the AWS CLI: an application inside a Fargate task calls
# `aws secretsmanager get-secret-value` with no keys of its own. Its SDK finds
# AWS_CONTAINER_CREDENTIALS_RELATIVE_URI, fetches the task role's credentials from 169.254.170.2, and acts as
# assumed-role/<role>/<task-id>; the role's policy names one secret, so the other read is denied.
#
# Exits non-zero at the first step that doesn't do what ECS would.
#
#   HOMEPORT_ENDPOINT   Homeport's URL (default http://localhost:4566)
#   AWS_BIN             the AWS CLI (default /usr/bin/aws)
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$HERE"

EP=${HOMEPORT_ENDPOINT:-http://localhost:4566}
AWS_BIN=${AWS_BIN:-/usr/bin/aws}
DOCKER=${DOCKER:-/usr/bin/docker}
IMAGE=${IMAGE:-homeport-example/task-role:latest}
BASE_IMAGE=${BASE_IMAGE:-homeport/debian:bookworm}
export AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID:-test}
export AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY:-test}
export AWS_DEFAULT_REGION=${AWS_DEFAULT_REGION:-us-east-1}
export AWS_PAGER=""
REGION=$AWS_DEFAULT_REGION
NAME=task-role-demo
ROLE=$NAME-app
LOG_GROUP=/ecs/$NAME

aws_() { "$AWS_BIN" --endpoint-url "$EP" --output json "$@"; }
say() { printf '   %s\n' "$*"; }
step() { printf '\n== %s\n' "$*"; }
die() { printf '\nFAILED: %s\n' "$*" >&2; exit 1; }

TASK_ARN="" TD_ARN=""
cleanup() {
  local rc=$?
  [ -n "$TASK_ARN" ] && aws_ ecs stop-task --task "$TASK_ARN" >/dev/null 2>&1
  [ -n "$TD_ARN" ] && aws_ ecs deregister-task-definition --task-definition "$TD_ARN" >/dev/null 2>&1
  for s in allowed other; do
    aws_ secretsmanager delete-secret --secret-id "$NAME/$s" --force-delete-without-recovery >/dev/null 2>&1
  done
  aws_ iam delete-role-policy --role-name "$ROLE" --policy-name read-one-secret >/dev/null 2>&1
  aws_ iam delete-role --role-name "$ROLE" >/dev/null 2>&1
  aws_ logs delete-log-group --log-group-name "$LOG_GROUP" >/dev/null 2>&1
  exit "$rc"
}
trap cleanup EXIT

step "build the application's image ($IMAGE: Debian's AWS CLI and app.sh)"
BASE_IMAGE=$BASE_IMAGE ../fargate-secrets/dockerbuild.sh base
"$DOCKER" build --quiet --build-arg BASE_IMAGE="$BASE_IMAGE" -t "$IMAGE" . >/dev/null || die "docker build failed"
say "built $IMAGE"

step "two secrets: the application may read $NAME/allowed, not $NAME/other"
for s in allowed other; do
  aws_ secretsmanager delete-secret --secret-id "$NAME/$s" --force-delete-without-recovery >/dev/null 2>&1 || true
done
ALLOWED_ARN=$(aws_ secretsmanager create-secret --name "$NAME/allowed" \
  --secret-string '{"apiKey":"k-0123456789"}' --query ARN --output text) || die "create-secret failed"
aws_ secretsmanager create-secret --name "$NAME/other" --secret-string '{"apiKey":"not-yours"}' >/dev/null \
  || die "create-secret failed"
say "$ALLOWED_ARN"

step "the roles: the task execution role (pulls, logs) and the task role (the application's identity)"
TRUST='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}'
if ! aws_ iam get-role --role-name ecsTaskExecutionRole >/dev/null 2>&1; then
  aws_ iam create-role --role-name ecsTaskExecutionRole --assume-role-policy-document "$TRUST" >/dev/null \
    || die "create-role ecsTaskExecutionRole failed"
  aws_ iam attach-role-policy --role-name ecsTaskExecutionRole \
    --policy-arn arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy || die "attach-role-policy failed"
fi
EXEC_ROLE_ARN=$(aws_ iam get-role --role-name ecsTaskExecutionRole --query Role.Arn --output text)
aws_ iam delete-role-policy --role-name "$ROLE" --policy-name read-one-secret >/dev/null 2>&1 || true
aws_ iam delete-role --role-name "$ROLE" >/dev/null 2>&1 || true
TASK_ROLE_ARN=$(aws_ iam create-role --role-name "$ROLE" --assume-role-policy-document "$TRUST" \
  --query Role.Arn --output text) || die "create-role $ROLE failed"
aws_ iam put-role-policy --role-name "$ROLE" --policy-name read-one-secret --policy-document \
  "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"secretsmanager:GetSecretValue\",\"Resource\":\"$ALLOWED_ARN\"}]}" \
  || die "put-role-policy failed"
say "task role $TASK_ROLE_ARN may read $NAME/allowed only"

step "register the task definition (taskRoleArn, executionRoleArn, awslogs)"
aws_ logs delete-log-group --log-group-name "$LOG_GROUP" >/dev/null 2>&1 || true
aws_ logs create-log-group --log-group-name "$LOG_GROUP" || die "create-log-group failed"
TD_ARN=$(aws_ ecs register-task-definition --family "$NAME" --requires-compatibilities FARGATE \
  --network-mode awsvpc --cpu 256 --memory 512 \
  --task-role-arn "$TASK_ROLE_ARN" --execution-role-arn "$EXEC_ROLE_ARN" \
  --container-definitions "[{\"name\":\"app\",\"image\":\"$IMAGE\",\"essential\":true,
    \"environment\":[{\"name\":\"ALLOWED_SECRET\",\"value\":\"$NAME/allowed\"},{\"name\":\"OTHER_SECRET\",\"value\":\"$NAME/other\"}],
    \"logConfiguration\":{\"logDriver\":\"awslogs\",\"options\":{\"awslogs-group\":\"$LOG_GROUP\",
      \"awslogs-region\":\"$REGION\",\"awslogs-stream-prefix\":\"app\"}}}]" \
  --query taskDefinition.taskDefinitionArn --output text) || die "register-task-definition failed"
say "$TD_ARN"

step "run it on Fargate and wait for the application to finish"
VPC_ID=$(aws_ ec2 describe-vpcs --filters Name=cidr,Values=10.200.0.0/16 --query 'Vpcs[0].VpcId' --output text)
SUBNET=$(aws_ ec2 describe-subnets --filters "Name=vpc-id,Values=$VPC_ID" --query 'Subnets[0].SubnetId' --output text)
SG_ID=$(aws_ ec2 describe-security-groups --filters "Name=vpc-id,Values=$VPC_ID" \
  --query 'SecurityGroups[0].GroupId' --output text)
TASK_ARN=$(aws_ ecs run-task --launch-type FARGATE --task-definition "$TD_ARN" \
  --network-configuration "awsvpcConfiguration={subnets=[$SUBNET],securityGroups=[$SG_ID],assignPublicIp=DISABLED}" \
  --query 'tasks[0].taskArn' --output text) || die "run-task failed"
TASK_ID=${TASK_ARN##*/}
say "task $TASK_ID"
aws_ ecs wait tasks-stopped --tasks "$TASK_ARN" || die "the task did not stop"
read -r STOP_CODE EXIT_CODE REASON < <(aws_ ecs describe-tasks --tasks "$TASK_ARN" \
  --query 'tasks[0].[stopCode,containers[0].exitCode,stoppedReason]' --output text)
say "stopped: $STOP_CODE, exit code $EXIT_CODE ($REASON)"

step "the application's output (aws logs get-log-events)"
LOG=$(aws_ logs get-log-events --log-group-name "$LOG_GROUP" --log-stream-name "app/app/$TASK_ID" \
  --query 'events[].message' --output text | tr '\t' '\n')
printf '%s\n' "$LOG" | sed 's/^/   | /'
[ "$EXIT_CODE" = 0 ] || die "the application exited with $EXIT_CODE"
grep -qx "identity: arn:aws:sts::[0-9]*:assumed-role/$ROLE/$TASK_ID" <<<"$LOG" \
  || die "the application did not act as assumed-role/$ROLE/$TASK_ID"
grep -q "^read $NAME/allowed: " <<<"$LOG" || die "the application could not read $NAME/allowed"
grep -q "^denied $NAME/other: .*AccessDeniedException.*assumed-role/$ROLE/$TASK_ID is not authorized to perform: secretsmanager:GetSecretValue" <<<"$LOG" \
  || die "the read of $NAME/other was not denied as AWS denies it"
grep -q 'k-0123456789\|not-yours' <<<"$LOG" && die "a secret value reached the log"
TASK_ARN=""
printf '\nOK: the task acted as its role, read the secret its policy names and was denied the other\n'
