#!/usr/bin/env bash
# One command to build krafter/kafka:<version> on a machine without registry access:
#  1. the local JRE base image (build-base-image.sh; skipped when it exists),
#  2. the Kafka distribution (mvn package of this module; skipped when target/kafka-dist is newer than the sources),
#  3. docker build with BASE_IMAGE=krafter/jre-base:17.
# Usage: build-image.sh [--force-package]
# Env: KRAFTER_KAFKA_IMAGE (default krafter/kafka:4.4.0), KRAFTER_BASE_IMAGE (default krafter/jre-base:17)
set -euo pipefail

MODULE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
IMAGE="${KRAFTER_KAFKA_IMAGE:-krafter/kafka:4.4.0}"
BASE_IMAGE="${KRAFTER_BASE_IMAGE:-krafter/jre-base:17}"
DIST="$MODULE_DIR/target/kafka-dist"

"$MODULE_DIR/build-base-image.sh" "$BASE_IMAGE"

needs_package() {
  [ "${1:-}" = "--force-package" ] && return 0
  [ -f "$DIST/libs/krafter-probe-agent.jar" ] || return 0
  # Any source or pom newer than the packaged distribution?
  [ -n "$(find "$MODULE_DIR/src/main" "$MODULE_DIR/pom.xml" -newer "$DIST/libs/krafter-probe-agent.jar" -type f -print -quit)" ]
}
if needs_package "$@"; then
  echo "Packaging the Kafka distribution..."
  (cd "$MODULE_DIR/.." && mvn -B -q -pl broker-image package -DskipTests)
else
  echo "Kafka distribution in $DIST is up to date."
fi

echo "Building $IMAGE from $BASE_IMAGE..."
docker build --build-arg BASE_IMAGE="$BASE_IMAGE" -t "$IMAGE" "$MODULE_DIR"
echo "Built $IMAGE: $(docker image inspect --format '{{.Size}}' "$IMAGE") bytes"
