#!/usr/bin/env bash
# Reliability harnesses through the whole local stack (docs/reliability.md):
#   scripts/reliability.sh fuzz [frames=10000] [seed=13]   mutated frames of every action from an authenticated client
#   scripts/reliability.sh faults [full|rotating]           fault matrix: each AWS call x throttled / 500 / killed after
#   scripts/reliability.sh soak [users=20] [minutes=5]      load with receipts and reconnects: losses, heap trend
# Prints the figures and exits non-zero when an invariant broke.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-moto.sh
# One reactor invocation (modules are never installed in ~/.m2); localstack's target/bench.classpath is the one used.
./mvnw -q -B -ntp -pl localstack -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -DexcludeGroupIds=dev.chatline -Dmdep.outputFile=target/bench.classpath
CP=localstack/target/test-classes
for m in localstack functions shared emulator; do CP="$CP:$m/target/classes"; done
CP="$CP:shared/target/test-classes"
exec java -Dlogback.configurationFile=localstack/target/classes/chatline-local-logback.xml \
  -DCHATLINE_LOG_LEVEL="${CHATLINE_LOG_LEVEL:-OFF}" -cp "$CP:$(cat localstack/target/bench.classpath)" \
  dev.chatline.local.reliability.ReliabilityMain "$@"
