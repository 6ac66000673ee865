#!/usr/bin/env bash
# One command to build krafter/operator:<version> on a machine without registry access:
#  1. the local JRE base image (broker-image/build-base-image.sh; skipped when the image exists),
#  2. the operator jar and its runtime libraries (mvn package of this module and the crds module),
#  3. docker build with BASE_IMAGE=krafter/jre-base:17.
# Usage: build-image.sh [--skip-package]
# Env: KRAFTER_OPERATOR_IMAGE (default krafter/operator:<project version>), KRAFTER_BASE_IMAGE (default krafter/jre-base:17)
set -euo pipefail

MODULE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$MODULE_DIR/.." && pwd)"
VERSION="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$ROOT/pom.xml" | head -1)"
IMAGE="${KRAFTER_OPERATOR_IMAGE:-krafter/operator:$VERSION}"
BASE_IMAGE="${KRAFTER_BASE_IMAGE:-krafter/jre-base:17}"

if docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
  echo "Base image $BASE_IMAGE exists."
elif [ -x "$ROOT/broker-image/build-base-image.sh" ]; then
  "$ROOT/broker-image/build-base-image.sh" "$BASE_IMAGE"
else
  echo "Base image $BASE_IMAGE is missing and broker-image/build-base-image.sh is not there to build it." >&2
  exit 1
fi

if [ "${1:-}" != "--skip-package" ]; then
  echo "Packaging the operator..."
  (cd "$ROOT" && mvn -B -q -pl crds,operator package -DskipTests)
fi

# Exactly one operator jar, of this version, must be in target/ (an older one would also land on the class path).
JARS="$(find "$MODULE_DIR/target" -maxdepth 1 -name 'krafter-operator-*.jar' ! -name '*-sources.jar' ! -name '*-tests.jar')"
[ "$JARS" = "$MODULE_DIR/target/krafter-operator-$VERSION.jar" ] || {
  echo "expected only target/krafter-operator-$VERSION.jar, found: ${JARS:-nothing} (mvn clean package)" >&2; exit 1; }
[ -d "$MODULE_DIR/target/lib" ] || { echo "no target/lib (runtime libraries): run without --skip-package" >&2; exit 1; }

echo "Building $IMAGE from $BASE_IMAGE..."
docker build --build-arg BASE_IMAGE="$BASE_IMAGE" -t "$IMAGE" "$MODULE_DIR"
echo "Built $IMAGE: $(docker image inspect --format '{{.Size}}' "$IMAGE") bytes"
