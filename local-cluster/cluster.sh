#!/usr/bin/env bash
# A real Kubernetes cluster of one node (or up to 9) on this machine, from binaries built from source by local-cluster/build.sh:
# etcd, kube-apiserver (RBAC + Node authorization, PodSecurity admission), kube-controller-manager (all default
# controllers), kube-scheduler, containerd 2 + kubelet (the node), kube-proxy (iptables), a CNI bridge pod network
# routed on this host, CoreDNS as cluster DNS, local-path-provisioner behind the default StorageClass "standard" and
# MetalLB (controller + L2 speaker) giving LoadBalancer Services addresses from 10.222.0.0/24, routed to the node.
#
# The nodes are this machine: each node's containerd and kubelet run as processes here, so pods are real containers
# and each node's pod network is a bridge on this host (see local-cluster/README.md for why not node containers).
#
#   cluster.sh up [--nodes N] [--network-policies]
#                                  start the cluster, or reuse the running one, with at least N nodes (default 1; a
#                                  running cluster gets the missing nodes added); ends with the two export lines.
#                                  --network-policies (or KRAFTER_LOCAL_CLUSTER_NETWORK_POLICIES=kube-router) also runs
#                                  a NetworkPolicy enforcer (kube-router's firewall) for the pods of the first node;
#                                  off by default: the bridge network alone enforces no NetworkPolicy
#   cluster.sh env                 print the export lines of the running cluster
#   cluster.sh load-image IMAGE... import local Docker images into the node's containerd
#   cluster.sh node-address        the first node's IP (NodePort Services answer there)
#   cluster.sh nodes               the running nodes, a line each: name, address, zone, containerd socket
#   cluster.sh status              which components run
#   cluster.sh down                stop everything and remove the cluster's state
#
# Component logs go to $STATE/logs (printed by `up`). Env: KRAFTER_LOCAL_CLUSTER_STATE (default
# /var/lib/krafter/local-cluster), KRAFTER_CACHE (binary cache, see build.sh), KRAFTER_LOCAL_CLUSTER_NETWORK_POLICIES.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$HERE/versions.env"

STATE="${KRAFTER_LOCAL_CLUSTER_STATE:-/var/lib/krafter/local-cluster}"
RUN_DIR=/run/krafter
PKI="$STATE/pki"
LOGS="$STATE/logs"
# Node 1; node i (2..9) is krafter-node-<i> at 10.221.0.<i> in zone-<i-th letter>, pods in 10.244.<i-1>.0/24.
NODE_NAME=krafter-node
NODE_ZONE=zone-a
MAX_NODES=9
# The nodes' addresses live on a bridge of their own with no ports (this kernel has no dummy links).
NODE_LINK=krafter-node
NODE_IP=10.221.0.1
NODE_CIDR=10.221.0.0/24
CLUSTER_CIDR=10.244.0.0/16
SERVICE_CIDR=10.96.0.0/16
API_SERVICE_IP=10.96.0.1
DNS_SERVICE_IP=10.96.0.10
# MetalLB's address pool for LoadBalancer Services: routed to the node link, so only this machine reaches it.
LB_CIDR=10.222.0.0/24
API_PORT=6443
ETCD_CLIENT_PORT=12379
ETCD_PEER_PORT=12380
PAUSE_IMAGE=krafter.dev/local-cluster/pause:1
COREDNS_IMAGE="krafter.dev/local-cluster/coredns:$COREDNS_VERSION"
HELPER_IMAGE="${KRAFTER_BASE_IMAGE:-krafter/jre-base:17}"
COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler kube-proxy local-path-provisioner
  metallb-controller metallb-speaker)
# The opt-in NetworkPolicy enforcer: "kube-router" or empty (none).
NETWORK_POLICIES="${KRAFTER_LOCAL_CLUSTER_NETWORK_POLICIES:-}"
NODE_COMPONENTS=(containerd kubelet)

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
ctr_() { ctr_on 1 "$@"; }
ctr_on() { local node="$1"; shift; "$BIN/ctr" --address "$(node_socket "$node")" --namespace k8s.io "$@"; }

