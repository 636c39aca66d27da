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
scripts/ensure-moto.sh
# One reactor invocation (nothing installed into ~/.m2): the artifacts, the local runtime and the probe.
./mvnw -q -B -ntp -pl localstack -am package -DskipTests dependency:build-classpath -Dmdep.includeScope=test \
  -DexcludeGroupIds=dev.chatline -Dmdep.outputFile=target/coldstart.classpath
CP=localstack/target/test-classes
for m in localstack functions shared emulator; do CP="$CP:$m/target/classes"; done
CP="$CP:shared/target/test-classes"
exec java -Dlogback.configurationFile=localstack/target/classes/chatline-local-logback.xml \
  -DCHATLINE_LOG_LEVEL="${CHATLINE_LOG_LEVEL:-WARN}" -cp "$CP:$(cat localstack/target/coldstart.classpath)" \
  dev.chatline.local.coldstart.ColdStartBenchmark "$@"
