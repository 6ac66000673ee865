#!/usr/bin/env bash
# Runs every test: unit tests, integration tests against real Kafka and a real kube-apiserver, image tests and the
# end-to-end suite on the local Kubernetes cluster built from source (local-cluster/).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/ensure-images.sh
# Kubernetes, etcd, containerd and CoreDNS from source (cached by version: a no-op after the first build).
KRAFTER_K8S_BIN="$(bash local-cluster/build.sh | tail -1)"
export KRAFTER_K8S_BIN
export PATH="$PWD/.build/tools:$KRAFTER_K8S_BIN:$PATH"
exec mvn -B -ntp verify "$@"
