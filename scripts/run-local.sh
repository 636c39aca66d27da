#!/usr/bin/env bash
# Runs the whole Chatline backend locally (API Gateway WebSocket + @connections, every function in-process, SQS/SNS
# delivery) on the embedded AWS emulator, or on CHATLINE_AWS_ENDPOINT (e.g. LocalStack: http://localhost:4566;
# "aws" = real AWS). Arguments go to the runtime's CLI, e.g.:
#   scripts/run-local.sh                         # run on ws://127.0.0.1:8080/local
#   scripts/run-local.sh run --port 9000 --stage dev
#   scripts/run-local.sh invoke sendMessage -e events/ws-message-sendMessage.json
# Set CHATLINE_SKIP_BUILD=1 to reuse the last build.
set -euo pipefail
cd "$(dirname "$0")/.."

needs_moto=1
if [ -n "${CHATLINE_AWS_ENDPOINT:-}" ]; then needs_moto=0; fi
for arg in "$@"; do
  if [ "$arg" = "--aws" ]; then needs_moto=0; fi
done
if [ "$needs_moto" = 1 ]; then
  scripts/ensure-moto.sh
fi

MODULES="localstack functions provisioning shared protocol emulator"
CP_CACHE=localstack/target/runtime-deps.classpath
if [ "${CHATLINE_SKIP_BUILD:-0}" != 1 ] || [ ! -d localstack/target/classes ]; then
  # Only the modules the runtime needs (infra-cdk is neither built nor tested).
  ./mvnw -q -DskipTests install -pl localstack -am
fi
stale=0
[ -f "$CP_CACHE" ] || stale=1
for pom in pom.xml localstack/pom.xml functions/pom.xml provisioning/pom.xml shared/pom.xml emulator/pom.xml; do
  if [ "$stale" = 0 ] && [ "$pom" -nt "$CP_CACHE" ]; then stale=1; fi
done
if [ "$stale" = 1 ]; then
  # Third-party jars only: the project's own modules come from this work tree's target/classes below.
  ./mvnw -q -pl localstack dependency:build-classpath -Dmdep.includeScope=runtime \
    -DexcludeGroupIds=dev.chatline -Dmdep.outputFile=target/runtime-deps.classpath
fi

CP=""
for m in $MODULES; do CP="$CP${CP:+:}$m/target/classes"; done
CP="$CP:$(cat "$CP_CACHE")"
exec java -Dlogback.configurationFile=localstack/target/classes/chatline-local-logback.xml ${CHATLINE_JAVA_OPTS:-} -cp "$CP" dev.chatline.local.ChatlineLocal "$@"
