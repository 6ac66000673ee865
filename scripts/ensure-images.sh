#!/usr/bin/env bash
# Makes sure the local images the simulated cluster and the demo run exist, building what is missing, offline:
#   krafter/jre-base:17  - JRE base image (debootstrap, broker-image/build-base-image.sh)
#   krafter/kafka:4.4.0  - the broker image (broker-image/build-image.sh)
#   krafter/kafka:4.3.1  - the broker image of the previous release, for the upgrade scenario (same script, Kafka 4.3.1
#                          jars from Maven Central; a cold build takes ~15 s once the 4.4.0 build has run)
# Idempotent: existing images are kept. No registry is used (nothing is pulled).
# Env: KRAFTER_BASE_IMAGE, KRAFTER_KAFKA_IMAGE, KRAFTER_PREVIOUS_KAFKA_IMAGE, DEBIAN_MIRROR.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASE_IMAGE="${KRAFTER_BASE_IMAGE:-krafter/jre-base:17}"
KAFKA_IMAGE="${KRAFTER_KAFKA_IMAGE:-krafter/kafka:4.4.0}"
PREVIOUS_KAFKA_IMAGE="${KRAFTER_PREVIOUS_KAFKA_IMAGE:-krafter/kafka:4.3.1}"

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

for image in "$KAFKA_IMAGE" "$PREVIOUS_KAFKA_IMAGE"; do
  if has_image "$image"; then
    echo "$image: present"
  else
    echo "$image: missing, building it with broker-image/build-image.sh"
    KRAFTER_KAFKA_IMAGE="$image" KRAFTER_BASE_IMAGE="$BASE_IMAGE" "$ROOT/broker-image/build-image.sh"
  fi
done
