#!/bin/sh
# The task's application: who am I, read the secret my role may read, try the one it may not.
# The CLI finds its credentials itself: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI, fetched from 169.254.170.2.
# Debian's CLI (botocore 1.29) predates AWS_ENDPOINT_URL, which ECS-on-Homeport sets and newer SDKs and CLIs
# read on their own; it is passed explicitly here.
set -u
aws_() { aws --endpoint-url "$AWS_ENDPOINT_URL" --output text "$@"; }

echo "identity: $(aws_ sts get-caller-identity --query Arn)"
if value=$(aws_ secretsmanager get-secret-value --secret-id "$ALLOWED_SECRET" --query SecretString); then
  # An application uses the value; it does not print it.
  echo "read $ALLOWED_SECRET: ${#value} characters"
else
  echo "could not read $ALLOWED_SECRET"
  exit 1
fi
if aws_ secretsmanager get-secret-value --secret-id "$OTHER_SECRET" --query SecretString >/dev/null 2>/tmp/denied; then
  echo "read $OTHER_SECRET, which the role's policy does not name"
  exit 1
fi
echo "denied $OTHER_SECRET: $(tr -s '\n' ' ' </tmp/denied)"
