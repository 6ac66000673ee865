#!/usr/bin/env bash
# A real one-node Kubernetes cluster on this machine, from binaries built from source by local-cluster/build.sh:
# etcd, kube-apiserver (RBAC + Node authorization, PodSecurity admission), kube-controller-manager (all default
# controllers), kube-scheduler, containerd 2 + kubelet (the node), kube-proxy (iptables), a CNI bridge pod network
# routed on this host, CoreDNS as cluster DNS, local-path-provisioner behind the default StorageClass "standard" and
# MetalLB (controller + L2 speaker) giving LoadBalancer Services addresses from 10.222.0.0/24, routed to the node.
#
# The node is this machine: its components run as processes here, so pods are real containers of the node's
# containerd and the pod network is a bridge on this host (see local-cluster/README.md for why not a node container).
#
#   cluster.sh up                  start the cluster, or reuse the running one; ends with the two export lines
#   cluster.sh env                 print the export lines of the running cluster
#   cluster.sh load-image IMAGE... import local Docker images into the node's containerd
#   cluster.sh node-address        the node's IP (NodePort Services answer there)
#   cluster.sh status              which components run
#   cluster.sh down                stop everything and remove the cluster's state
#
# Component logs go to $STATE/logs (printed by `up`). Env: KRAFTER_LOCAL_CLUSTER_STATE (default
# /var/lib/krafter/local-cluster), KRAFTER_CACHE (binary cache, see build.sh).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$HERE/versions.env"

STATE="${KRAFTER_LOCAL_CLUSTER_STATE:-/var/lib/krafter/local-cluster}"
RUN_DIR=/run/krafter
PKI="$STATE/pki"
LOGS="$STATE/logs"
NODE_NAME=krafter-node
NODE_ZONE=zone-a
# The node's address lives on a bridge of its own with no ports (this kernel has no dummy links).
NODE_LINK=krafter-node
NODE_IP=10.221.0.1
POD_BRIDGE=krafter-cni0
POD_CIDR=10.244.0.0/24
CLUSTER_CIDR=10.244.0.0/16
SERVICE_CIDR=10.96.0.0/16
API_SERVICE_IP=10.96.0.1
DNS_SERVICE_IP=10.96.0.10
# MetalLB's address pool for LoadBalancer Services: routed to the node link, so only this machine reaches it.
LB_CIDR=10.222.0.0/24
API_PORT=6443
ETCD_CLIENT_PORT=12379
ETCD_PEER_PORT=12380
CONTAINERD_SOCKET="$RUN_DIR/containerd/containerd.sock"
PAUSE_IMAGE=krafter.dev/local-cluster/pause:1
COREDNS_IMAGE="krafter.dev/local-cluster/coredns:$COREDNS_VERSION"
HELPER_IMAGE="${KRAFTER_BASE_IMAGE:-krafter/jre-base:17}"
COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler containerd kubelet kube-proxy local-path-provisioner
  metallb-controller metallb-speaker)

