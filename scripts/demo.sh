#!/usr/bin/env bash
# The README demo: a Kafka cluster, a topic and a consumer group managed by Krafter on the simulated cluster
# (mock Kubernetes API server + a node agent running the broker pods as Docker containers), with the operator
# running in the same JVM. Installs and builds what is needed, then runs dev.krafter.e2e.demo.Demo.
# Usage: scripts/demo.sh [--once] [--timeout=<seconds>]      (Ctrl-C stops it and removes its containers)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/setup.sh
scripts/ensure-images.sh
echo "Building Krafter (mvn install -DskipTests)..."
mvn -q -B -ntp install -DskipTests
exec mvn -q -B -ntp -pl e2e-tests exec:java -Dexec.args="$*"
