#!/usr/bin/env bash
# Runs the full test suite: unit, integration (against the embedded moto emulator, started by the tests
# themselves), end-to-end (real WebSocket clients through the local runtime), the CDK stack checks
# (assertions + cdk-nag) and cfn-lint on the synthesized template.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-moto.sh
./mvnw -B -ntp verify "$@"
scripts/cfn-lint.sh
