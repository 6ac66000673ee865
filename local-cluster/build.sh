#!/usr/bin/env bash
# Builds the local cluster's binaries from the Go module proxy and caches them by version:
#   bash local-cluster/build.sh   ->  last stdout line: the bin dir
#   ${KRAFTER_CACHE:-$HOME/.cache/krafter}/local-cluster/<key>/bin
# holding kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl
# etcd containerd containerd-shim-runc-v2 ctr coredns kstatus local-path-provisioner metallb-controller metallb-speaker.
# <key> is built from versions.env plus a hash of this script, build/**, and the Go version/GOOS/GOARCH/CGO_ENABLED,
# so a changed recipe never reuses stale binaries. A run with everything present is a no-op.
# Everything but the bin dir goes to stderr.
#
# One wrapper module per component in build/<component> (go.mod/go.sum pinned, `go mod tidy` clean):
#   kubernetes  k8s.io/kubernetes/cmd/{kube-apiserver,kube-controller-manager,kube-scheduler,kubelet,kube-proxy,kubectl}
#   etcd        go.etcd.io/etcd/server/v3 (root main package)
#   containerd  github.com/containerd/containerd/v2/cmd/{containerd,containerd-shim-runc-v2,ctr}
#               (tags "no_btrfs urfave_cli_no_docs"; the shim static like upstream: CGO_ENABLED=0, +no_grpc).
#               Needs runc on PATH and CNI plugins (Debian: runc, containernetworking-plugins).
#   coredns     our main.go: coremain + errors health ready kubernetes cache loadbalance log reload loop forward
#               (plus what those import: debug dnstap metadata prometheus transfer; see `coredns -plugins`)
#   kstatus     our main.go: one object (JSON/YAML) on stdin -> {"status":"...","message":"..."}
#   local-path-provisioner  github.com/rancher/local-path-provisioner
#   metallb     go.universe.tf/metallb/{controller,speaker} -> metallb-controller, metallb-speaker
#
# local-path-provisioner as a host process (flags of v0.0.30 main.go; `start` subcommand):
#   local-path-provisioner [--debug] start --kubeconfig FILE (else $KUBECONFIG, in-cluster config, ~/.kube/config)
#     --config FILE.json            ({"nodePathMap":[{"node":"DEFAULT_PATH_FOR_NON_LISTED_NODES","paths":["/var/..."]}]};
#                                   without it: key config.json of ConfigMap --configmap-name in --namespace)
#     --helper-pod-file FILE.yaml   (Pod template; without it: key helperPod.yaml of that ConfigMap)
#     --namespace NS (default local-path-storage, env POD_NAMESPACE)  --configmap-name (default local-path-config)
#     --provisioner-name (default rancher.io/local-path)  --helper-image IMG (env HELPER_IMAGE; only checked non-empty:
#                                   the image of the helper pod template is what runs)
#     --service-account-name SA (default local-path-provisioner-service-account; must exist in NS)
#     --worker-threads, --provisioning-retry-count, --deletion-retry-count
#   It does not mkdir itself: it runs a helper pod (template image, needs /bin/sh, mkdir, rm) on the PV's node that
#   mounts the parent dir as hostPath and runs /script/setup, /script/teardown, which come from keys `setup`/`teardown`
#   of the ConfigMap in NS (upstream setup: mkdir -m 0777 -p "$VOL_DIR"), unless config.json sets
#   "setupCommand"/"teardownCommand". So the ConfigMap must exist in NS even when --config/--helper-pod-file are used.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
log() { echo "local-cluster/build: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

if ! command -v go >/dev/null 2>&1; then
  if [[ -x /usr/local/go/bin/go ]]; then
    PATH="/usr/local/go/bin:$PATH"
  else
    die "'go' is not on PATH (nor in /usr/local/go/bin). Install Go >= 1.26 (https://go.dev/dl, or the golang.org/toolchain module) and retry."
  fi
fi

# shellcheck source=versions.env
source "$here/versions.env"
for v in KUBERNETES_VERSION ETCD_VERSION CONTAINERD_VERSION COREDNS_VERSION CLI_UTILS_VERSION LOCAL_PATH_PROVISIONER_VERSION METALLB_VERSION; do
  [[ -n "${!v:-}" ]] || die "$v is not set in $here/versions.env"
done

export GOWORK=off GOFLAGS=-buildvcs=false

binaries=(kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl
  etcd containerd containerd-shim-runc-v2 ctr coredns kstatus local-path-provisioner metallb-controller metallb-speaker)

go_env="$(go env GOVERSION GOOS GOARCH CGO_ENABLED | paste -sd ' ')" # e.g. "go1.26.8 linux amd64 1"
recipe_hash="$(
  cd "$here"
  {
    echo "$go_env"
    find build.sh versions.env build -type f ! -name '*_test.go' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
  } | sha256sum | cut -c1-10
)"
key="k8s-${KUBERNETES_VERSION}-etcd-${ETCD_VERSION}-containerd-${CONTAINERD_VERSION}-coredns-${COREDNS_VERSION}-cliutils-${CLI_UTILS_VERSION}-lpp-${LOCAL_PATH_PROVISIONER_VERSION}-metallb-${METALLB_VERSION}-${recipe_hash}"
root="${KRAFTER_CACHE:-$HOME/.cache/krafter}/local-cluster"
final="$root/$key"

complete() {
  [[ -f "$final/.complete" ]] || return 1
  local b
  for b in "${binaries[@]}"; do [[ -x "$final/bin/$b" ]] || return 1; done
}

if complete; then
  log "up to date: $final/bin"
  echo "$final/bin"
  exit 0
fi

