#!/usr/bin/env bash
# Messaging benchmark through the whole local stack: scripts/bench.sh [users] [messagesPerUser]
# Prints send->ack and send->deliver percentiles, messages/s and AWS API calls per delivered message.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-moto.sh
./mvnw -q -B -ntp install -DskipTests -pl localstack -am
./mvnw -q -B -ntp -pl localstack exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=dev.chatline.local.bench.MessagingBenchmark -Dexec.args="${*:-}"
