#!/usr/bin/env bash
# Deploys lambdarec with SAM and the AWS CLI (needs both, and credentials).
#   scripts/deploy.sh --network [STACK]   the VPC + ElastiCache Serverless stack (infra/network.yaml), once per
#                                         environment; STACK defaults to lambdarec-network
#   scripts/deploy.sh [sam deploy args]   builds function.zip and deploys template.yaml: --guided the first
#                                         time (answers saved in infra/samconfig.toml), then with those answers
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${1:-}" == --network ]]; then
  command -v aws >/dev/null || { echo "deploy: the AWS CLI (aws) is not installed" >&2; exit 1; }
  stack="${2:-lambdarec-network}"
  aws cloudformation deploy --template-file infra/network.yaml --stack-name "$stack" --no-fail-on-empty-changeset
  aws cloudformation describe-stacks --stack-name "$stack" \
    --query 'Stacks[0].Outputs[].[OutputKey,OutputValue]' --output table
  echo "network stack '$stack' is up: answer NetworkStack=$stack when scripts/deploy.sh asks for parameters"
  exit 0
fi

command -v sam >/dev/null || { echo "deploy: the AWS SAM CLI (sam) is not installed" >&2; exit 1; }
./mvnw -B -q package -DskipTests
if grep -q '^stack_name' infra/samconfig.toml 2>/dev/null; then
  sam deploy --template-file template.yaml --config-file infra/samconfig.toml "$@"
else
  sam deploy --guided --template-file template.yaml --config-file infra/samconfig.toml "$@"
fi