# --- Nodes: node 1 keeps the names and paths of a one-node cluster; node i >= 2 gets its own ------------------------

node_name() { if [ "$1" = 1 ]; then echo "$NODE_NAME"; else echo "$NODE_NAME-$1"; fi; }
node_ip() { echo "10.221.0.$1"; }
node_zone() { echo "zone-$(echo abcdefghi | cut -c"$1")"; }
node_pod_cidr() { echo "10.244.$(($1 - 1)).0/24"; }
node_pod_bridge() { echo "krafter-cni$(($1 - 1))"; }
node_dir() { if [ "$1" = 1 ]; then echo "$STATE"; else echo "$STATE/nodes/$(node_name "$1")"; fi; }
node_run_dir() { if [ "$1" = 1 ]; then echo "$RUN_DIR/containerd"; else echo "$RUN_DIR/containerd-$1"; fi; }
node_socket() { echo "$(node_run_dir "$1")/containerd.sock"; }
# The process name of a node's component: containerd, kubelet for node 1; containerd-2, kubelet-2 for node 2.
node_component() { if [ "$1" = 1 ]; then echo "$2"; else echo "$2-$1"; fi; }
# Kubelets of one host must not share a cgroup root: each removes the pod cgroups it does not know.
node_cgroup_root() { if [ "$1" = 1 ]; then echo /; else echo "/$(node_name "$1")"; fi; }
nodes_running() {
  local i count=0
  for i in $(seq 1 "$MAX_NODES"); do
    running "$(node_component "$i" kubelet)" && count=$i
  done
  echo "$count"
}

pid_of() { cat "$RUN_DIR/pids/$1" 2>/dev/null || true; }
# Running: its recorded pid is alive and still runs the program it was started with (pids are reused).
running() {
  local pid
  pid="$(pid_of "$1")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && { [ ! -f "$RUN_DIR/pids/$1.exe" ] \
    || [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = "$(cat "$RUN_DIR/pids/$1.exe")" ]; }
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
  readlink -f "$1" >"$RUN_DIR/pids/$name.exe"
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
  cert local-path-provisioner "/CN=krafter:local-path-provisioner" clientAuth
  cert metallb-controller "/CN=krafter:metallb-controller" clientAuth
  cert metallb-speaker "/CN=krafter:metallb-speaker" clientAuth
  cert kube-router "/CN=krafter:kube-router" clientAuth
  kubeconfig "$STATE/admin.kubeconfig" admin
  kubeconfig "$STATE/controller-manager.kubeconfig" controller-manager
  kubeconfig "$STATE/scheduler.kubeconfig" scheduler
  kubeconfig "$STATE/kube-proxy.kubeconfig" kube-proxy
  kubeconfig "$STATE/local-path-provisioner.kubeconfig" local-path-provisioner
  kubeconfig "$STATE/metallb-controller.kubeconfig" metallb-controller
  kubeconfig "$STATE/metallb-speaker.kubeconfig" metallb-speaker
  kubeconfig "$STATE/kube-router.kubeconfig" kube-router
}

# A node's kubelet identity (system:node:<name>, for the Node authorizer) and serving certificate.
node_pki() {
  local i="$1" name suffix
  name="$(node_name "$i")"
  suffix="$([ "$i" = 1 ] || echo "-$name")"
  cert "kubelet-client$suffix" "/O=system:nodes/CN=system:node:$name" clientAuth
  cert "kubelet-serving$suffix" "/CN=$name" serverAuth "DNS:$name,IP:$(node_ip "$i")"
  mkdir -p "$(node_dir "$i")"
  kubeconfig "$(node_dir "$i")/kubelet.kubeconfig" "kubelet-client$suffix"
}