log() { printf '[local-cluster] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

bin_dir() {
  if [ -z "${BIN:-}" ]; then
    BIN="$(bash "$HERE/build.sh" | tail -1)"
    [ -x "$BIN/kube-apiserver" ] || die "build.sh did not produce the binaries (looked in '$BIN')"
  fi
  echo "$BIN"
}

kubectl_() { "$BIN/kubectl" --kubeconfig "$STATE/admin.kubeconfig" "$@"; }
ctr_() { "$BIN/ctr" --address "$CONTAINERD_SOCKET" --namespace k8s.io "$@"; }

pid_of() { cat "$RUN_DIR/pids/$1" 2>/dev/null || true; }
running() {
  local pid
  pid="$(pid_of "$1")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

# Starts a component in the background, its output in $LOGS/<name>.log, its pid in $RUN_DIR/pids/<name>.
start() {
  local name="$1"; shift
  if running "$name"; then
    return
  fi
  mkdir -p "$LOGS" "$RUN_DIR/pids"
  log "starting $name"
  PATH="$BIN:$PATH" setsid nohup "$@" >>"$LOGS/$name.log" 2>&1 </dev/null &
  echo $! >"$RUN_DIR/pids/$name"
}

wait_for() {
  local what="$1" seconds="$2"; shift 2
  for _ in $(seq 1 "$seconds"); do
    if "$@" >/dev/null 2>&1; then
      return 0
    fi
    sleep 1
  done
  die "$what did not come up within ${seconds}s; see $LOGS"
}

# --- PKI: one CA signs every serving and client certificate ------------------------------------------------------

cert() { # name, subject, extended key usage, [subjectAltName]
  local name="$1" subject="$2" usage="$3" san="${4:-}"
  [ -f "$PKI/$name.crt" ] && return
  openssl genrsa -out "$PKI/$name.key" 2048 2>/dev/null
  openssl req -new -key "$PKI/$name.key" -subj "$subject" -out "$PKI/$name.csr" 2>/dev/null
  {
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=$usage"
    [ -n "$san" ] && echo "subjectAltName=$san"
  } >"$PKI/$name.ext"
  openssl x509 -req -in "$PKI/$name.csr" -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" -CAcreateserial -days 3650 \
    -extfile "$PKI/$name.ext" -out "$PKI/$name.crt" 2>/dev/null
  rm -f "$PKI/$name.csr" "$PKI/$name.ext"
}

kubeconfig() { # file, user (certificate name)
  local file="$1" user="$2"
  [ -f "$file" ] && return
  cat >"$file" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: krafter-local
  cluster:
    server: https://$NODE_IP:$API_PORT
    certificate-authority-data: $(base64 -w0 <"$PKI/ca.crt")
users:
- name: $user
  user:
    client-certificate-data: $(base64 -w0 <"$PKI/$user.crt")
    client-key-data: $(base64 -w0 <"$PKI/$user.key")
contexts:
- name: krafter-local
  context: {cluster: krafter-local, user: $user}
current-context: krafter-local
EOF
  chmod 600 "$file"
}

make_pki() {
  mkdir -p "$PKI"
  chmod 700 "$PKI"
  if [ ! -f "$PKI/ca.crt" ]; then
    openssl genrsa -out "$PKI/ca.key" 2048 2>/dev/null
    openssl req -x509 -new -key "$PKI/ca.key" -subj "/CN=krafter-local-cluster-ca" -days 3650 -out "$PKI/ca.crt" 2>/dev/null
  fi
  [ -f "$PKI/sa.key" ] || { openssl genrsa -out "$PKI/sa.key" 2048 2>/dev/null; openssl rsa -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub" 2>/dev/null; }
  cert apiserver "/CN=kube-apiserver" serverAuth \
    "DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:$API_SERVICE_IP,IP:$NODE_IP,IP:127.0.0.1"
  cert apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client" clientAuth
  cert admin "/O=system:masters/CN=krafter-local-admin" clientAuth
  cert controller-manager "/CN=system:kube-controller-manager" clientAuth
  cert scheduler "/CN=system:kube-scheduler" clientAuth
  cert kube-proxy "/CN=system:kube-proxy" clientAuth
  cert kubelet-client "/O=system:nodes/CN=system:node:$NODE_NAME" clientAuth
  cert kubelet-serving "/CN=$NODE_NAME" serverAuth "DNS:$NODE_NAME,IP:$NODE_IP"
  cert local-path-provisioner "/CN=krafter:local-path-provisioner" clientAuth
  cert metallb-controller "/CN=krafter:metallb-controller" clientAuth
  cert metallb-speaker "/CN=krafter:metallb-speaker" clientAuth
  kubeconfig "$STATE/admin.kubeconfig" admin
  kubeconfig "$STATE/controller-manager.kubeconfig" controller-manager
  kubeconfig "$STATE/scheduler.kubeconfig" scheduler
  kubeconfig "$STATE/kube-proxy.kubeconfig" kube-proxy
  kubeconfig "$STATE/kubelet.kubeconfig" kubelet-client
  kubeconfig "$STATE/local-path-provisioner.kubeconfig" local-path-provisioner
  kubeconfig "$STATE/metallb-controller.kubeconfig" metallb-controller
  kubeconfig "$STATE/metallb-speaker.kubeconfig" metallb-speaker
}

# --- Host network: the node address, the pod bridge, forwarding ----------------------------------------------------

host_network() {
  if ! ip link show "$NODE_LINK" >/dev/null 2>&1; then
    ip link add "$NODE_LINK" type bridge
  fi
  ip addr show dev "$NODE_LINK" | grep -q " $NODE_IP/" || ip addr add "$NODE_IP/32" dev "$NODE_LINK"
  ip link set "$NODE_LINK" up
  ip route replace "$LB_CIDR" dev "$NODE_LINK"
  sysctl -qw net.ipv4.ip_forward=1
  sysctl -qw net.bridge.bridge-nf-call-iptables=1 2>/dev/null || true
  # Docker sets the FORWARD policy to DROP; pod traffic on the pod bridge is the cluster's own.
  for direction in -i -o; do
    iptables -C FORWARD "$direction" "$POD_BRIDGE" -j ACCEPT 2>/dev/null \
      || iptables -I FORWARD 1 "$direction" "$POD_BRIDGE" -j ACCEPT
  done
}

# Writes stdin to a file only when it differs: kube-proxy exits when its configuration file is rewritten.
write_file() {
  local new
  new="$(cat)"
  if [ ! -f "$1" ] || [ "$(cat "$1")" != "$new" ]; then
    printf '%s\n' "$new" >"$1"
  fi
}

write_configs() {
  mkdir -p "$STATE/cni/net.d" "$STATE/volumes"
  write_file "$STATE/cni/net.d/10-krafter.conflist" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "krafter",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$POD_BRIDGE",
      "isGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "dataDir": "$STATE/cni/ipam",
        "ranges": [[{"subnet": "$POD_CIDR"}]],
        "routes": [{"dst": "0.0.0.0/0"}]
      }
    },
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
EOF
  write_file "$STATE/containerd.toml" <<EOF
version = 3
root = "$STATE/containerd"
state = "$RUN_DIR/containerd/state"

[grpc]
  address = "$CONTAINERD_SOCKET"

[plugins.'io.containerd.cri.v1.images']
  snapshotter = "overlayfs"
  [plugins.'io.containerd.cri.v1.images'.pinned_images]
    sandbox = "$PAUSE_IMAGE"

[plugins.'io.containerd.cri.v1.runtime']
  # This machine withholds CAP_SYS_RESOURCE: no process may lower its OOM score below its parent's, so the
  # negative scores the kubelet asks for (pod sandboxes, Guaranteed pods) are clamped instead of failing the pod.
  restrict_oom_score_adj = true
  [plugins.'io.containerd.cri.v1.runtime'.containerd]
    default_runtime_name = "runc"
    [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]
        BinaryName = "$(command -v runc)"
        SystemdCgroup = false
  [plugins.'io.containerd.cri.v1.runtime'.cni]
    bin_dirs = ["/usr/lib/cni"]
    conf_dir = "$STATE/cni/net.d"
EOF
  write_file "$STATE/kubelet.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $NODE_IP
port: 10250
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: 10248
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $PKI/ca.crt}
authorization: {mode: Webhook}
tlsCertFile: $PKI/kubelet-serving.crt
tlsPrivateKeyFile: $PKI/kubelet-serving.key
containerRuntimeEndpoint: unix://$CONTAINERD_SOCKET
cgroupDriver: cgroupfs
# These machines run cgroup v1; from Kubernetes 1.35 the kubelet refuses it unless told otherwise.
failCgroupV1: false
failSwapOn: false
clusterDomain: cluster.local
clusterDNS: [$DNS_SERVICE_IP]
resolvConf: $STATE/resolv.conf
# Test machines share their disk with builds: evict only when it is truly full, never collect the local images.
evictionHard: {memory.available: 100Mi, nodefs.available: 1%, imagefs.available: 1%, nodefs.inodesFree: 1%}
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
serializeImagePulls: false
maxPods: 110
EOF
  # Pods with dnsPolicy Default (CoreDNS itself) get no upstream: the cluster reaches no outside name server.
  echo "options ndots:1" | write_file "$STATE/resolv.conf"
  write_file "$STATE/kube-proxy.yaml" <<EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: {kubeconfig: $STATE/kube-proxy.kubeconfig}
hostnameOverride: $NODE_NAME
mode: iptables
clusterCIDR: $CLUSTER_CIDR
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
nodePortAddresses: ["$NODE_IP/32"]
conntrack: {maxPerCore: 0}
EOF
}

