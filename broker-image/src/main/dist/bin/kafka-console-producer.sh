#!/usr/bin/env bash
# Kafka CLI: runs org.apache.kafka.tools.ConsoleProducer (same arguments as the Kafka docs describe).
# Heap: KAFKA_TOOLS_HEAP_OPTS (default -Xmx256m); the broker's own KAFKA_HEAP_OPTS does not apply to tools.
export KAFKA_HEAP_OPTS="${KAFKA_TOOLS_HEAP_OPTS:--Xmx256m}"
exec "$(dirname "${BASH_SOURCE[0]}")/kafka-run-class.sh" org.apache.kafka.tools.ConsoleProducer "$@"