# --- Host network: the node addresses, the pod bridges, forwarding -------------------------------------------------

host_network() {
  if ! ip link show "$NODE_LINK" >/dev/null 2>&1; then
    ip link add "$NODE_LINK" type bridge
  fi
  ip link set "$NODE_LINK" up
  ip route replace "$LB_CIDR" dev "$NODE_LINK"
  sysctl -qw net.ipv4.ip_forward=1
  sysctl -qw net.bridge.bridge-nf-call-iptables=1 2>/dev/null || true
}

# A node's address on the node link, and its pod bridge let through the FORWARD chain (Docker sets its policy to
# DROP; pod traffic on the pod bridges is the cluster's own). Pods of different nodes reach each other through this
# host's routes to the bridges.
node_network() {
  local i="$1" ip bridge direction
  ip="$(node_ip "$i")"
  bridge="$(node_pod_bridge "$i")"
  # (grep reads all of it: with pipefail, a grep -q that stops early fails the pipe with SIGPIPE.)
  ip -o addr show dev "$NODE_LINK" | grep " $ip/" >/dev/null || ip addr add "$ip/32" dev "$NODE_LINK"
  for direction in -i -o; do
    iptables -C FORWARD "$direction" "$bridge" -j ACCEPT 2>/dev/null \
      || iptables -I FORWARD 1 "$direction" "$bridge" -j ACCEPT
  done
  if [ "$i" != 1 ]; then
    local hierarchy root
    root="$(node_cgroup_root "$i")"
    for hierarchy in /sys/fs/cgroup/*/; do
      [ -L "${hierarchy%/}" ] && continue
      mkdir -p "$hierarchy$root"
      if [ -f "$hierarchy/cpuset.cpus" ]; then
        cat "$hierarchy/cpuset.cpus" >"$hierarchy$root/cpuset.cpus"
        cat "$hierarchy/cpuset.mems" >"$hierarchy$root/cpuset.mems"
      fi
    done
  fi
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
  mkdir -p "$STATE/volumes"
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
nodePortAddresses: ["$NODE_CIDR"]
conntrack: {maxPerCore: 0}
EOF
}

# One node's CNI network, containerd and kubelet configuration, in its own directory.
write_node_configs() {
  local i="$1" dir ip run suffix
  dir="$(node_dir "$i")"
  ip="$(node_ip "$i")"
  run="$(node_run_dir "$i")"
  suffix="$([ "$i" = 1 ] || echo "-$(node_name "$i")")"
  mkdir -p "$dir/cni/net.d"
  write_file "$dir/cni/net.d/10-krafter.conflist" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "krafter",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$(node_pod_bridge "$i")",
      "isGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "dataDir": "$dir/cni/ipam",
        "ranges": [[{"subnet": "$(node_pod_cidr "$i")"}]],
        "routes": [{"dst": "0.0.0.0/0"}]
      }
    },
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
EOF
  write_file "$dir/containerd.toml" <<EOF
version = 3
root = "$dir/containerd"
state = "$run/state"

[grpc]
  address = "$run/containerd.sock"

[plugins.'io.containerd.cri.v1.images']
  snapshotter = "overlayfs"
  [plugins.'io.containerd.cri.v1.images'.pinned_images]
    sandbox = "$PAUSE_IMAGE"

# NRI's socket is one per host; the nodes do not use it.
[plugins.'io.containerd.nri.v1.nri']
  disable = true

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
        Root = "$run/runc"
        SystemdCgroup = false
  [plugins.'io.containerd.cri.v1.runtime'.cni]
    bin_dirs = ["/usr/lib/cni"]
    conf_dir = "$dir/cni/net.d"
EOF
  write_file "$dir/kubelet.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $ip
port: 10250
readOnlyPort: 0
healthzBindAddress: $ip
healthzPort: 10248
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $PKI/ca.crt}
authorization: {mode: Webhook}
tlsCertFile: $PKI/kubelet-serving$suffix.crt
tlsPrivateKeyFile: $PKI/kubelet-serving$suffix.key
containerRuntimeEndpoint: unix://$run/containerd.sock
cgroupDriver: cgroupfs
cgroupRoot: $(node_cgroup_root "$i")
# Each kubelet removes the log directories of pods it does not know: one directory per node.
podLogsDir: $([ "$i" = 1 ] && echo /var/log/pods || echo "$dir/pod-logs")
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
  local i="$1" name dir
  name="$(node_name "$i")"
  dir="$(node_dir "$i")"
  mkdir -p "$(node_run_dir "$i")"
  start "$(node_component "$i" containerd)" "$BIN/containerd" --config "$dir/containerd.toml"
  wait_for "containerd of $name" 60 ctr_on "$i" version
  import_system_images "$i"
  start "$(node_component "$i" kubelet)" "$BIN/kubelet" --config "$dir/kubelet.yaml" --kubeconfig "$dir/kubelet.kubeconfig" \
    --hostname-override "$name" --node-ip "$(node_ip "$i")" --root-dir "$dir/kubelet" \
    --node-labels "topology.kubernetes.io/zone=$(node_zone "$i")"
}

node_ready() {
  [ "$(kubectl_ get node "$1" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}')" = True ]
}

# The pod sandbox and CoreDNS images are built here from the binaries (no registry is reachable).
import_system_images() {
  local i="$1"
  if ! ctr_on "$i" images ls -q | grep -x "$PAUSE_IMAGE" >/dev/null; then
    if ! docker image inspect "$PAUSE_IMAGE" >/dev/null 2>&1; then
      local dir
      dir="$(mktemp -d)"
      (cd "$HERE/images/pause" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$dir/pause" .)
      tar -C "$dir" -c pause | docker import -c 'ENTRYPOINT ["/pause"]' - "$PAUSE_IMAGE" >/dev/null
      rm -rf "$dir"
    fi
    load_images_on "$i" "$PAUSE_IMAGE"
  fi
  if ! ctr_on "$i" images ls -q | grep -x "$COREDNS_IMAGE" >/dev/null; then
    docker image inspect "$COREDNS_IMAGE" >/dev/null 2>&1 \
      || tar -C "$BIN" -c coredns | docker import -c 'ENTRYPOINT ["/coredns"]' -c 'USER 65532' - "$COREDNS_IMAGE" >/dev/null
    load_images_on "$i" "$COREDNS_IMAGE"
  fi
  ctr_on "$i" images ls -q | grep -x "docker.io/$HELPER_IMAGE" >/dev/null || load_images_on "$i" "$HELPER_IMAGE"
}

# Local Docker images into the containerd of every running node.
load_images() {
  local i
  for i in $(seq 1 "$(nodes_running)"); do
    load_images_on "$i" "$@"
  done
}

load_images_on() {
  local i="$1" image
  shift
  for image in "$@"; do
    docker image inspect "$image" >/dev/null 2>&1 || die "no local Docker image $image"
    log "importing $image into the containerd of $(node_name "$i")"
    docker save "$image" | ctr_on "$i" images import --all-platforms - >/dev/null
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

# NetworkPolicy enforcement (opt-in): kube-router with only its firewall (no routing, no service proxy, no CNI),
# built by network-policies/build.sh, reading the API with RBAC of its own (network-policies/rbac.yaml). It filters
# with iptables and ipsets in this host's network stack, for the pods whose hostIP is the first node's address: one
# instance per network stack, since instances for several nodes would remove each other's chains. Pods of the other
# nodes are not protected; traffic from them to the first node's pods is filtered (it is routed through this host).
# Traffic from this host itself (the node addresses, the test JVM) is always let in, as kube-router does for a node.
start_network_policies() {
  local router
  command -v ipset >/dev/null || die "ipset is missing (apt-get install ipset), needed by --network-policies"
  router="$(bash "$HERE/network-policies/build.sh")" || die "building kube-router failed"
  kubectl_ apply -f "$HERE/network-policies/rbac.yaml" >/dev/null
  start kube-router "$router" --kubeconfig "$STATE/kube-router.kubeconfig" --hostname-override "$NODE_NAME" \
    --run-firewall=true --run-router=false --run-service-proxy=false --enable-cni=false \
    --service-cluster-ip-range "$SERVICE_CIDR" --service-node-port-range 30000-32767 \
    --iptables-sync-period 15s --health-port 0 --metrics-port 0
  wait_for "kube-router's firewall chains" 60 iptables -S KUBE-ROUTER-FORWARD
}

# kube-router's own cleanup mode removes its chains and ipsets.
cleanup_network_policies() {
  local router
  iptables -S KUBE-ROUTER-FORWARD >/dev/null 2>&1 || return 0
  router="$(cat "$RUN_DIR/pids/kube-router.exe" 2>/dev/null || true)"
  if [ -x "$router" ]; then
    "$router" --cleanup-config >/dev/null 2>&1 || true
  fi
}

up() {
  local wanted="" i
  while [ $# -gt 0 ]; do
    case "$1" in
      --nodes) wanted="${2:-}"; shift 2 ;;
      --network-policies) NETWORK_POLICIES=kube-router; shift ;;
      *) die "unknown option $1 (cluster.sh up [--nodes N] [--network-policies])" ;;
    esac
  done
  case "$NETWORK_POLICIES" in
    ""|kube-router) ;;
    *) die "KRAFTER_LOCAL_CLUSTER_NETWORK_POLICIES is '$NETWORK_POLICIES': empty (none) or kube-router" ;;
  esac
  [ -z "$wanted" ] || { [ "$wanted" -ge 1 ] 2>/dev/null && [ "$wanted" -le "$MAX_NODES" ]; } \
    || die "--nodes takes a number from 1 to $MAX_NODES, not '$wanted'"
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
  local nodes
  nodes="$(nodes_running)"
  nodes="$((nodes > ${wanted:-1} ? nodes : ${wanted:-1}))"
  mkdir -p "$STATE" "$RUN_DIR"
  make_pki
  host_network
  write_configs
  for i in $(seq 1 "$nodes"); do
    node_pki "$i"
    node_network "$i"
    write_node_configs "$i"
  done
  start_control_plane
  for i in $(seq 1 "$nodes"); do
    start_node "$i"
  done
  start kube-proxy "$BIN/kube-proxy" --config "$STATE/kube-proxy.yaml"
  for i in $(seq 1 "$nodes"); do
    wait_for "the node $(node_name "$i")" 120 node_ready "$(node_name "$i")"
  done
  [ -z "$NETWORK_POLICIES" ] || start_network_policies
  start_addons
  start_metallb
  log "cluster up: Kubernetes $("$BIN/kubectl" --kubeconfig "$STATE/admin.kubeconfig" version -o json | sed -n 's/.*"gitVersion": "\(v[^"]*\)".*/\1/p' | tail -1) on $nodes node(s) ($(for i in $(seq 1 "$nodes"); do printf '%s ' "$(node_name "$i") $(node_ip "$i") $(node_zone "$i");"; done)); logs in $LOGS"
  print_env
}

