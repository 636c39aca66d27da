#!/usr/bin/env bash
# Runs the full test suite: unit, integration (against the embedded moto emulator, started by the tests
# themselves), end-to-end (real WebSocket clients through the local runtime), the CDK stack checks
# (assertions + cdk-nag) and cfn-lint on the synthesized templates (infra-cdk's profile cfn-lint).
#
#   scripts/test.sh            the full suite (what CI runs)
#   scripts/test.sh --quick    the inner loop: Maven profile quick (no *E2eTest but one smoke test, no
#                              @Tag("slow") classes, no CDK synthesis, no cfn-lint); see docs/local-development.md
# Further arguments go to Maven (e.g. -o, or -pl shared -am for one module and what it needs).
# -T 2: the two modules that do not depend on each other, infra-cdk (with cfn-lint) and client, build side by side.
set -euo pipefail
cd "$(dirname "$0")/.."
profile=cfn-lint
if [ "${1:-}" = "--quick" ]; then
  profile=quick
  shift
fi
scripts/ensure-moto.sh
./mvnw -B -ntp -T 2 -P "$profile" verify "$@"
