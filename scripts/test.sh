#!/usr/bin/env bash
# Runs every test: unit tests, integration tests against real Kafka, image tests and the end-to-end suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/ensure-images.sh
export PATH="$PWD/.build/tools:$PATH"
export TESTCONTAINERS_RYUK_DISABLED=true
export TESTCONTAINERS_TINYIMAGE_CONTAINER_IMAGE=krafter/jre-base:17
exec mvn -B -ntp verify "$@"
