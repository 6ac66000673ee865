#!/usr/bin/env bash
# Starts a Kafka node with a server.properties file, with stock Kafka's JVM defaults (1 GiB heap, G1).
# Usage: kafka-server-start.sh <server.properties> [--override key=value ...]
# In the image, krafter-entrypoint.sh is the normal way to start a node; this script is for plain use.
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "Usage: $(basename "$0") <server.properties> [--override property=value]*" >&2
  exit 1
fi
KAFKA_HOME="${KAFKA_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
export KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xmx1G -Xms1G}"
export KAFKA_JVM_PERFORMANCE_OPTS="${KAFKA_JVM_PERFORMANCE_OPTS:--server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true}"
export KAFKA_LOG4J_OPTS="${KAFKA_LOG4J_OPTS:--Dlog4j2.configurationFile=$KAFKA_HOME/config/log4j2.xml}"
exec "$KAFKA_HOME/bin/kafka-run-class.sh" kafka.Kafka "$@"
