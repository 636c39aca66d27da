#!/usr/bin/env bash
# Cold start figures per function: scripts/coldstart.sh [--baseline-jar FILE] [--repeat N] [--only f1,f2] [--classes]
#   [--no-priming]
# For every function of the catalog a fresh JVM with only that function's artifact (functions/target/lambda/) builds
# the handler against the local runtime on the embedded emulator and invokes it twice with its sample event from
# events/; printed: start → handler constructed, the first and second invocation, without and with the SnapStart
# priming hooks, and with --baseline-jar the same for every function from one jar of another build (e.g. the single
# shaded jar of an older commit). See docs/performance.md ("Cold start").
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/local-main.sh
# package: the per-function artifacts the probe loads, besides the classes.
run_local_main package WARN dev.chatline.local.coldstart.ColdStartBenchmark "$@"