print_env() {
  echo "export KUBECONFIG=$STATE/admin.kubeconfig"
  echo "export PATH=$(bin_dir 2>/dev/null):\$PATH"
}

down() {
  local name i task
  for name in kube-router metallb-speaker metallb-controller local-path-provisioner kube-proxy \
    $(for i in $(seq 1 "$MAX_NODES"); do node_component "$i" kubelet; done) kube-scheduler \
    kube-controller-manager kube-apiserver etcd; do
    if running "$name"; then
      log "stopping $name"
      kill "$(pid_of "$name")" 2>/dev/null || true
    fi
  done
  for i in $(seq 1 "$MAX_NODES"); do
    if running "$(node_component "$i" containerd)"; then
      BIN="$(bin_dir)"
      # Stop every pod's containers and sandboxes before containerd goes, so nothing keeps running unmanaged.
      for task in $(ctr_on "$i" tasks ls -q 2>/dev/null); do
        ctr_on "$i" tasks kill -s SIGKILL "$task" >/dev/null 2>&1 || true
      done
      sleep 2
      kill "$(pid_of "$(node_component "$i" containerd)")" 2>/dev/null || true
    fi
  done
  sleep 2
  # Containers whose containerd is gone (a killed session) keep running in the kubelets' cgroups.
  for i in $(seq 1 "$MAX_NODES"); do
    find "/sys/fs/cgroup/pids$(node_cgroup_root "$i" | sed 's|^/$||')/kubepods" -name cgroup.procs 2>/dev/null \
      | while read -r procs; do xargs -r kill -9 <"$procs" 2>/dev/null || true; done || true
  done
  # Leftover mounts of pod volumes and container root filesystems under the state dir.
  if [ -d "$STATE" ]; then
    grep " $STATE" /proc/mounts | awk '{print $2}' | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  fi
  grep " $RUN_DIR" /proc/mounts | awk '{print $2}' | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  cleanup_network_policies
  iptables-save 2>/dev/null | grep KUBE- >/dev/null && cleanup_iptables
  for i in $(seq 1 "$MAX_NODES"); do
    for direction in -i -o; do
      iptables -D FORWARD "$direction" "$(node_pod_bridge "$i")" -j ACCEPT 2>/dev/null || true
    done
    ip link del "$(node_pod_bridge "$i")" 2>/dev/null || true
    [ "$i" = 1 ] || remove_cgroup_root "$(node_cgroup_root "$i")"
  done
  ip route del "$LB_CIDR" dev "$NODE_LINK" 2>/dev/null || true
  ip link del "$NODE_LINK" 2>/dev/null || true
  rm -rf "$STATE" "$RUN_DIR"
  log "local cluster removed"
}

