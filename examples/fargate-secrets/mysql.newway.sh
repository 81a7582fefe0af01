#!/bin/bash
# The workshop's "new way": the connection details come from the secret that ECS injected as TASKDEF_SECRET
# (RDS's JSON: host, port, username, password, dbname), not from a file or the command line.
# Statements are read from the arguments, or from stdin:
#   echo 'use smdemo; show tables; select * from bookinfo;' | ./mysql.newway.sh
#   ./mysql.newway.sh 'select * from bookinfo;'
set -euo pipefail
if [ -z "${TASKDEF_SECRET:-}" ]; then
  echo "TASKDEF_SECRET is not set: run this in a login shell (bash -l) so /etc/profile.d/ecs.sh is read" >&2
  exit 1
fi
field() { jq -er --arg k "$1" '.[$k] | tostring' <<<"$TASKDEF_SECRET"; }
host=$(field host)
port=$(field port)
username=$(field username)
password=$(field password)
dbname=$(field dbname)
# MYSQL_PWD keeps the password out of the process list
export MYSQL_PWD=$password
if [ $# -gt 0 ]; then
  exec mysql --host="$host" --port="$port" --user="$username" "$dbname" -e "$*"
fi
exec mysql --host="$host" --port="$port" --user="$username" "$dbname"