mkdir -p "$root"
# One build at a time per cache root; a waiting run reuses what the first one built.
exec 9>"$root/.lock"
if command -v flock >/dev/null 2>&1; then
  log "taking lock $root/.lock"
  flock 9
fi
if complete; then
  log "up to date: $final/bin"
  echo "$final/bin"
  exit 0
fi

# Under the lock, any temp dir is the leftover of a killed run.
rm -rf "$root"/.tmp-*
# Build into a temp dir next to the final one, then rename it into place (atomic on one filesystem).
tmp="$(mktemp -d "$root/.tmp-$key.XXXXXX")"
chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/bin"
log "building $key ($go_env, $(nproc) cores) into $tmp"

# Fails when a wrapper module's go.mod disagrees with versions.env.
check_version() { # dir module want
  local got
  got="$(go -C "$here/build/$1" list -m -f '{{.Version}}' "$2")" || die "cannot resolve $2 in build/$1"
  [[ "$got" == "v$3" ]] || die "build/$1/go.mod has $2 $got but versions.env says v$3"
}
check_version kubernetes k8s.io/kubernetes "$KUBERNETES_VERSION"
check_version etcd go.etcd.io/etcd/server/v3 "$ETCD_VERSION"
check_version containerd github.com/containerd/containerd/v2 "$CONTAINERD_VERSION"
check_version coredns github.com/coredns/coredns "$COREDNS_VERSION"
check_version kstatus sigs.k8s.io/cli-utils "$CLI_UTILS_VERSION"
check_version local-path-provisioner github.com/rancher/local-path-provisioner "$LOCAL_PATH_PROVISIONER_VERSION"
check_version metallb go.universe.tf/metallb "$METALLB_VERSION"

declare -a timings=()
elapsed() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }
total_start=$EPOCHREALTIME
# Usage: build <label> <dir under build/> [VAR=value ...] -- <go build args...>
build() {
  local label="$1" dir="$2" start secs
  shift 2
  local -a env=()
  while [[ "$1" != "--" ]]; do env+=("$1"); shift; done
  shift
  log "building $label"
  start=$EPOCHREALTIME
  (cd "$here/build/$dir" && env "${env[@]}" go build -trimpath "$@" >&2) || die "building $label failed"
  secs="$(elapsed "$start")"
  timings+=("$(printf '%-24s %7ss' "$label" "$secs")")
  log "built $label in ${secs}s"
}

k8s_minor="${KUBERNETES_VERSION#*.}"
k8s_minor="${k8s_minor%%.*}"
build kstatus kstatus -- -ldflags "-s -w" -o "$tmp/bin/kstatus" .
build etcd etcd -- -ldflags "-s -w -X go.etcd.io/etcd/api/v3/version.GitSHA=v$ETCD_VERSION" \
  -o "$tmp/bin/etcd" go.etcd.io/etcd/server/v3
build coredns coredns CGO_ENABLED=0 -- -ldflags "-s -w -X github.com/coredns/coredns/coremain.gitTag=v$COREDNS_VERSION -X github.com/coredns/coredns/coremain.GitCommit=v$COREDNS_VERSION" \
  -o "$tmp/bin/coredns" .
ctrd_version="github.com/containerd/containerd/v2/version"
ctrd_ldflags="-s -w -X $ctrd_version.Version=v$CONTAINERD_VERSION -X $ctrd_version.Revision=v$CONTAINERD_VERSION -X $ctrd_version.Package=github.com/containerd/containerd/v2"
build containerd+ctr containerd -- -tags "no_btrfs urfave_cli_no_docs" -ldflags "$ctrd_ldflags" -o "$tmp/bin/" \
  github.com/containerd/containerd/v2/cmd/containerd github.com/containerd/containerd/v2/cmd/ctr
build containerd-shim-runc-v2 containerd CGO_ENABLED=0 -- -tags "no_btrfs urfave_cli_no_docs no_grpc" -ldflags "$ctrd_ldflags" -o "$tmp/bin/" \
  github.com/containerd/containerd/v2/cmd/containerd-shim-runc-v2
build local-path-provisioner local-path-provisioner -- -ldflags "-s -w -X main.VERSION=v$LOCAL_PATH_PROVISIONER_VERSION" \
  -o "$tmp/bin/local-path-provisioner" github.com/rancher/local-path-provisioner
build metallb-controller metallb -- -ldflags "-s -w" -o "$tmp/bin/metallb-controller" go.universe.tf/metallb/controller
build metallb-speaker metallb -- -ldflags "-s -w" -o "$tmp/bin/metallb-speaker" go.universe.tf/metallb/speaker
build kubernetes kubernetes -- -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=v$KUBERNETES_VERSION -X k8s.io/component-base/version.gitMajor=${KUBERNETES_VERSION%%.*} -X k8s.io/component-base/version.gitMinor=$k8s_minor" \
  -o "$tmp/bin/" k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
  k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubelet k8s.io/kubernetes/cmd/kube-proxy \
  k8s.io/kubernetes/cmd/kubectl

for b in "${binaries[@]}"; do [[ -x "$tmp/bin/$b" ]] || die "missing binary after build: $b"; done
cp "$here/versions.env" "$tmp/versions.env"
echo "$go_env" >"$tmp/go-env"
touch "$tmp/.complete"
rm -rf "$final" # only an incomplete leftover can be here (checked above, under the lock)
mv -T "$tmp" "$final"
trap - EXIT

log "build times (cold when the Go build cache was empty):"
for t in "${timings[@]}"; do log "  $t"; done
log "  $(printf '%-24s %7ss' total "$(elapsed "$total_start")")"
echo "$final/bin"
