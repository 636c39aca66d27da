#!/usr/bin/env bash
# Messaging benchmark through the whole local stack: scripts/bench.sh [users] [messagesPerUser]
# Prints send->ack and send->deliver percentiles, messages/s, everything billed per delivered message (AWS calls,
# DynamoDB units, API Gateway messages, Lambda invocations), the cost per million messages (docs/aws-prices.properties),
# where the idle time goes and the heartbeat cost per connected user per month.
# Group benchmark: scripts/bench.sh groups [messages] (256 members: send -> all received, DynamoDB calls and units per
# receipt, also with a 64 KB body).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/local-main.sh
MAIN=dev.chatline.local.bench.MessagingBenchmark
if [[ "${1:-}" == "groups" ]]; then MAIN=dev.chatline.local.bench.GroupBenchmark; shift; fi
run_local_main test-compile WARN "$MAIN" "$@"
