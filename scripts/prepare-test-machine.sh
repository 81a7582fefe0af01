#!/usr/bin/env bash
# Prepares a machine for the tests; sourced by scripts/test.sh, so that the README's one test
# command works on a fresh Debian 12 machine: installs the Debian packages the tests need (when
# run as root), starts the Docker engine when none answers, and starts a throwaway PostgreSQL on
# loopback for the store's PostgreSQL contract tests (exporting HOMEPORT_TEST_PG_URL).
# Idempotent: on a prepared machine it only checks.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { printf '[prepare] %s\n' "$*"; }
die() { printf '[prepare] ERROR: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- packages
# What the tests need from Debian. Each is installed only if missing, so a
# machine that already has them pays for one dpkg-query per package.
PACKAGES=(
  docker.io          # Docker engine (dockerd) + client /usr/bin/docker, for the docker task driver
  awscli             # AWS CLI v2 at /usr/bin/aws, for scripts/e2e/*.sh
  wrk                # bench/getsecretvalue.sh
  nginx-light        # the benchmark's reference server
  busybox-static     # tiny rootfs for test images (docker import)
  debootstrap        # Debian base image for the walkthrough
  iproute2           # ip netns / veth for network tests
  bubblewrap         # the process runtime's task sandbox (bwrap)
  jq
  curl
  maven              # usually present on java-maven machines
  mariadb-server     # the walkthrough's database (examples/fargate-secrets)
  sshpass            # the walkthrough logs in to its task with ssh and a password
  openssh-client
  postgresql         # the store's contract test runs on PostgreSQL too
  chromium           # the console's browser tests (headless, /usr/bin/chromium)
  chromium-driver    # ... driven through /usr/bin/chromedriver by Selenium
  skopeo             # the registry's tests copy images with it too (OCI manifests, no Docker daemon)
  podman             # ... and push and pull with it (its own store in a temporary directory)
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -gt 0 ] && [ "$(id -u)" -ne 0 ]; then
  log "missing Debian packages (run as root, or apt-get install them): ${missing[*]}"
elif [ "${#missing[@]}" -gt 0 ]; then
  log "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Keep package scripts from starting services (nginx on :80, mariadb, ...):
  # the tests start what they need themselves.
  policy_rc=/usr/sbin/policy-rc.d
  if [ ! -e "$policy_rc" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy_rc"
    chmod 755 "$policy_rc"
    trap 'rm -f "$policy_rc"' EXIT
  fi
  apt-get update
  apt-get install -y --no-install-recommends "${missing[@]}"
  rm -f "$policy_rc"
  trap - EXIT
else
  log "all ${#PACKAGES[@]} packages present"
fi

# ---------------------------------------------------------------- JDK
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
[ -x "$JAVA_HOME/bin/java" ] || die "JDK not found at $JAVA_HOME (the build needs Temurin 25)"
export PATH="$JAVA_HOME/bin:$PATH"

# ---------------------------------------------------------------- Docker engine
# Debian's docker.io (20.10). Use its client, /usr/bin/docker: a newer client may
# be first on PATH and not speak to this engine.
DOCKER=/usr/bin/docker
DOCKERD_LOG=${DOCKERD_LOG:-/var/log/homeport-ci-dockerd.log}
if "$DOCKER" info >/dev/null 2>&1; then
  log "docker engine already running"
elif [ "$(id -u)" -ne 0 ]; then
  log "no Docker engine answers and only root can start one: Docker tests will skip (and fail under CI=true)"
else
  log "starting dockerd (log: $DOCKERD_LOG)"
  # DOCKERD_ARGS: extra flags, e.g. to try this on a private socket/data-root.
  # shellcheck disable=SC2086
  nohup /usr/sbin/dockerd ${DOCKERD_ARGS:-} >"$DOCKERD_LOG" 2>&1 </dev/null &
  dockerd_pid=$!
  for _ in $(seq 1 60); do
    "$DOCKER" info >/dev/null 2>&1 && break
    kill -0 "$dockerd_pid" 2>/dev/null || break
    sleep 0.5
  done
  if ! "$DOCKER" info >/dev/null 2>&1; then
    printf '[prepare] ERROR: dockerd did not come up within 30 s; last lines of %s:\n' "$DOCKERD_LOG" >&2
    tail -n 40 "$DOCKERD_LOG" >&2 || true
    exit 1
  fi
  log "dockerd is up (pid $dockerd_pid): $("$DOCKER" version --format '{{.Server.Version}}' 2>/dev/null || echo '?')"
fi

# Leftovers of earlier runs on this engine (containers of a Homeport that was killed, the
# networks they used) keep a subnet's address block taken, and Docker refuses a second network
# overlapping it: remove stopped Homeport containers and Homeport networks nothing uses.
if "$DOCKER" info >/dev/null 2>&1; then
  stale=$("$DOCKER" ps -aq --filter label=dev.homeport.instance --filter status=exited)
  stale+=" $("$DOCKER" ps -aq --filter label=dev.homeport.instance --filter status=created)"
  for c in $stale; do "$DOCKER" rm -f "$c" >/dev/null 2>&1 || true; done
  for n in $("$DOCKER" network ls -q --filter label=dev.homeport.role=network); do
    "$DOCKER" network rm "$n" >/dev/null 2>&1 || true
  done
fi

# ---------------------------------------------------------------- tests
log "java: $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
# ---------------------------------------------------------------- PostgreSQL
# A throwaway cluster on loopback for the store's PostgreSQL contract test.
pg_url="jdbc:postgresql://127.0.0.1:55432/homeport_test?user=postgres"
if [ -n "${HOMEPORT_TEST_PG_URL:-}" ]; then
  log "PostgreSQL from HOMEPORT_TEST_PG_URL"
elif psql -h 127.0.0.1 -p 55432 -U postgres -d homeport_test -qc 'SELECT 1' >/dev/null 2>&1; then
  export HOMEPORT_TEST_PG_URL=$pg_url
  log "PostgreSQL already running on 127.0.0.1:55432"
elif [ "$(id -u)" -eq 0 ] && [ -d /usr/lib/postgresql ]; then
  pg_bin=/usr/lib/postgresql/$(ls /usr/lib/postgresql | sort -V | tail -n 1)/bin
  pg_data=$(mktemp -d /tmp/homeport-test-pg.XXXXXX)
  chown postgres "$pg_data"
  su postgres -s /bin/sh -c "$pg_bin/initdb -D $pg_data -A trust -U postgres" >/dev/null
  su postgres -s /bin/sh -c "$pg_bin/pg_ctl -D $pg_data -l $pg_data/server.log -w \
    -o '-p 55432 -k /tmp -c listen_addresses=127.0.0.1' start" >/dev/null
  psql -h 127.0.0.1 -p 55432 -U postgres -qc 'CREATE DATABASE homeport_test' >/dev/null
  export HOMEPORT_TEST_PG_URL=$pg_url
  log "PostgreSQL started on 127.0.0.1:55432 (data in $pg_data)"
else
  log "no PostgreSQL: its contract tests will skip (and fail under CI=true)"
fi

