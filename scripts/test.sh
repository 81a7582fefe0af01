#!/usr/bin/env bash
# Runs all tests: unit and integration (`mvn -B verify`). The integration tests
# start Homeport themselves and run scripts/e2e/*.sh against it.
#   ./scripts/test.sh [extra maven arguments, e.g. -Dtest=SomeTest]
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

# Packages, Docker engine and PostgreSQL: installed or started only when missing.
# shellcheck source=scripts/prepare-test-machine.sh
source "$ROOT/scripts/prepare-test-machine.sh"
cd "$ROOT"

export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
[ -x "$JAVA_HOME/bin/java" ] || { echo "JDK not found at $JAVA_HOME" >&2; exit 1; }

# Tests that shell out get Debian's docker client and AWS CLI v2, not the other
# `docker` / `aws` that may come first on PATH.
TOOLS=${TMPDIR:-/tmp}/homeport-tools
mkdir -p "$TOOLS"
for t in docker aws; do
  [ -x "/usr/bin/$t" ] && ln -sfn "/usr/bin/$t" "$TOOLS/$t"
done
export PATH="$TOOLS:$JAVA_HOME/bin:$PATH"

start=$SECONDS
marker=$(mktemp)
trap 'rm -f "$marker"' EXIT
rc=0
mvn -B verify "$@" || rc=$?
elapsed=$((SECONDS - start))

# Summary from the Surefire/Failsafe reports of this run.
tests=0 failures=0 errors=0 skipped=0
while IFS= read -r f; do
  line=$(grep -o -m1 '<testsuite [^>]*>' "$f" || true)
  for attr in tests failures errors skipped; do
    v=$(sed -n "s/.* $attr=\"\([0-9]*\)\".*/\1/p" <<<"$line")
    v=${v:-0}
    case $attr in
      tests) tests=$((tests + v)) ;;
      failures) failures=$((failures + v)) ;;
      errors) errors=$((errors + v)) ;;
      skipped) skipped=$((skipped + v)) ;;
    esac
  done
done < <(find target/surefire-reports target/failsafe-reports -name 'TEST-*.xml' -newer "$marker" 2>/dev/null)
passed=$((tests - failures - errors - skipped))
# Under CI nothing may skip: a skipped test there is a prerequisite CI failed to provide.
if [ "${CI:-}" = true ] && [ "$skipped" -gt 0 ] && [ "$rc" -eq 0 ]; then
  echo "CI=true but $skipped test(s) were skipped; see target/surefire-reports" >&2
  rc=1
fi
failed=$((failures + errors))

echo
echo "================================================================"
if [ "$rc" -eq 0 ]; then
  echo "Homeport tests: SUCCESS (mvn verify, ${elapsed}s)"
else
  echo "Homeport tests: FAILURE (mvn verify exited $rc, ${elapsed}s)"
  if [ "$failed" -gt 0 ]; then
    echo "failed tests are listed above; reports in target/surefire-reports and target/failsafe-reports"
  fi
fi
echo "================================================================"
echo "$passed passed, $failed failed, $skipped skipped"
exit "$rc"