# --- Components ----------------------------------------------------------------------------------------------------

start_control_plane() {
  start etcd "$BIN/etcd" --name krafter --data-dir "$STATE/etcd" --log-level warn --unsafe-no-fsync \
    --listen-client-urls "http://127.0.0.1:$ETCD_CLIENT_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_CLIENT_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "krafter=http://127.0.0.1:$ETCD_PEER_PORT" --listen-metrics-urls ""
  start kube-apiserver "$BIN/kube-apiserver" --etcd-servers "http://127.0.0.1:$ETCD_CLIENT_PORT" \
    --bind-address "$NODE_IP" --advertise-address "$NODE_IP" --secure-port "$API_PORT" \
    --service-cluster-ip-range "$SERVICE_CIDR" --service-node-port-range 30000-32767 \
    --authorization-mode Node,RBAC --enable-admission-plugins NodeRestriction \
    --client-ca-file "$PKI/ca.crt" --tls-cert-file "$PKI/apiserver.crt" --tls-private-key-file "$PKI/apiserver.key" \
    --kubelet-client-certificate "$PKI/apiserver-kubelet-client.crt" --kubelet-client-key "$PKI/apiserver-kubelet-client.key" \
    --kubelet-certificate-authority "$PKI/ca.crt" --kubelet-preferred-address-types InternalIP \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$PKI/sa.pub" --service-account-signing-key-file "$PKI/sa.key" \
    --allow-privileged=true --profiling=false
  wait_for "kube-apiserver" 120 kubectl_ get --raw /readyz
  start kube-controller-manager "$BIN/kube-controller-manager" --kubeconfig "$STATE/controller-manager.kubeconfig" \
    --authentication-kubeconfig "$STATE/controller-manager.kubeconfig" --authorization-kubeconfig "$STATE/controller-manager.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port 10257 --leader-elect=false --use-service-account-credentials=true \
    --service-account-private-key-file "$PKI/sa.key" --root-ca-file "$PKI/ca.crt" \
    --cluster-signing-cert-file "$PKI/ca.crt" --cluster-signing-key-file "$PKI/ca.key" \
    --service-cluster-ip-range "$SERVICE_CIDR" --cluster-cidr "$CLUSTER_CIDR" --allocate-node-cidrs=false \
    --controllers '*' --profiling=false
  start kube-scheduler "$BIN/kube-scheduler" --kubeconfig "$STATE/scheduler.kubeconfig" \
    --authentication-kubeconfig "$STATE/scheduler.kubeconfig" --authorization-kubeconfig "$STATE/scheduler.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port 10259 --leader-elect=false --profiling=false
}

