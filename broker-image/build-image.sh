#!/usr/bin/env bash
# One command to build krafter/kafka:<version> on a machine without registry access:
#  1. the local JRE base image (build-base-image.sh; skipped when it exists),
#  2. the Kafka distribution (mvn package of this module; skipped when the dist directory is newer than the sources),
#  3. docker build with BASE_IMAGE=krafter/jre-base:17.
# The Kafka release is the pom's kafka.version unless KRAFTER_KAFKA_VERSION or an x.y.z tag of KRAFTER_KAFKA_IMAGE
# names another one: then the distribution is packaged with -Dkafka.version=<version> into target/kafka-dist-<version>
# (the pom's own distribution in target/kafka-dist is left alone), e.g.
#   KRAFTER_KAFKA_IMAGE=krafter/kafka:4.3.1 broker-image/build-image.sh
# Usage: build-image.sh [--force-package]
# Env: KRAFTER_KAFKA_IMAGE (default krafter/kafka:<pom kafka.version>), KRAFTER_KAFKA_VERSION,
#      KRAFTER_BASE_IMAGE (default krafter/jre-base:17)
set -euo pipefail

MODULE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
POM_VERSION="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$MODULE_DIR/../pom.xml" | head -1)"
IMAGE="${KRAFTER_KAFKA_IMAGE:-krafter/kafka:$POM_VERSION}"
TAG="${IMAGE##*:}"
if [ -n "${KRAFTER_KAFKA_VERSION:-}" ]; then
  VERSION="$KRAFTER_KAFKA_VERSION"
elif [[ "$TAG" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  VERSION="$TAG"
else
  VERSION="$POM_VERSION"
fi
BASE_IMAGE="${KRAFTER_BASE_IMAGE:-krafter/jre-base:17}"
if [ "$VERSION" = "$POM_VERSION" ]; then
  DIST_NAME=kafka-dist
  VERSION_ARGS=()
else
  DIST_NAME="kafka-dist-$VERSION"
  VERSION_ARGS=("-Dkafka.version=$VERSION" "-Ddist.dir=$MODULE_DIR/target/$DIST_NAME")
fi
DIST="$MODULE_DIR/target/$DIST_NAME"

"$MODULE_DIR/build-base-image.sh" "$BASE_IMAGE"

needs_package() {
  [ "${1:-}" = "--force-package" ] && return 0
  [ -f "$DIST/libs/krafter-probe-agent.jar" ] || return 0
  # Any source or pom newer than the packaged distribution?
  [ -n "$(find "$MODULE_DIR/src/main" "$MODULE_DIR/pom.xml" -newer "$DIST/libs/krafter-probe-agent.jar" -type f -print -quit)" ]
}
if needs_package "$@"; then
  echo "Packaging the Kafka $VERSION distribution into $DIST..."
  (cd "$MODULE_DIR/.." && mvn -B -q -pl broker-image package -DskipTests ${VERSION_ARGS[@]+"${VERSION_ARGS[@]}"})
else
  echo "Kafka $VERSION distribution in $DIST is up to date."
fi
[ -f "$DIST/libs/kafka_2.13-$VERSION.jar" ] || { echo "$DIST has no kafka_2.13-$VERSION.jar" >&2; exit 1; }

echo "Building $IMAGE (Kafka $VERSION) from $BASE_IMAGE..."
docker build --build-arg BASE_IMAGE="$BASE_IMAGE" --build-arg KAFKA_DIST="target/$DIST_NAME" -t "$IMAGE" "$MODULE_DIR"
echo "Built $IMAGE: $(docker image inspect --format '{{.Size}}' "$IMAGE") bytes"
