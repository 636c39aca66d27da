#!/usr/bin/env bash
# Messaging benchmark through the whole local stack: scripts/bench.sh [users] [messagesPerUser]
# Prints send->ack and send->deliver percentiles, messages/s, everything billed per delivered message (AWS calls,
# DynamoDB units, API Gateway messages, Lambda invocations), the cost per million messages (docs/aws-prices.properties),
# where the idle time goes and the heartbeat cost per connected user per month.
# scripts/bench.sh --usage-file docs/usage-per-message.properties [users] [messagesPerUser] also writes the measured
# usage per message, connect and heartbeat there, which scripts/capacity.sh reads (docs/scaling.md).
# Group benchmark: scripts/bench.sh groups [messages] (256 members: send -> all received, DynamoDB calls and units per
# receipt, also with a 64 KB body).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-moto.sh
# One reactor invocation: the reactor resolves its own modules (never installed in ~/.m2) from their target/
# directories. Every module of the reactor writes its own target/bench.classpath; localstack's is the one used.
./mvnw -q -B -ntp -pl localstack -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -DexcludeGroupIds=dev.chatline -Dmdep.outputFile=target/bench.classpath
CP=localstack/target/test-classes
for m in localstack functions shared emulator; do CP="$CP:$m/target/classes"; done
CP="$CP:shared/target/test-classes"
MAIN=dev.chatline.local.bench.MessagingBenchmark
if [[ "${1:-}" == "groups" ]]; then MAIN=dev.chatline.local.bench.GroupBenchmark; shift; fi
USAGE=()
if [[ "${1:-}" == "--usage-file" ]]; then USAGE=("-Dchatline.bench.usageFile=$2"); shift 2; fi
exec java ${USAGE[@]+"${USAGE[@]}"} -Dlogback.configurationFile=localstack/target/classes/chatline-local-logback.xml -DCHATLINE_LOG_LEVEL="${CHATLINE_LOG_LEVEL:-WARN}" -cp "$CP:$(cat localstack/target/bench.classpath)" "$MAIN" "$@"
