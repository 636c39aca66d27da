# Sourced by the harness scripts (bench.sh, coldstart.sh, reliability.sh): runs a main class of localstack's test
# sources against the local runtime on the embedded emulator.
#   run_local_main <maven phase> <default log level> <main class> [args...]
# JVM options for the main go in the array JVM_ARGS (optional).
# One reactor invocation compiles what the main needs (modules are never installed in ~/.m2; the reactor resolves
# them from their target/ directories) and writes localstack/target/<phase>.classpath with the third-party
# dependencies; the modules' own classes come from their target/ directories.
run_local_main() {
  local phase="$1" level="$2" main="$3"
  shift 3
  scripts/ensure-moto.sh
  local skip=()
  [[ "$phase" == "package" ]] && skip=(-DskipTests)
  ./mvnw -q -B -ntp -pl localstack -am "$phase" "${skip[@]}" dependency:build-classpath -Dmdep.includeScope=test \
    -DexcludeGroupIds=dev.chatline -Dmdep.outputFile="target/$phase.classpath"
  local cp=localstack/target/test-classes m
  for m in localstack functions provisioning shared protocol emulator; do cp="$cp:$m/target/classes"; done
  cp="$cp:shared/target/test-classes"
  exec java ${JVM_ARGS[@]+"${JVM_ARGS[@]}"} -Dlogback.configurationFile=localstack/target/classes/chatline-local-logback.xml \
    -DCHATLINE_LOG_LEVEL="${CHATLINE_LOG_LEVEL:-$level}" -cp "$cp:$(cat "localstack/target/$phase.classpath")" \
    "$main" "$@"
}