# A node's cgroup root in every hierarchy, deepest first (a cgroup goes only once it has no children).
remove_cgroup_root() {
  local hierarchy
  for hierarchy in /sys/fs/cgroup/*/; do
    [ -d "$hierarchy$1" ] && find "$hierarchy$1" -depth -type d -exec rmdir {} \; 2>/dev/null || true
  done
}

# kube-proxy's rules: its own cleanup mode removes them.
cleanup_iptables() {
  if [ -x "${BIN:-}/kube-proxy" ]; then
    "$BIN/kube-proxy" --cleanup >/dev/null 2>&1 || true
  fi
}

status() {
  local name i nodes
  nodes="$(nodes_running)"
  for name in "${COMPONENTS[@]}" $(for i in $(seq 1 "$((nodes > 0 ? nodes : 1))"); do
    for name in "${NODE_COMPONENTS[@]}"; do node_component "$i" "$name"; done
  done); do
    if running "$name"; then echo "$name: running (pid $(pid_of "$name"))"; else echo "$name: stopped"; fi
  done
  if running kube-router; then echo "kube-router: running (pid $(pid_of kube-router)), enforcing NetworkPolicies"; fi
}

case "${1:-}" in
  up) shift; up "$@" ;;
  env) print_env ;;
  load-image) shift; BIN="$(bin_dir)"; load_images "$@" ;;
  node-address) echo "$NODE_IP" ;;
  nodes) for i in $(seq 1 "$(nodes_running)"); do echo "$(node_name "$i") $(node_ip "$i") $(node_zone "$i") $(node_socket "$i")"; done ;;
  status) status ;;
  down) down ;;
  *) sed -n '2,22p' "$0" >&2; exit 2 ;;
esac