start_node() {
  mkdir -p "$RUN_DIR/containerd"
  start containerd "$BIN/containerd" --config "$STATE/containerd.toml"
  wait_for "containerd" 60 ctr_ version
  import_system_images
  start kubelet "$BIN/kubelet" --config "$STATE/kubelet.yaml" --kubeconfig "$STATE/kubelet.kubeconfig" \
    --hostname-override "$NODE_NAME" --node-ip "$NODE_IP" --root-dir "$STATE/kubelet" \
    --node-labels "topology.kubernetes.io/zone=$NODE_ZONE"
  start kube-proxy "$BIN/kube-proxy" --config "$STATE/kube-proxy.yaml"
  wait_for "the node $NODE_NAME" 120 node_ready
}

node_ready() {
  [ "$(kubectl_ get node "$NODE_NAME" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}')" = True ]
}

# The pod sandbox and CoreDNS images are built here from the binaries (no registry is reachable).
import_system_images() {
  if ! ctr_ images ls -q | grep -qx "$PAUSE_IMAGE"; then
    local dir
    dir="$(mktemp -d)"
    (cd "$HERE/images/pause" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$dir/pause" .)
    tar -C "$dir" -c pause | docker import -c 'ENTRYPOINT ["/pause"]' - "$PAUSE_IMAGE" >/dev/null
    rm -rf "$dir"
    load_images "$PAUSE_IMAGE"
  fi
  if ! ctr_ images ls -q | grep -qx "$COREDNS_IMAGE"; then
    tar -C "$BIN" -c coredns | docker import -c 'ENTRYPOINT ["/coredns"]' -c 'USER 65532' - "$COREDNS_IMAGE" >/dev/null
    load_images "$COREDNS_IMAGE"
  fi
  ctr_ images ls -q | grep -qx "docker.io/$HELPER_IMAGE" || load_images "$HELPER_IMAGE"
}

load_images() {
  local image
  for image in "$@"; do
    docker image inspect "$image" >/dev/null 2>&1 || die "no local Docker image $image"
    log "importing $image into the node's containerd"
    docker save "$image" | ctr_ images import --all-platforms - >/dev/null
  done
}

start_addons() {
  sed -e "s|@DNS_SERVICE_IP@|$DNS_SERVICE_IP|g" -e "s|@COREDNS_IMAGE@|$COREDNS_IMAGE|g" \
    -e "s|@HELPER_IMAGE@|$HELPER_IMAGE|g" -e "s|@VOLUMES_DIR@|$STATE/volumes|g" "$HERE/addons.yaml" \
    | kubectl_ apply -f - >/dev/null
  start local-path-provisioner "$BIN/local-path-provisioner" start \
    --kubeconfig "$STATE/local-path-provisioner.kubeconfig" --namespace local-path-storage \
    --configmap-name local-path-config --service-account-name local-path-provisioner \
    --helper-image "$HELPER_IMAGE" --provisioner-name rancher.io/local-path
  wait_for "CoreDNS" 180 kubectl_ -n kube-system rollout status deployment/coredns --timeout=5s
}

# MetalLB: its CRDs from the Go module build.sh built it from (the module cache), then metallb.yaml (namespace, RBAC,
# the speaker's stand-in pod, address pool, L2Advertisement), then the controller and the speaker as node processes.
# No webhooks (they would need a Service in front of a pod), no memberlist (one node), metrics on 7472/7473.
start_metallb() {
  local crds
  crds="$(cd "$HERE/build/metallb" && PATH="$PATH:/usr/local/go/bin" && export GOWORK=off GOFLAGS=-mod=readonly \
    && go mod download go.universe.tf/metallb && go list -m -f '{{.Dir}}' go.universe.tf/metallb)/config/crd/bases"
  [ -d "$crds" ] || die "MetalLB's CRDs are not in the Go module cache ($crds)"
  kubectl_ apply --server-side --force-conflicts -f "$crds" >/dev/null
  wait_for "MetalLB's CRDs" 60 kubectl_ wait --for condition=Established --timeout=5s -f "$crds"
  sed -e "s|@NODE_NAME@|$NODE_NAME|g" -e "s|@NODE_LINK@|$NODE_LINK|g" -e "s|@PAUSE_IMAGE@|$PAUSE_IMAGE|g" \
    -e "s|@LB_CIDR@|$LB_CIDR|g" "$HERE/metallb.yaml" | kubectl_ apply -f - >/dev/null
  start metallb-controller "$BIN/metallb-controller" --kubeconfig "$STATE/metallb-controller.kubeconfig" \
    --namespace metallb-system --webhook-mode disabled --port 7472
  start metallb-speaker "$BIN/metallb-speaker" --kubeconfig "$STATE/metallb-speaker.kubeconfig" \
    --namespace metallb-system --node-name "$NODE_NAME" --pod-name speaker --host 127.0.0.1 --port 7473
}

up() {
  [ "$(id -u)" = 0 ] || die "run as root: the node's containerd, kubelet and kube-proxy need it"
  command -v docker >/dev/null && docker info >/dev/null 2>&1 || die "no Docker engine answers (run scripts/setup.sh)"
  command -v runc >/dev/null || die "runc is missing (apt-get install runc)"
  [ -x /usr/lib/cni/bridge ] || die "CNI plugins are missing (apt-get install containernetworking-plugins)"
  command -v iptables >/dev/null || die "iptables is missing (apt-get install iptables)"
  bin_dir >/dev/null
  if [ -d "$STATE/etcd" ] && ! running etcd && ! running kube-apiserver; then
    # Left by a machine restart or an ended session: its pods and node state are gone, so start afresh.
    log "a cluster that no longer runs left its state in $STATE: removing it"
    down
  fi
  mkdir -p "$STATE" "$RUN_DIR"
  make_pki
  host_network
  write_configs
  start_control_plane
  start_node
  start_addons
  start_metallb
  log "cluster up: Kubernetes $("$BIN/kubectl" --kubeconfig "$STATE/admin.kubeconfig" version -o json | sed -n 's/.*"gitVersion": "\(v[^"]*\)".*/\1/p' | tail -1) on node $NODE_NAME ($NODE_IP); logs in $LOGS"
  print_env
}

print_env() {
  echo "export KUBECONFIG=$STATE/admin.kubeconfig"
  echo "export PATH=$(bin_dir 2>/dev/null):\$PATH"
}

down() {
  local name pid
  for name in metallb-speaker metallb-controller local-path-provisioner kube-proxy kubelet kube-scheduler \
    kube-controller-manager kube-apiserver etcd; do
    pid="$(pid_of "$name")"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      log "stopping $name"
      kill "$pid" 2>/dev/null || true
    fi
  done
  if running containerd; then
    BIN="$(bin_dir)"
    # Stop every pod's containers and sandboxes before containerd goes, so nothing keeps running unmanaged.
    for task in $(ctr_ tasks ls -q 2>/dev/null); do
      ctr_ tasks kill -s SIGKILL "$task" >/dev/null 2>&1 || true
    done
    sleep 2
    kill "$(pid_of containerd)" 2>/dev/null || true
  fi
  sleep 2
  # Containers whose containerd is gone (a killed session) keep running in the kubelet's cgroups.
  find /sys/fs/cgroup/pids/kubepods -name cgroup.procs 2>/dev/null | while read -r procs; do
    xargs -r kill -9 <"$procs" 2>/dev/null || true
  done
  # Leftover mounts of pod volumes and container root filesystems under the state dir.
  if [ -d "$STATE" ]; then
    grep " $STATE" /proc/mounts | awk '{print $2}' | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  fi
  grep " $RUN_DIR" /proc/mounts | awk '{print $2}' | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  iptables-save 2>/dev/null | grep -q KUBE- && cleanup_iptables
  for direction in -i -o; do
    iptables -D FORWARD "$direction" "$POD_BRIDGE" -j ACCEPT 2>/dev/null || true
  done
  ip route del "$LB_CIDR" dev "$NODE_LINK" 2>/dev/null || true
  ip link del "$POD_BRIDGE" 2>/dev/null || true
  ip link del "$NODE_LINK" 2>/dev/null || true
  rm -rf "$STATE" "$RUN_DIR"
  log "local cluster removed"
}

# kube-proxy's rules: its own cleanup mode removes them.
cleanup_iptables() {
  if [ -x "${BIN:-}/kube-proxy" ]; then
    "$BIN/kube-proxy" --cleanup >/dev/null 2>&1 || true
  fi
}

status() {
  local name
  for name in "${COMPONENTS[@]}"; do
    if running "$name"; then echo "$name: running (pid $(pid_of "$name"))"; else echo "$name: stopped"; fi
  done
}

case "${1:-}" in
  up) up ;;
  env) print_env ;;
  load-image) shift; BIN="$(bin_dir)"; load_images "$@" ;;
  node-address) echo "$NODE_IP" ;;
  status) status ;;
  down) down ;;
  *) sed -n '2,20p' "$0" >&2; exit 2 ;;
esac
