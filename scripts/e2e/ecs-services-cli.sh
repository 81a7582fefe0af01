#!/usr/bin/env bash
# End-to-end check of Homeport's ECS services with the AWS CLI v2, as a CI pipeline deploys: create-service, wait
# services-stable, scale, roll out a new revision (update-service && wait services-stable), the service's tasks by
# list-tasks --service-name, tags, ECS's errors, and delete-service (refused while scaled above 0, then --force,
# wait services-inactive).
#
# Needs a RUNNING Homeport with a task runtime. Uses:
#   HOMEPORT_ENDPOINT  endpoint (default http://localhost:4566)
#   AWS_BIN            AWS CLI v2 (default /usr/bin/aws)
#   E2E_IMAGE          image with /bin/sh and sleep (default homeport-test/busybox:latest; ignored by the process
#                      runtime)
# The CLI's waiters poll every 15 seconds, so a run takes a minute or two.
# Ends with "N passed, 0 failed"; exits non-zero at the first failed check.
set -euo pipefail

EP=${HOMEPORT_ENDPOINT:-http://localhost:4566}
AWS_BIN=${AWS_BIN:-/usr/bin/aws}
IMAGE=${E2E_IMAGE:-homeport-test/busybox:latest}
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=""
P="svc-$$-$RANDOM"
PASS=0

aws_() { "$AWS_BIN" --endpoint-url "$EP" --output json "$@"; }
fail() { printf 'FAIL: %s\n' "$1" >&2; printf '%d passed, 1 failed\n' "$PASS"; exit 1; }
pass() { PASS=$((PASS + 1)); printf '   ok  %s\n' "$*"; }
# expect_error CODE MESSAGE ARGS...: the CLI call must fail with that error code and message.
expect_error() {
  local code=$1 message=$2 out
  shift 2
  if out=$(aws_ "$@" 2>&1); then fail "$* succeeded; expected $code"; fi
  grep -qF "($code)" <<<"$out" && grep -qF "$message" <<<"$out" || fail "$*: expected $code '$message', got: $out"
  pass "$code: $message"
}
describe() { aws_ ecs describe-services --cluster "$P" --services "$1"; }

echo "== cluster, task definition, network"
aws_ ecs create-cluster --cluster-name "$P" >/dev/null || fail "create-cluster"
td() { # family sleep-seconds
  aws_ ecs register-task-definition --family "$1" --requires-compatibilities FARGATE --network-mode awsvpc \
    --cpu 256 --memory 512 --container-definitions \
    "[{\"name\":\"app\",\"image\":\"$IMAGE\",\"entryPoint\":[\"/bin/sh\",\"-c\"],\"command\":[\"exec sleep $2\"]}]" \
    | jq -r .taskDefinition.taskDefinitionArn
}
V1=$(td "$P-web" 600)
SUBNETS=$(aws_ ec2 describe-subnets --query 'Subnets[].SubnetId' --output text | tr '\t' ',')
NET="awsvpcConfiguration={subnets=[$SUBNETS]}"
pass "task definition $V1, subnets $SUBNETS"

echo "== create-service, wait services-stable"
OUT=$(aws_ ecs create-service --cluster "$P" --service-name web --task-definition "$P-web" --desired-count 2 \
  --network-configuration "$NET" --tags key=team,value=web --propagate-tags SERVICE)
[ "$(jq -r .service.status <<<"$OUT")" = ACTIVE ] || fail "create-service answers ACTIVE"; pass "create-service answers ACTIVE"
jq -e '.service.deployments[0] | .status == "PRIMARY" and .rolloutState == "IN_PROGRESS" and (.id | test("^ecs-svc/[0-9]{19}$"))' \
  <<<"$OUT" >/dev/null || fail "one PRIMARY deployment IN_PROGRESS"; pass "one PRIMARY deployment IN_PROGRESS"
SVC_ARN=$(jq -r .service.serviceArn <<<"$OUT")
[ "$SVC_ARN" = "arn:aws:ecs:us-east-1:000000000000:service/$P/web" ] || fail "service ARN $SVC_ARN"; pass "service ARN"
aws_ ecs wait services-stable --cluster "$P" --services web || fail "wait services-stable"; pass "wait services-stable"
OUT=$(describe web)
jq -e '.services[0] | .runningCount == 2 and .desiredCount == 2 and (.deployments | length) == 1' <<<"$OUT" >/dev/null \
  || fail "2 running, one deployment"; pass "2 running, one deployment"
TASKS=$(aws_ ecs list-tasks --cluster "$P" --service-name web | jq -r '.taskArns | length')
[ "$TASKS" = 2 ] || fail "list-tasks --service-name: $TASKS"; pass "list-tasks --service-name lists 2 tasks"
TASK=$(aws_ ecs list-tasks --cluster "$P" --service-name web | jq -r '.taskArns[0]')
aws_ ecs describe-tasks --cluster "$P" --tasks "$TASK" --include TAGS | jq -e \
  '.tasks[0] | .group == "service:web" and (.startedBy | startswith("ecs-svc/")) and (.tags[] | select(.key == "team") | .value == "web")' \
  >/dev/null || fail "task group, startedBy and propagated tag"; pass "task group service:web, startedBy the deployment, tag propagated"
aws_ ecs list-services --cluster "$P" | jq -e --arg a "$SVC_ARN" '.serviceArns == [$a]' >/dev/null \
  || fail "list-services"; pass "list-services"

echo "== scale, roll out a new revision"
aws_ ecs update-service --cluster "$P" --service web --desired-count 3 >/dev/null
aws_ ecs wait services-stable --cluster "$P" --services web || fail "wait after scaling"
[ "$(describe web | jq -r '.services[0].runningCount')" = 3 ] || fail "3 running"; pass "scaled to 3"
V2=$(td "$P-web" 601)
OUT=$(aws_ ecs update-service --cluster "$P" --service web --task-definition "$P-web")
jq -e --arg v "$V2" '.service.deployments | length == 2 and .[0].taskDefinition == $v and .[1].status == "ACTIVE"' \
  <<<"$OUT" >/dev/null || fail "update-service: a new PRIMARY deployment and the old one ACTIVE"
pass "update-service: new PRIMARY deployment, old one ACTIVE"
aws_ ecs wait services-stable --cluster "$P" --services web || fail "wait after the rollout"
OUT=$(describe web)
jq -e --arg v "$V2" '.services[0] | .taskDefinition == $v and (.deployments | length) == 1 and .runningCount == 3' \
  <<<"$OUT" >/dev/null || fail "rolled out: one deployment of revision 2"; pass "rolled out: revision 2 runs 3 tasks"
jq -e '.services[0].events | map(.message) | any(test("^\\(service web\\) has stopped [0-9]+ running tasks: "))' \
  <<<"$OUT" >/dev/null || fail "events say old tasks were stopped"; pass "events: old tasks stopped"

echo "== tags and errors"
aws_ ecs tag-resource --resource-arn "$SVC_ARN" --tags key=stage,value=test
aws_ ecs list-tags-for-resource --resource-arn "$SVC_ARN" | jq -e '.tags | length == 2' >/dev/null \
  || fail "service tags"; pass "tag-resource / list-tags-for-resource on the service"
aws_ ecs describe-services --cluster "$P" --services nope | jq -e \
  --arg a "arn:aws:ecs:us-east-1:000000000000:service/$P/nope" '.failures == [{"arn": $a, "reason": "MISSING"}]' \
  >/dev/null || fail "describe-services: MISSING"; pass "describe-services: a missing service under failures"
expect_error ServiceNotFoundException "Service not found." ecs update-service --cluster "$P" --service nope --desired-count 1
expect_error InvalidParameterException "Creation of service was not idempotent." ecs create-service --cluster "$P" \
  --service-name web --task-definition "$P-web" --desired-count 1 --network-configuration "$NET"
expect_error InvalidParameterException "The service cannot be stopped while it is scaled above 0." \
  ecs delete-service --cluster "$P" --service web

echo "== delete-service --force, wait services-inactive"
OUT=$(aws_ ecs delete-service --cluster "$P" --service web --force)
jq -e '.service.status == "DRAINING" and .service.desiredCount == 0' <<<"$OUT" >/dev/null \
  || fail "delete-service: DRAINING"; pass "delete-service --force: DRAINING, desired 0"
aws_ ecs wait services-inactive --cluster "$P" --services web || fail "wait services-inactive"; pass "wait services-inactive"
[ "$(aws_ ecs list-tasks --cluster "$P" --service-name web | jq -r '.taskArns | length')" = 0 ] \
  || fail "no task left running"; pass "no task left running"

printf '%d passed, 0 failed\n' "$PASS"
