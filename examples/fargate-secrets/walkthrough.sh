#!/usr/bin/env bash
# AWS's "Fargate with Secrets Manager" workshop, end to end on Homeport, with the AWS CLI:
# build the image, start the database, create the secret, register the task definition with the secret's
# ARN, find the workshop's subnets and security group, run the task on Fargate, ssh into it, read the
# database through the injected secret, show the task's log, stop the task and clean up.
#
# Exits non-zero at the first step that doesn't do what the workshop says.
#
#   HOMEPORT_ENDPOINT   Homeport's URL (default http://localhost:4566)
#   AWS_BIN             the AWS CLI (default /usr/bin/aws)
#   SECRET_NAME         the secret's name (default smdemo)
#   WALKTHROUGH_SUMMARY also write the timing summary to this file
#   KEEP=1              leave the task, secret and database running at the end
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$HERE"

EP=${HOMEPORT_ENDPOINT:-http://localhost:4566}
AWS_BIN=${AWS_BIN:-/usr/bin/aws}
DOCKER=${DOCKER:-/usr/bin/docker}
SECRET_NAME=${SECRET_NAME:-smdemo}
export AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID:-test}
export AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY:-test}
export AWS_DEFAULT_REGION=${AWS_DEFAULT_REGION:-us-east-1}
export AWS_PAGER=""
REGION=$AWS_DEFAULT_REGION
FAMILY=smdemo-task
CONTAINER=smdemo
LOG_GROUP=/ecs/smdemo-task

