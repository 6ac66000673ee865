#!/usr/bin/env bash
# Makes sure the local images the simulated cluster and the demo run exist, building what is missing, offline:
#   krafter/jre-base:17  - JRE base image (debootstrap, broker-image/build-base-image.sh)
#   krafter/kafka:4.4.0  - the broker image (broker-image/build-image.sh)
# Idempotent: existing images are kept. No registry is used (nothing is pulled).
# Env: KRAFTER_BASE_IMAGE, KRAFTER_KAFKA_IMAGE, DEBIAN_MIRROR.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASE_IMAGE="${KRAFTER_BASE_IMAGE:-krafter/jre-base:17}"
KAFKA_IMAGE="${KRAFTER_KAFKA_IMAGE:-krafter/kafka:4.4.0}"

has_image() { docker image inspect "$1" >/dev/null 2>&1; }

build_base_image() {
  "$ROOT/broker-image/build-base-image.sh" "$BASE_IMAGE"
}

if has_image "$BASE_IMAGE"; then
  echo "$BASE_IMAGE: present"
else
  echo "$BASE_IMAGE: missing, building it"
  build_base_image
fi

if has_image "$KAFKA_IMAGE"; then
  echo "$KAFKA_IMAGE: present"
else
  echo "$KAFKA_IMAGE: missing, building it with broker-image/build-image.sh"
  KRAFTER_KAFKA_IMAGE="$KAFKA_IMAGE" KRAFTER_BASE_IMAGE="$BASE_IMAGE" "$ROOT/broker-image/build-image.sh"
fi
