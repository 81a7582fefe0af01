#!/bin/bash
# The task's entry point, as in the workshop: sshd doesn't pass its environment to login sessions, so every
# TASKDEF_* variable (secrets ECS injected, among them TASKDEF_SECRET) is written to /etc/profile.d/ecs.sh,
# which login shells read. Then sshd runs in the foreground (its log goes to the task's log).
set -euo pipefail

if [ -z "${EC2_USER_PASSWORD:-}" ]; then
  echo "startprocesses: EC2_USER_PASSWORD is not set; ec2-user can't log in" >&2
  exit 1
fi
echo "ec2-user:${EC2_USER_PASSWORD}" | chpasswd
unset EC2_USER_PASSWORD

profile=/etc/profile.d/ecs.sh
umask 022
: >"$profile"
count=0
while IFS= read -r name; do
  value=${!name}
  # single quotes keep JSON intact; a single quote inside becomes '\''
  printf "export %s='%s'\n" "$name" "${value//\'/\'\\\'\'}" >>"$profile"
  count=$((count + 1))
done < <(compgen -e | grep '^TASKDEF_' || true)
chmod 644 "$profile"
echo "startprocesses: wrote $count TASKDEF_* variable(s) to $profile"

ssh-keygen -A >/dev/null
mkdir -p /run/sshd
echo "startprocesses: starting sshd"
exec /usr/sbin/sshd -D -e