aws_() { "$AWS_BIN" --endpoint-url "$EP" --output json "$@"; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

STEP="" STEP_START="" STEP_N=0 RUN_START=$(now)
TIMES=()
end_step() {
  if [ -n "$STEP" ]; then
    local t
    t=$(secs "$STEP_START" "$(now)")
    TIMES+=("$STEP_N|$STEP|$t")
    printf '   (%s s)\n' "$t"
  fi
}
step() {
  end_step
  STEP_N=$((STEP_N + 1))
  STEP=$1
  STEP_START=$(now)
  printf '\n== %d. %s\n' "$STEP_N" "$STEP"
}
say() { printf '   %s\n' "$*"; }
die() {
  printf '\nFAILED at step %d (%s): %s\n' "$STEP_N" "$STEP" "$*" >&2
  exit 1
}

# ---------------------------------------------------------------- cleanup, also on failure
WORK=$(mktemp -d /tmp/smdemo-walkthrough.XXXXXX)
TASK_ARN="" TD_ARN="" SECRET_ARN="" DB_PID="" CLEANED=0
cleanup() {
  local rc=$?
  if [ "$CLEANED" = 0 ] && [ "${KEEP:-0}" != 1 ]; then
    [ -n "$TASK_ARN" ] && aws_ ecs stop-task --task "$TASK_ARN" --reason "walkthrough cleanup" >/dev/null 2>&1 || true
    [ -n "$TD_ARN" ] && aws_ ecs deregister-task-definition --task-definition "$TD_ARN" >/dev/null 2>&1 || true
    [ -n "$SECRET_ARN" ] && aws_ secretsmanager delete-secret --secret-id "$SECRET_ARN" \
      --force-delete-without-recovery >/dev/null 2>&1 || true
    if [ -n "$DB_PID" ]; then kill "$DB_PID" 2>/dev/null || true; fi
  fi
  if [ "${KEEP:-0}" != 1 ]; then
    # MariaDB's data dir is under WORK; wait for it to let go before removing
    if [ -n "$DB_PID" ]; then for _ in $(seq 1 50); do kill -0 "$DB_PID" 2>/dev/null || break; sleep 0.1; done; fi
    rm -rf "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT

ssh_task() {
  SSHPASS=$SSH_PASSWORD sshpass -e ssh -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
    -o LogLevel=ERROR -o ConnectTimeout=5 -o PreferredAuthentications=password -o PubkeyAuthentication=no \
    "ec2-user@$TASK_IP" "$@"
}

# ---------------------------------------------------------------- 0. what this needs
printf 'Fargate with Secrets Manager on Homeport (%s, region %s)\n' "$EP" "$REGION"
for tool in "$AWS_BIN" "$DOCKER" jq sshpass ssh mariadbd mariadb-install-db mariadb python3; do
  command -v "$tool" >/dev/null || [ -x "$tool" ] || [ -x "/usr/sbin/$tool" ] \
    || die "missing tool: $tool (apt-get install awscli docker.io jq sshpass openssh-client mariadb-server debootstrap)"
done
curl -fsS "$EP/_homeport/health" >/dev/null 2>&1 || die "Homeport doesn't answer at $EP (start it: ./scripts/start.sh)"
"$DOCKER" info >/dev/null 2>&1 || die "no Docker engine answers ($DOCKER info)"

c0=$(now); "$AWS_BIN" --version >/dev/null; CLI_SECS=$(secs "$c0" "$(now)")

# ---------------------------------------------------------------- base image (not timed)
printf '\n== 0. base image (made once, not counted)\n'
./dockerbuild.sh base | sed 's/^/   /'

step "build the image and push it to ECR (docker build, ecr get-login-password into docker login, docker push)"
./dockerbuild.sh | sed 's/^/   /'
HOMEPORT_ENDPOINT=$EP AWS_BIN=$AWS_BIN ./dockertagandpush.sh >"$WORK/push.log" 2>&1 \
  || { cat "$WORK/push.log" >&2; die "pushing the image to ECR failed"; }
sed 's/^/   /' "$WORK/push.log"
IMAGE_URI=$(tail -n 1 "$WORK/push.log")
aws_ ecr describe-images --repository-name smdemo --image-ids imageTag=latest \
  --query 'imageDetails[0].imageDigest' --output text | grep -q '^sha256:' || die "ECR doesn't list the pushed image"
say "the task will run $IMAGE_URI, pulled from ECR as the task execution role"

step "find the workshop's VPC, subnets and security group (aws ec2)"
VPC_ID=$(aws_ ec2 describe-vpcs --filters Name=cidr,Values=10.200.0.0/16 --query 'Vpcs[0].VpcId' --output text)
[[ "$VPC_ID" == vpc-* ]] || die "describe-vpcs found no VPC 10.200.0.0/16 (got '$VPC_ID')"
SUBNETS_JSON=$(aws_ ec2 describe-subnets --filters "Name=vpc-id,Values=$VPC_ID")
mapfile -t SUBNETS < <(jq -r '.Subnets | sort_by(.CidrBlock) | .[].SubnetId' <<<"$SUBNETS_JSON")
[ "${#SUBNETS[@]}" -ge 2 ] || die "describe-subnets found ${#SUBNETS[@]} subnet(s) in $VPC_ID, the workshop has two"
SG_ID=$(aws_ ec2 describe-security-groups --filters "Name=vpc-id,Values=$VPC_ID" \
  --query 'SecurityGroups[0].GroupId' --output text)
[[ "$SG_ID" == sg-* ]] || die "describe-security-groups found no security group in $VPC_ID"
say "VPC $VPC_ID"
jq -r '.Subnets | sort_by(.CidrBlock) | .[] | "subnet \(.SubnetId) \(.CidrBlock) \(.AvailabilityZone)"' \
  <<<"$SUBNETS_JSON" | sed 's/^/   /'
say "security group $SG_ID"
# The database listens on the host; tasks reach the host at their subnets' gateways (the first address).
FIRST_CIDR=$(jq -r '.Subnets | sort_by(.CidrBlock) | .[0].CidrBlock' <<<"$SUBNETS_JSON")
DB_HOST=$(python3 -c "import ipaddress,sys; print(ipaddress.ip_network(sys.argv[1])[1])" "$FIRST_CIDR")

step "start the database (MariaDB: database smdemo, table bookinfo)"
DB_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
DB_PASSWORD=$(python3 -c 'import secrets; print(secrets.token_urlsafe(18))')
SSH_PASSWORD=$(python3 -c 'import secrets; print(secrets.token_urlsafe(12))')
mkdir -p "$WORK/db"
[ "$(id -u)" = 0 ] && DB_USER_OPT=(--user=root) || DB_USER_OPT=()
mariadb-install-db "${DB_USER_OPT[@]}" --datadir="$WORK/db" --auth-root-authentication-method=socket \
  --skip-test-db >"$WORK/db-install.log" 2>&1 || { tail -n 20 "$WORK/db-install.log" >&2; die "mariadb-install-db failed"; }
# 0.0.0.0: tasks in either subnet reach the host through their own bridge's gateway; the account has a
# random password and the server lives only as long as this walkthrough.
/usr/sbin/mariadbd --no-defaults "${DB_USER_OPT[@]}" --datadir="$WORK/db" --socket="$WORK/db.sock" \
  --pid-file="$WORK/db.pid" --port="$DB_PORT" --bind-address=0.0.0.0 --skip-name-resolve \
  --log-error="$WORK/db.err" >/dev/null 2>&1 &
DB_PID=$!
for _ in $(seq 1 100); do
  mariadb --socket="$WORK/db.sock" -uroot -e 'select 1' >/dev/null 2>&1 && break
  kill -0 "$DB_PID" 2>/dev/null || { tail -n 20 "$WORK/db.err" >&2; die "mariadbd exited"; }
  sleep 0.1
done
mariadb --socket="$WORK/db.sock" -uroot <<SQL || die "could not create the smdemo database"
CREATE DATABASE smdemo;
CREATE USER 'smdemo'@'%' IDENTIFIED BY '$DB_PASSWORD';
GRANT ALL PRIVILEGES ON smdemo.* TO 'smdemo'@'%';
USE smdemo;
CREATE TABLE bookinfo (id INT PRIMARY KEY, title VARCHAR(100), author VARCHAR(100), year INT);
INSERT INTO bookinfo VALUES
  (1, 'The Phoenix Project', 'Gene Kim', 2013),
  (2, 'Site Reliability Engineering', 'Betsy Beyer', 2016),
  (3, 'Designing Data-Intensive Applications', 'Martin Kleppmann', 2017);
SQL
say "MariaDB on port $DB_PORT (pid $DB_PID), reachable from tasks at $DB_HOST:$DB_PORT; user smdemo"

step "create the secret $SECRET_NAME (RDS credentials JSON)"
if aws_ secretsmanager describe-secret --secret-id "$SECRET_NAME" >/dev/null 2>&1; then
  say "a secret $SECRET_NAME is left from an earlier run: deleting it"
  aws_ secretsmanager delete-secret --secret-id "$SECRET_NAME" --force-delete-without-recovery >/dev/null
fi
SECRET_STRING=$(jq -cn --arg u smdemo --arg p "$DB_PASSWORD" --arg h "$DB_HOST" --argjson port "$DB_PORT" \
  '{username: $u, password: $p, engine: "mysql", host: $h, port: $port, dbname: "smdemo"}')
SECRET_ARN=$(aws_ secretsmanager create-secret --name "$SECRET_NAME" \
  --description "smdemo database credentials (Fargate with Secrets Manager walkthrough)" \
  --secret-string "$SECRET_STRING" --query ARN --output text) || die "create-secret failed"
[[ "$SECRET_ARN" == arn:aws:secretsmanager:*:secret:$SECRET_NAME-?????? ]] || die "unexpected secret ARN: $SECRET_ARN"
say "$SECRET_ARN"

step "let the task execution role read the secret (aws iam, as the workshop's stack sets it up)"
# ECS reads the task's secrets as its execution role: the role must trust ecs-tasks.amazonaws.com and may read
# exactly this secret; AmazonECSTaskExecutionRolePolicy covers image pulls and the awslogs streams, and
# awslogs-create-group needs logs:CreateLogGroup on the task's group.
if ! aws_ iam get-role --role-name ecsTaskExecutionRole >/dev/null 2>&1; then
  aws_ iam create-role --role-name ecsTaskExecutionRole --assume-role-policy-document \
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}' \
    >/dev/null || die "create-role failed"
  aws_ iam attach-role-policy --role-name ecsTaskExecutionRole \
    --policy-arn arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy || die "attach-role-policy failed"
fi
aws_ iam put-role-policy --role-name ecsTaskExecutionRole --policy-name smdemo-secret --policy-document \
  "$(jq -cn --arg arn "$SECRET_ARN" --arg group "arn:aws:logs:$REGION:000000000000:log-group:$LOG_GROUP" '
     {Version: "2012-10-17", Statement: [
       {Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: $arn},
       {Effect: "Allow", Action: "logs:CreateLogGroup", Resource: [$group, ($group + ":*")]}]}')" || die "put-role-policy failed"
say "$(aws_ iam get-role --role-name ecsTaskExecutionRole --query Role.Arn --output text) may read $SECRET_NAME"

step "register the task definition (SECRETNAME replaced by the secret's ARN, the image by its ECR URI)"
jq --arg arn "$SECRET_ARN" --arg pw "$SSH_PASSWORD" --arg region "$REGION" --arg image "$IMAGE_URI" '
  .containerDefinitions[0].image = $image
  | .containerDefinitions[0].secrets |= map(if .valueFrom == "SECRETNAME" then .valueFrom = $arn else . end)
  | .containerDefinitions[0].environment |= map(if .value == "SSHPASSWORD" then .value = $pw else . end)
  | .containerDefinitions[0].logConfiguration.options["awslogs-region"] = $region' taskdef.json >"$WORK/taskdef.json"
TD=$(aws_ ecs register-task-definition --cli-input-json "file://$WORK/taskdef.json") || die "register-task-definition failed"
TD_ARN=$(jq -r .taskDefinition.taskDefinitionArn <<<"$TD")
[ "$(jq -r '.taskDefinition.containerDefinitions[0].secrets[0].valueFrom' <<<"$TD")" = "$SECRET_ARN" ] \
  || die "the registered revision doesn't reference the secret's ARN"
say "$TD_ARN"

step "run the task (FARGATE, awsvpc, workshop subnets + security group)"
# The engine forgets the pushed tag, so the task's image comes from ECR, pulled as the execution role.
"$DOCKER" rmi "$IMAGE_URI" >/dev/null || die "docker rmi $IMAGE_URI failed"
SUBNET_LIST=$(IFS=,; echo "${SUBNETS[*]}")
T0=$(now)
RUN=$(aws_ ecs run-task --launch-type FARGATE --task-definition "$TD_ARN" --count 1 \
  --network-configuration "awsvpcConfiguration={subnets=[$SUBNET_LIST],securityGroups=[$SG_ID],assignPublicIp=DISABLED}") \
  || die "run-task failed"
[ "$(jq '.failures | length' <<<"$RUN")" = 0 ] || die "run-task failures: $(jq -c .failures <<<"$RUN")"
TASK_ARN=$(jq -r '.tasks[0].taskArn' <<<"$RUN")
say "$TASK_ARN"
last=""
printf '   lastStatus:'
while :; do
  st=$(aws_ ecs describe-tasks --tasks "$TASK_ARN" --query 'tasks[0].lastStatus' --output text)
  if [ "$st" != "$last" ]; then printf ' %s' "$st"; last=$st; fi
  [ "$st" = RUNNING ] && break
  if [ "$st" = STOPPED ]; then
    printf '\n'
    die "the task stopped: $(aws_ ecs describe-tasks --tasks "$TASK_ARN" --query 'tasks[0].[stopCode,stoppedReason]' --output text)"
  fi
  [ "$(secs "$T0" "$(now)" | cut -d. -f1)" -lt 180 ] || { printf '\n'; die "not RUNNING after 180 s (last: $st)"; }
  sleep 0.1
done
RUNNING_SECS=$(secs "$T0" "$(now)")
printf '\n'
say "RunTask -> RUNNING: $RUNNING_SECS s"

step "read the task's private IP (DescribeTasks)"
DESC=$(aws_ ecs describe-tasks --tasks "$TASK_ARN")
TASK_IP=$(jq -r '.tasks[0].attachments[] | select(.type == "ElasticNetworkInterface") | .details[]
  | select(.name == "privateIPv4Address") | .value' <<<"$DESC")
TASK_SUBNET=$(jq -r '.tasks[0].attachments[] | select(.type == "ElasticNetworkInterface") | .details[]
  | select(.name == "subnetId") | .value' <<<"$DESC")
TASK_CIDR=$(jq -r --arg s "$TASK_SUBNET" '.Subnets[] | select(.SubnetId == $s) | .CidrBlock' <<<"$SUBNETS_JSON")
[ -n "$TASK_CIDR" ] || die "the task's subnet $TASK_SUBNET is not one of the subnets given to run-task"
python3 -c "import ipaddress,sys; sys.exit(0 if ipaddress.ip_address(sys.argv[1]) in ipaddress.ip_network(sys.argv[2]) else 1)" \
  "$TASK_IP" "$TASK_CIDR" 2>/dev/null || die "private IP '$TASK_IP' is not in its subnet $TASK_SUBNET ($TASK_CIDR)"
SERVER_SECS=$(jq -r '.tasks[0] | "\(.createdAt) \(.startedAt)"' <<<"$DESC" | python3 -c '
import sys, datetime
a, b = sys.stdin.read().split()
p = datetime.datetime.fromisoformat
print("%.1f" % (p(b) - p(a)).total_seconds())')
say "the task's own timestamps: createdAt -> startedAt $SERVER_SECS s (the rest of RunTask -> RUNNING is the CLI)"
say "private IP $TASK_IP in $TASK_SUBNET ($TASK_CIDR), zone $(jq -r '.tasks[0].availabilityZone' <<<"$DESC")"

step "ssh to the task and show TASKDEF_SECRET in a login shell"
ok=0
for _ in $(seq 1 50); do
  if out=$(ssh_task "bash -lc 'env | grep TASKDEF_SECRET'" 2>"$WORK/ssh.err"); then ok=1; break; fi
  sleep 0.2
done
[ "$ok" = 1 ] || die "ssh ec2-user@$TASK_IP failed: $(tail -n 3 "$WORK/ssh.err")"
printf '%s\n' "$out" | sed 's/^/   /'
got=$(sed -n 's/^TASKDEF_SECRET=//p' <<<"$out")
[ "$(jq -cS . <<<"$got" 2>/dev/null)" = "$(jq -cS . <<<"$SECRET_STRING")" ] \
  || die "TASKDEF_SECRET in the task is not the secret's value"
mode=$(ssh_task "stat -c '%a %U' /etc/profile.d/ecs.sh") || die "no /etc/profile.d/ecs.sh in the task"
[ "$mode" = "644 root" ] || die "/etc/profile.d/ecs.sh is '$mode', not mode 644 owned by root"
say "/etc/profile.d/ecs.sh: mode $mode"

step "run ./mysql.newway.sh (use smdemo; show tables; select from bookinfo)"
rows=$(ssh_task "bash -lc ./mysql.newway.sh" <<<'use smdemo; show tables; select * from bookinfo;') \
  || die "mysql.newway.sh failed"
printf '%s\n' "$rows" | sed 's/^/   /'
grep -qx 'bookinfo' <<<"$rows" || die "show tables didn't list bookinfo"
for title in 'The Phoenix Project' 'Site Reliability Engineering' 'Designing Data-Intensive Applications'; do
  grep -q "$title" <<<"$rows" || die "row '$title' missing from bookinfo"
done

step "show the task's log (aws logs)"
TASK_ID=${TASK_ARN##*/}
STREAM=ecs/$CONTAINER/$TASK_ID
if aws_ logs describe-log-groups --log-group-name-prefix "$LOG_GROUP" >"$WORK/groups.json" 2>"$WORK/logs.err"; then
  events=""
  for _ in $(seq 1 50); do
    events=$(aws_ logs get-log-events --log-group-name "$LOG_GROUP" --log-stream-name "$STREAM" \
      --start-from-head --query 'events[].message' --output text 2>/dev/null || true)
    grep -q 'startprocesses' <<<"$events" && break
    sleep 0.2
  done
  say "aws logs get-log-events --log-group-name $LOG_GROUP --log-stream-name $STREAM"
  tr '\t' '\n' <<<"$events" | sed 's/^/     /'
  grep -q 'startprocesses: wrote' <<<"$events" || die "the task's output is not in $LOG_GROUP/$STREAM"
  grep -qF "$DB_PASSWORD" <<<"$events" && die "the task's log shows the database password"
else
  say "TODO: the CloudWatch Logs API doesn't answer here yet ($(grep -o '([A-Za-z]*)' "$WORK/logs.err" | head -1 || true));"
  say "      once it does, this step shows $LOG_GROUP/$STREAM. The container's output, from Docker:"
  CID=$(jq -r '.tasks[0].containers[0].runtimeId // empty' <<<"$DESC")
  [ -n "$CID" ] && "$DOCKER" logs "$CID" 2>&1 | head -n 10 | sed 's/^/     /'
fi

step "stop the task"
aws_ ecs stop-task --task "$TASK_ARN" --reason "walkthrough done" >/dev/null || die "stop-task failed"
for _ in $(seq 1 600); do
  st=$(aws_ ecs describe-tasks --tasks "$TASK_ARN" --query 'tasks[0].lastStatus' --output text)
  [ "$st" = STOPPED ] && break
  sleep 0.1
done
[ "$st" = STOPPED ] || die "the task is $st, not STOPPED, 60 s after stop-task"
say "$(aws_ ecs describe-tasks --tasks "$TASK_ARN" --query 'tasks[0].[lastStatus,stopCode,stoppedReason]' --output text)"
TASK_ARN=""

step "clean up (deregister, force-delete the secret, stop MariaDB)"
aws_ ecs deregister-task-definition --task-definition "$TD_ARN" --query 'taskDefinition.status' --output text \
  | grep -qx INACTIVE || die "deregister-task-definition didn't make the revision INACTIVE"
TD_ARN=""
aws_ secretsmanager delete-secret --secret-id "$SECRET_ARN" --force-delete-without-recovery >/dev/null \
  || die "delete-secret failed"
aws_ secretsmanager describe-secret --secret-id "$SECRET_ARN" >/dev/null 2>&1 && die "the secret is still there"
SECRET_ARN=""
kill "$DB_PID"
for _ in $(seq 1 100); do kill -0 "$DB_PID" 2>/dev/null || break; sleep 0.1; done
kill -0 "$DB_PID" 2>/dev/null && die "MariaDB didn't stop"
DB_PID=""
end_step
STEP=""

# ---------------------------------------------------------------- summary
TOTAL=$(secs "$RUN_START" "$(now)")
{
  printf '\nWalkthrough summary (%s)\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  printf '  %-3s %-70s %8s\n' '#' 'step' 'seconds'
  sum=0
  for entry in "${TIMES[@]}"; do
    IFS='|' read -r n name t <<<"$entry"
    printf '  %-3s %-70.70s %8s\n' "$n" "$name" "$t"
    sum=$(awk -v a="$sum" -v b="$t" 'BEGIN { print a + b }')
  done
  printf '  %-74s %8.1f\n' 'all steps (base image excluded)' "$sum"
  printf '  %-74s %8s\n' 'RunTask -> RUNNING, as the CLI polling describe-tasks saw it' "$RUNNING_SECS"
  printf '  %-74s %8s\n' 'RunTask -> RUNNING, from the task (createdAt -> startedAt)' "$SERVER_SECS"
  printf '  %-74s %8s\n' 'one AWS CLI call (aws --version), for scale' "$CLI_SECS"
  printf 'OK: the bookinfo rows were read through the secret Homeport injected into a Fargate task.\n'
} | tee "${WALKTHROUGH_SUMMARY:-/dev/null}"
