#!/usr/bin/env bash
# Runs a Java main class with the Kafka distribution on the classpath.
# Usage: kafka-run-class.sh <main-class> [args...]
# Env: KAFKA_HEAP_OPTS (default -Xmx256m), KAFKA_JVM_PERFORMANCE_OPTS, KAFKA_LOG4J_OPTS (default: config/tools-log4j2.xml),
#      KAFKA_OPTS (any other JVM options), JAVA_HOME (else `java` from PATH).
set -euo pipefail

if [ $# -lt 1 ]; then
  echo "Usage: $(basename "$0") <main-class> [args...]" >&2
  exit 1
fi
KAFKA_HOME="${KAFKA_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
main_class="$1"
shift

# Every jar in libs/, except the Java agents (they are loaded with -javaagent by the entrypoint).
classpath=""
for jar in "$KAFKA_HOME"/libs/*.jar; do
  case "$(basename "$jar")" in
    jmx_prometheus_javaagent*.jar | krafter-probe-agent*.jar) continue ;;
  esac
  classpath="${classpath:+$classpath:}$jar"
done

java_cmd="java"
if [ -n "${JAVA_HOME:-}" ]; then
  java_cmd="$JAVA_HOME/bin/java"
fi

# Word splitting of the *_OPTS variables is intended: each holds several JVM options.
# shellcheck disable=SC2086
exec "$java_cmd" ${KAFKA_HEAP_OPTS:--Xmx256m} ${KAFKA_JVM_PERFORMANCE_OPTS:-} \
  ${KAFKA_LOG4J_OPTS:--Dlog4j2.configurationFile=$KAFKA_HOME/config/tools-log4j2.xml} ${KAFKA_OPTS:-} \
  -cp "$classpath" "$main_class" "$@"
