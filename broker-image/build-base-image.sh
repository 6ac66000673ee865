#!/usr/bin/env bash
# Builds a local JRE base image (Debian bookworm + OpenJDK 17 headless JRE) without a container
# registry: debootstrap fetches Debian packages, the root filesystem is imported with `docker import`.
# Idempotent: does nothing when the image already exists.
#
# Usage: build-base-image.sh [image-name]      (default krafter/jre-base:17)
# Env:   DEBIAN_MIRROR (default: debootstrap's own default mirror)
set -euo pipefail

IMAGE="${1:-krafter/jre-base:17}"
MIRROR="${DEBIAN_MIRROR:-}"

if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  echo "Base image $IMAGE already exists; nothing to do."
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "build-base-image.sh must run as root (debootstrap and chroot need it)." >&2
  exit 1
fi

if ! command -v debootstrap >/dev/null 2>&1; then
  echo "Installing debootstrap..."
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap
fi

ROOTFS="$(mktemp -d /tmp/krafter-jre-base.XXXXXX)"
cleanup() {
  umount "$ROOTFS/proc" 2>/dev/null || true
  rm -rf "$ROOTFS"
}
trap cleanup EXIT

echo "Bootstrapping Debian bookworm (minbase) into $ROOTFS..."
debootstrap --variant=minbase bookworm "$ROOTFS" ${MIRROR:+"$MIRROR"}

mount -t proc proc "$ROOTFS/proc"
cp /etc/resolv.conf "$ROOTFS/etc/resolv.conf"
echo "Installing openjdk-17-jre-headless..."
chroot "$ROOTFS" /bin/sh -c 'apt-get update -q \
  && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends openjdk-17-jre-headless ca-certificates \
  && apt-get clean && rm -rf /var/lib/apt/lists/*'
umount "$ROOTFS/proc"
: > "$ROOTFS/etc/resolv.conf"
# Drop caches and docs that only cost space in the image.
rm -rf "$ROOTFS"/usr/share/doc/* "$ROOTFS"/usr/share/man/* "$ROOTFS"/var/cache/apt/*.bin

echo "Importing $ROOTFS as $IMAGE..."
tar -C "$ROOTFS" -c . | docker import \
  --change 'ENV LANG=C.UTF-8' \
  --change 'CMD ["/bin/bash"]' \
  - "$IMAGE"
echo "Built $IMAGE: $(docker image inspect --format '{{.Size}}' "$IMAGE") bytes"
