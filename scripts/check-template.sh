#!/usr/bin/env bash
# Lints template.yaml and infra/network.yaml with cfn-lint when it is installed (optional; not part of the test command).
set -euo pipefail
cd "$(dirname "$0")/.."
if command -v cfn-lint >/dev/null; then
  cfn-lint template.yaml infra/network.yaml && echo "template.yaml, infra/network.yaml: cfn-lint clean"
else
  echo "cfn-lint is not installed (pip install cfn-lint); skipped" >&2
fi
