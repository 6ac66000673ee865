#!/usr/bin/env bash
# Builds the opt-in NetworkPolicy enforcer of the local cluster, kube-router's network policy controller, from the Go
# module proxy, and caches it by version:
#   bash local-cluster/network-policies/build.sh   ->  last stdout line: the kube-router binary
#   ${KRAFTER_CACHE:-$HOME/.cache/krafter}/local-cluster/kube-router-<version>-<hash>/kube-router
# Kept apart from local-cluster/build.sh and build/, whose files make the cache key of every other binary: turning the
# enforcer on (or changing this recipe) never rebuilds Kubernetes.
#
# Why kube-router (github.com/cloudnativelabs/kube-router/v2, run with --run-firewall only): it enforces with iptables
# and ipset, which these kernels have. sigs.k8s.io/kube-network-policies (v0.7.0, v0.8.0) sends packets to user space
# with the nftables `queue` expression, and these kernels are built without it (CONFIG_NFT_QUEUE is not set):
#   nft add rule inet t c ip protocol tcp queue num 100 bypass
#   Error: Could not process rule: No such file or directory
# Only v2.1.0 of kube-router is served by the Go module proxy here, and security flaws are reported for it, so it is
# for this throw-away test cluster only and off unless asked for.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
log() { echo "local-cluster/network-policies/build: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }
command -v go >/dev/null 2>&1 || PATH="/usr/local/go/bin:$PATH"
command -v go >/dev/null 2>&1 || die "'go' is not on PATH (nor in /usr/local/go/bin)"
export GOWORK=off GOFLAGS=-buildvcs=false

version="$(go -C "$here" list -m -f '{{.Version}}' github.com/cloudnativelabs/kube-router/v2)" \
  || die "cannot resolve kube-router in $here/go.mod"
recipe_hash="$(
  cd "$here"
  { go env GOVERSION GOOS GOARCH CGO_ENABLED; sha256sum build.sh go.mod go.sum; } | sha256sum | cut -c1-10
)"
dir="${KRAFTER_CACHE:-$HOME/.cache/krafter}/local-cluster/kube-router-$version-$recipe_hash"
if [[ -x "$dir/kube-router" ]]; then
  log "up to date: $dir/kube-router"
  echo "$dir/kube-router"
  exit 0
fi
mkdir -p "$dir"
log "building kube-router $version into $dir"
start=$EPOCHREALTIME
go -C "$here" build -trimpath -ldflags "-s -w -X github.com/cloudnativelabs/kube-router/v2/pkg/version.Version=$version" \
  -o "$dir/kube-router.tmp" github.com/cloudnativelabs/kube-router/v2/cmd/kube-router >&2 || die "building kube-router failed"
mv "$dir/kube-router.tmp" "$dir/kube-router"
log "built kube-router in $(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')s"
echo "$dir/kube-router"
