#!/usr/bin/env bash
# The README demo on real Kubernetes: starts the local cluster built from source (local-cluster/), installs Krafter
# with its Helm chart, applies the examples (a 3-broker KafkaCluster, the topic "orders", the group
# "order-processor"), waits for them with `kubectl wait`, then uses Kafka's own tools in a broker pod as the seed
# document does. The cluster stays up afterwards; the last lines say how to use it.
#
#   bash scripts/demo.sh          build what is missing, start (or reuse) the cluster, run the demo
#   bash scripts/demo.sh --down   remove the demo and the local cluster
#
# Component and operator logs go to files whose paths are printed; the narrative stays on the terminal.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if [ "${1:-}" = "--down" ]; then
  exec bash local-cluster/cluster.sh down
fi

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
show() { printf '$ %s\n' "$*"; "$@"; }
LOG_DIR="${KRAFTER_DEMO_LOGS:-/tmp/krafter-demo}"
mkdir -p "$LOG_DIR"
quietly() { # what, command...: runs command with its output in a log file, shown only when it fails
  local what="$1" file
  shift
  file="$LOG_DIR/$(echo "$what" | tr ' /' '__').log"
  printf '%s (log: %s)\n' "$what" "$file"
  if ! "$@" >"$file" 2>&1; then
    tail -n 40 "$file" >&2
    echo "FAILED: $what (full log: $file)" >&2
    exit 1
  fi
}

VERSION="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)"
OPERATOR_IMAGE="krafter/operator:$VERSION"
KAFKA_IMAGE="${KRAFTER_KAFKA_IMAGE:-krafter/kafka:4.4.0}"
NS=default

say "Preparing this machine (Docker, helm, images) and building Krafter"
quietly "setup" scripts/setup.sh
quietly "broker images" scripts/ensure-images.sh
if ! docker image inspect "$OPERATOR_IMAGE" >/dev/null 2>&1 || [ -n "${KRAFTER_DEMO_REBUILD:-}" ]; then
  quietly "operator image $OPERATOR_IMAGE" operator/build-image.sh
fi

say "Starting the local Kubernetes cluster (built from source the first time: see local-cluster/README.md)"
quietly "local cluster" bash local-cluster/cluster.sh up
eval "$(bash local-cluster/cluster.sh env)"
export PATH="$ROOT/.build/tools:$PATH"
show kubectl version
show kubectl get nodes -o wide
quietly "image import" bash local-cluster/cluster.sh load-image "$KAFKA_IMAGE" "$OPERATOR_IMAGE"

say "Installing Krafter with Helm (namespace krafter-system, restricted pod security)"
kubectl create namespace krafter-system --dry-run=client -o yaml | kubectl apply -f - >/dev/null
kubectl label namespace krafter-system pod-security.kubernetes.io/enforce=restricted --overwrite >/dev/null
kubectl label namespace "$NS" pod-security.kubernetes.io/enforce=restricted --overwrite >/dev/null
show helm upgrade --install krafter helm-chart/krafter --namespace krafter-system \
  --set image.tag="$VERSION" --set image.pullPolicy=Never --wait --timeout 5m
echo "Operator log: kubectl -n krafter-system logs deploy/krafter"

say "Applying the examples"
show kubectl apply -n "$NS" -f examples/kafkacluster-minimal.yaml -f examples/topic.yaml -f examples/consumergroup.yaml
show kubectl wait -n "$NS" --for=condition=Ready kafkacluster/demo --timeout=10m
show kubectl wait -n "$NS" --for=condition=Ready topic/orders consumergroup/order-processor --timeout=5m
show kubectl get -n "$NS" kafkaclusters,topics,consumergroups
show kubectl get -n "$NS" pods -o wide

say "Kafka's own tools, in a broker pod"
exec_kafka() { kubectl exec -n "$NS" demo-broker-0 -c kafka -- "$@"; }
show exec_kafka kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic orders
echo "The group's one-shot reset (examples/consumergroup.yaml) applies while no consumer runs; wait for it first."
show kubectl wait -n "$NS" --for=jsonpath='{.status.lastAppliedReset.id}'=replay-1 consumergroup/order-processor --timeout=5m
printf 'order-%s\n' 1 2 3 4 5 6 7 8 9 10 >"$LOG_DIR/orders.txt"
printf '$ %s\n' "kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders < orders.txt"
kubectl exec -i -n "$NS" demo-broker-0 -c kafka -- \
  kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders --producer-property acks=all <"$LOG_DIR/orders.txt"
show exec_kafka kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --group order-processor \
  --from-beginning --max-messages 10 --timeout-ms 60000
show exec_kafka kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group order-processor
echo "Waiting for the ConsumerGroup status to show the committed offsets..."
show kubectl wait -n "$NS" --for=jsonpath='{.status.totalLag}'=0 consumergroup/order-processor --timeout=2m
show kubectl get -n "$NS" kafkaclusters,topics,consumergroups

say "The cluster stays up. To use it from this shell, paste:"
bash local-cluster/cluster.sh env
echo "Remove everything with: bash scripts/demo.sh --down"
