#!/usr/bin/env bash
# Entrypoint of the krafter/kafka image. The contract with the operator is documented in broker-image/README.md.
#  1. generates /tmp/kafka/server.properties from /etc/kafka/base/server.properties, the optional
#     /etc/kafka/base/node-<ORDINAL>.properties, the values computed for this pod and the Secret values mounted in
#     /etc/kafka/secret-config (one file per key), and prints it (secrets hidden);
#  2. formats the data volume when it has no meta.properties (never an existing one; refuses another cluster's);
#  3. sizes the heap from the container memory limit unless KAFKA_HEAP_OPTS is set;
#  4. execs the Kafka JVM (kafka.Kafka) so SIGTERM reaches Kafka and triggers its controlled shutdown.
set -euo pipefail

KAFKA_HOME=/opt/kafka
BASE_CONFIG_DIR=/etc/kafka/base
RACK_FILE=/etc/kafka/rack/rack
LOG_DIR=/var/lib/kafka/data/kafka-log
GENERATED_CONFIG=/tmp/kafka/server.properties
# spec.brokers.secretConfig: one file per Kafka key, mounted by the operator from the referenced Secrets.
SECRET_CONFIG_DIR=/etc/kafka/secret-config

# Kubernetes copies this file into the pod's lastState.terminated.message (at most 4096 bytes): the entrypoint's own
# errors and Kafka's fatal error (log4j2.xml) go there, so the operator can say why a node keeps exiting.
TERMINATION_LOG="${KRAFTER_TERMINATION_LOG:-/dev/termination-log}"

log() { echo "krafter-entrypoint: $*"; }
fail() {
  echo "krafter-entrypoint: ERROR: $*" >&2
  if [ -w "$TERMINATION_LOG" ]; then echo "krafter-entrypoint: ERROR: $*" | head -c 4000 > "$TERMINATION_LOG"; fi
  exit 1
}

java_cmd="java"
if [ -n "${JAVA_HOME:-}" ]; then java_cmd="$JAVA_HOME/bin/java"; fi

# Small, short-lived JVM for the config step (validation, placeholders, merge, cluster id check).
# Exit status: 0 = data volume formatted already, 10 = needs formatting, anything else = error (message printed).
config_status=0
"$java_cmd" -Xmx64m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$KAFKA_HOME/libs/krafter.jar" \
  dev.krafter.entrypoint.EntrypointMain "$BASE_CONFIG_DIR" "$RACK_FILE" "$LOG_DIR" "$GENERATED_CONFIG" \
  "$SECRET_CONFIG_DIR" || config_status=$?

case "$config_status" in
  10)
    log "formatting $LOG_DIR for cluster $KRAFTER_CLUSTER_ID"
    format_output=/tmp/kafka/format.out
    if ! KAFKA_TOOLS_HEAP_OPTS="-Xmx256m" "$KAFKA_HOME/bin/kafka-storage.sh" format \
      -t "$KRAFTER_CLUSTER_ID" -c "$GENERATED_CONFIG" > "$format_output" 2>&1; then
      cat "$format_output" >&2
      # Kafka's reason (e.g. a config requirement KafkaConfig checks) without the stack frames.
      fail "formatting $LOG_DIR failed: $(grep -v '^[[:space:]]*at ' "$format_output" | tail -n 5 | tr '\n' ' ')"
    fi
    cat "$format_output"
    ;;
  0)
    log "using existing data in $LOG_DIR (cluster $KRAFTER_CLUSTER_ID)"
    ;;
  *)
    # EntrypointMain printed the error and wrote it to the termination log.
    exit 1
    ;;
esac

# Heap: 50% of the cgroup memory limit, within [256m, 8g]; 1g without a limit.
memory_limit_bytes() {
  local limit=""
  if [ -r /sys/fs/cgroup/memory.max ]; then
    limit="$(cat /sys/fs/cgroup/memory.max)"
  elif [ -r /sys/fs/cgroup/memory/memory.limit_in_bytes ]; then
    limit="$(cat /sys/fs/cgroup/memory/memory.limit_in_bytes)"
  fi
  # "max" (v2) or a huge number (v1 without a limit) mean: no limit.
  if [[ "$limit" =~ ^[0-9]+$ ]] && [ "${#limit}" -lt 16 ]; then
    echo "$limit"
  fi
}
if [ -z "${KAFKA_HEAP_OPTS:-}" ]; then
  limit="$(memory_limit_bytes)"
  if [ -n "$limit" ]; then
    heap_mb=$((limit / 1024 / 1024 / 2))
    if [ "$heap_mb" -lt 256 ]; then heap_mb=256; fi
    if [ "$heap_mb" -gt 8192 ]; then heap_mb=8192; fi
    KAFKA_HEAP_OPTS="-Xms${heap_mb}m -Xmx${heap_mb}m"
    log "heap ${heap_mb}m (half of the container memory limit of $((limit / 1024 / 1024))m)"
  else
    KAFKA_HEAP_OPTS="-Xms1g -Xmx1g"
    log "heap 1g (no container memory limit found)"
  fi
else
  log "heap from KAFKA_HEAP_OPTS: $KAFKA_HEAP_OPTS"
fi

agents="-javaagent:$KAFKA_HOME/libs/krafter-probe-agent.jar=port=9500,config=$GENERATED_CONFIG"
if [ "${KRAFTER_METRICS_ENABLED:-true}" = "true" ]; then
  agents="$agents -javaagent:$KAFKA_HOME/libs/jmx_prometheus_javaagent.jar=9404:$KAFKA_HOME/config/metrics.yaml"
fi

export KAFKA_HEAP_OPTS
export KAFKA_JVM_PERFORMANCE_OPTS="-server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true"
export KAFKA_LOG4J_OPTS="-Dlog4j2.configurationFile=$KAFKA_HOME/config/log4j2.xml -Dkrafter.terminationLog=$TERMINATION_LOG"
export KAFKA_OPTS="$agents ${KRAFTER_JVM_OPTS:-}"
log "starting Kafka: $KAFKA_HEAP_OPTS ${KRAFTER_JVM_OPTS:-}"
exec "$KAFKA_HOME/bin/kafka-run-class.sh" kafka.Kafka "$GENERATED_CONFIG"
