#!/usr/bin/env bash
# Builds function.zip and deploys template.yaml with SAM. The first run asks for the parameters (--guided)
# and saves them to infra/samconfig.toml; later runs reuse them. Needs the AWS SAM CLI and credentials.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v sam >/dev/null || { echo "deploy: the AWS SAM CLI (sam) is not installed" >&2; exit 1; }
./mvnw -B -q package -DskipTests
if grep -q '^stack_name' infra/samconfig.toml 2>/dev/null; then
  sam deploy --template-file template.yaml --config-file infra/samconfig.toml "$@"
else
  sam deploy --guided --template-file template.yaml --config-file infra/samconfig.toml "$@"
fi
