# shellcheck shell=bash
# Shared by the AWS CLI end-to-end scripts (secretsmanager-cli.sh, logs-cli.sh): reporting, an AWS CLI
# isolated from the user's configuration, and the helpers the checks are written with. The script sets
# E2E_SERVICE (the CLI's service name), EP, REGION, AWS_BIN and WORK before sourcing this file.

PASS=0
FAILED=0
OUT="" ERR="" RC=0

step() { printf '\n== %s\n' "$*"; }

# fail MESSAGE: report a failed check with the last command's output; stops the run unless E2E_KEEP_GOING=1.
fail() {
  printf '\nFAIL: %s\n' "$1" >&2
  if [ -n "$OUT" ]; then printf -- '--- last stdout:\n%s\n' "$(head -c 4000 <<<"$OUT")" >&2; fi
  if [ -n "$ERR" ]; then printf -- '--- last stderr:\n%s\n' "$(head -c 4000 <<<"$ERR")" >&2; fi
  FAILED=$((FAILED + 1))
  [ "${E2E_KEEP_GOING:-0}" = 1 ] && return 0
  printf '%d passed, %d failed\n' "$PASS" "$FAILED"
  exit 1
}

pass() { PASS=$((PASS + 1)); printf '   ok  %s\n' "$*"; }

# e2e_require_tools TOOL...: the tools must be on PATH and AWS_BIN must be the AWS CLI v2.
e2e_require_tools() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || { echo "missing tool: $tool" >&2; exit 2; }
  done
  case "$("$AWS_BIN" --version 2>&1)" in
    aws-cli/2.*) ;;
    *) echo "$AWS_BIN is not the AWS CLI v2: $("$AWS_BIN" --version 2>&1)" >&2; exit 2 ;;
  esac
}

# e2e_isolate_cli [CONFIG-LINE...]: the CLI ignores whatever the user has configured; it signs with
# test/test in REGION and never retries. Extra lines go into its config file's [default] section.
e2e_isolate_cli() {
  unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_SESSION_TOKEN AWS_SECURITY_TOKEN AWS_CA_BUNDLE AWS_ENDPOINT_URL \
        AWS_ENDPOINT_URL_SECRETS_MANAGER AWS_ENDPOINT_URL_CLOUDWATCH_LOGS AWS_DATA_PATH AWS_CLI_AUTO_PROMPT || true
  export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
  export AWS_DEFAULT_REGION=$REGION AWS_REGION=$REGION
  export AWS_CONFIG_FILE=$WORK/config AWS_SHARED_CREDENTIALS_FILE=$WORK/credentials
  export AWS_PAGER="" AWS_EC2_METADATA_DISABLED=true AWS_MAX_ATTEMPTS=1 AWS_RETRY_MODE=standard
  { printf '[default]\nregion = %s\n' "$REGION"; printf '%s\n' "$@"; printf 'cli_pager =\n'; } >"$AWS_CONFIG_FILE"
  : >"$AWS_SHARED_CREDENTIALS_FILE"
}

# cli ARGS...: run `aws $E2E_SERVICE ARGS`, set OUT, ERR, RC (never aborts).
cli() {
  RC=0
  OUT=$("$AWS_BIN" --endpoint-url "$EP" --region "$REGION" --output json "$E2E_SERVICE" "$@" 2>"$WORK/stderr") || RC=$?
  ERR=$(cat "$WORK/stderr")
}

# ok ARGS...: like cli, but the command must succeed.
ok() {
  printf '   $ aws %s %s\n' "$E2E_SERVICE" "$(printf '%q ' "$@" | head -c 200)"
  cli "$@"
  [ "$RC" -eq 0 ] || fail "aws $E2E_SERVICE $1 exited $RC (expected success)"
}

# check DESCRIPTION JQ-EXPR [jq options such as --arg k v]: EXPR on OUT must be true.
check() {
  local desc=$1 expr=$2
  shift 2
  if jq -e "$@" "$expr" <<<"${OUT:-null}" >/dev/null 2>"$WORK/jqerr"; then
    pass "$desc"
  else
    fail "$desc   [jq: $expr $(cat "$WORK/jqerr")]"
  fi
}

# expect_error CODE ARGS...: the command must fail as a service error (CLI exit code 254) and stderr
# must name CODE.
expect_error() {
  local code=$1
  shift
  printf '   $ aws %s %s  (expect %s)\n' "$E2E_SERVICE" "$(printf '%q ' "$@" | head -c 200)" "$code"
  cli "$@"
  [ "$RC" -eq 254 ] || fail "aws $E2E_SERVICE $1: expected exit 254 ($code), got exit $RC"
  case "$ERR" in
    *"($code)"*) pass "$1 answers $code (exit 254)" ;;
    *) fail "aws $E2E_SERVICE $1: expected $code in stderr" ;;
  esac
}

# err_says TEXT: the last error message contains TEXT.
err_says() {
  case "$ERR" in
    *"$1"*) pass "error message says: $1" ;;
    *) fail "expected the error message to contain: $1" ;;
  esac
}
