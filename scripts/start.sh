#!/usr/bin/env bash
# Starts Homeport in the foreground on port 4566 with its data in ./data.
# Builds target/homeport.jar first if it is missing or older than the sources.
#   ./scripts/start.sh [extra server flags]
# Overrides: HOMEPORT_PORT, HOMEPORT_DATA_DIR (also read by the server itself),
# JAVA_OPTS (JVM flags, after the defaults from scripts/jvm-options, so they win), HOMEPORT_AOT=off
# (no AOT cache; by default the first start of a new jar records one in target/, used from the next start).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
[ -x "$JAVA_HOME/bin/java" ] || { echo "JDK not found at $JAVA_HOME" >&2; exit 1; }
export PATH="$JAVA_HOME/bin:$PATH"

JAR=target/homeport.jar
if [ ! -f "$JAR" ] || [ -n "$(find pom.xml src -newer "$JAR" -print -quit 2>/dev/null)" ]; then
  echo "building $JAR ..." >&2
  mvn -B -q -DskipTests package
fi

PORT=${HOMEPORT_PORT:-4566}
DATA_DIR=${HOMEPORT_DATA_DIR:-$ROOT/data}
mkdir -p "$DATA_DIR"
echo "Homeport on http://localhost:$PORT (data: $DATA_DIR)" >&2
# shellcheck disable=SC2086
exec "$JAVA_HOME/bin/java" $("$ROOT/scripts/jvm-options" "$ROOT/$JAR") ${JAVA_OPTS:-} -jar "$ROOT/$JAR" server --port "$PORT" --data-dir "$DATA_DIR" "$@"
