#!/usr/bin/env bash
# Moves a user to another cell, or finishes a half-done move (docs/operations.md, "Moving a user"):
#   scripts/move-user.sh --user U --to a --connections b=<ConnectionsUrl of cell b> [--stage prod] [--region R]
# Locally (scripts/run-local.sh --cells a,b): add --endpoint <the emulator's URL> and the cells' @connections URLs
# the runtime prints. --help lists every option. Exit code 0: moved (or already there); 1: refused.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -ntp -pl localstack -am compile dependency:build-classpath -Dmdep.includeScope=runtime \
  -DexcludeGroupIds=dev.chatline -Dmdep.outputFile=target/move-user.classpath
CP=localstack/target/classes
for m in functions shared protocol; do CP="$CP:$m/target/classes"; done
exec java -cp "$CP:$(cat localstack/target/move-user.classpath)" dev.chatline.local.ops.MoveUserCommand "$@"
