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
source scripts/lib/local-main.sh
MAIN=dev.chatline.local.bench.MessagingBenchmark
if [[ "${1:-}" == "groups" ]]; then MAIN=dev.chatline.local.bench.GroupBenchmark; shift; fi
JVM_ARGS=()
if [[ "${1:-}" == "--usage-file" ]]; then JVM_ARGS=("-Dchatline.bench.usageFile=$2"); shift 2; fi
run_local_main test-compile WARN "$MAIN" "$@"
