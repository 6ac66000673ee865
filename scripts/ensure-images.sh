#!/usr/bin/env bash
# Makes sure the local images the simulated cluster and the demo run exist, building what is missing, offline:
#   krafter/jre-base:17  - JRE base image (debootstrap; broker-image/build-base-image.sh when present)
#   krafter/kafka:4.4.0  - the broker image (broker-image/build-image.sh)
# Idempotent: existing images are kept. No registry is used (nothing is pulled).
# Env: KRAFTER_BASE_IMAGE, KRAFTER_KAFKA_IMAGE, DEBIAN_MIRROR.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASE_IMAGE="${KRAFTER_BASE_IMAGE:-krafter/jre-base:17}"
KAFKA_IMAGE="${KRAFTER_KAFKA_IMAGE:-krafter/kafka:4.4.0}"

has_image() { docker image inspect "$1" >/dev/null 2>&1; }

build_base_image() {
  if [ -x "$ROOT/broker-image/build-base-image.sh" ]; then
    "$ROOT/broker-image/build-base-image.sh" "$BASE_IMAGE"
    return
  fi
  # The same recipe as broker-image/build-base-image.sh (DESIGN.md, "This environment").
  [ "$(id -u)" -eq 0 ] || { echo "building $BASE_IMAGE needs root (debootstrap, chroot)" >&2; exit 1; }
  command -v debootstrap >/dev/null || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap; }
  local rootfs
  rootfs="$(mktemp -d /tmp/krafter-jre-base.XXXXXX)"
  trap 'umount "$rootfs/proc" 2>/dev/null || true; rm -rf "$rootfs"' EXIT
  debootstrap --variant=minbase bookworm "$rootfs" "${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
  mount -t proc proc "$rootfs/proc"
  cp /etc/resolv.conf "$rootfs/etc/resolv.conf"
  chroot "$rootfs" /bin/sh -c 'apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends openjdk-17-jre-headless ca-certificates && apt-get clean && rm -rf /var/lib/apt/lists/*'
  umount "$rootfs/proc"
  : > "$rootfs/etc/resolv.conf"
  tar -C "$rootfs" -c . | docker import --change 'ENV LANG=C.UTF-8' --change 'CMD ["/bin/bash"]' - "$BASE_IMAGE"
}

if has_image "$BASE_IMAGE"; then
  echo "$BASE_IMAGE: present"
else
  echo "$BASE_IMAGE: missing, building it"
  build_base_image
fi

if has_image "$KAFKA_IMAGE"; then
  echo "$KAFKA_IMAGE: present"
elif [ -x "$ROOT/broker-image/build-image.sh" ]; then
  echo "$KAFKA_IMAGE: missing, building it with broker-image/build-image.sh"
  KRAFTER_KAFKA_IMAGE="$KAFKA_IMAGE" KRAFTER_BASE_IMAGE="$BASE_IMAGE" "$ROOT/broker-image/build-image.sh"
else
  echo "$KAFKA_IMAGE: missing, and this checkout has no broker-image/build-image.sh to build it" >&2
  exit 1
fi
