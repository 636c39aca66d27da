#!/usr/bin/env bash
# The end-to-end encrypted terminal client (client/ module, AGPL-3.0-only): see docs/client.md.
#   scripts/chat.sh login --user alice --device phone     # against scripts/run-local.sh on 127.0.0.1:8080
#   scripts/chat.sh listen --watch bob                     # interactive: '@bob hello', '/file @bob cat.jpg'
#   scripts/chat.sh send bob "hello"
# Builds the module when its sources changed; set CHATLINE_SKIP_BUILD=1 to skip that check.
set -euo pipefail
cd "$(dirname "$0")/.."
CP_FILE=client/target/classpath.txt
if [ "${CHATLINE_SKIP_BUILD:-0}" != 1 ]; then
  if [ ! -f "$CP_FILE" ] || [ -n "$(find client/src/main client/pom.xml pom.xml -newer "$CP_FILE" -print -quit)" ]; then
    ./mvnw -q -B -ntp -pl client -am package -DskipTests >&2
  fi
fi
exec java ${CHATLINE_JAVA_OPTS:-} -cp "client/target/classes:$(cat "$CP_FILE")" dev.chatline.client.cli.ChatCli "$@"
