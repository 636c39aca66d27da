#!/usr/bin/env bash
# Capacity planner: cells needed for a workload and why (which quota binds), each cell's quota requests and CDK
# context, fan-out shards, DynamoDB capacity, SNS and FCM needs, hot-key limits and the cost per day.
#   scripts/capacity.sh --users 2e9 --messages-per-day 1e11 [--peak-to-average 2.5] [--connected-share 0.15] ...
# Reads docs/usage-per-message.properties (measured by scripts/bench.sh --usage-file), docs/aws-quotas.properties
# and docs/aws-prices.properties; --help lists every option. The model: docs/scaling.md.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -ntp -pl localstack -am compile dependency:build-classpath -Dmdep.includeScope=runtime \
  -DexcludeGroupIds=dev.chatline -Dmdep.outputFile=target/capacity.classpath
CP=localstack/target/classes
for m in functions shared protocol; do CP="$CP:$m/target/classes"; done
exec java -cp "$CP:$(cat localstack/target/capacity.classpath)" dev.chatline.local.capacity.CapacityCommand "$@"
