#!/usr/bin/env bash
# Prepares a fresh Debian machine for Krafter's build, tests and demo: installs what is missing
# (Docker engine, debootstrap, kcat and librdkafka for Python, Lua, a JRE base image built offline, helm, what the local Kubernetes
# cluster's node needs), and starts dockerd.
# Idempotent: every step is skipped when its result is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[setup] %s\n' "$*"; }

need_apt=()
command -v dockerd >/dev/null 2>&1 || need_apt+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || need_apt+=(debootstrap)
command -v kcat >/dev/null 2>&1 || need_apt+=(kafkacat)
command -v lua5.4 >/dev/null 2>&1 || need_apt+=(lua5.4)
command -v lua5.1 >/dev/null 2>&1 || need_apt+=(lua5.1)
command -v mvn >/dev/null 2>&1 || need_apt+=(maven)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
command -v unzip >/dev/null 2>&1 || need_apt+=(unzip)
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
# A librdkafka client new enough for SCRAM with Kafka 4 (Debian's kcat links 2.0.2): confluent-kafka-python's wheel.
command -v python3 >/dev/null 2>&1 || need_apt+=(python3)
python3 -c 'import ensurepip' >/dev/null 2>&1 || need_apt+=(python3-venv)
# The local Kubernetes cluster's node (local-cluster/): runc, the CNI plugins, iptables for kube-proxy.
command -v runc >/dev/null 2>&1 || need_apt+=(runc)
[ -x /usr/lib/cni/bridge ] || need_apt+=(containernetworking-plugins)
command -v iptables >/dev/null 2>&1 || need_apt+=(iptables)
command -v conntrack >/dev/null 2>&1 || need_apt+=(conntrack)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "installing ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if ! docker info >/dev/null 2>&1; then
  log "starting dockerd"
  nohup dockerd >/tmp/krafter-dockerd.log 2>&1 &
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    sleep 1
  done
  docker info >/dev/null 2>&1 || { log "dockerd did not start; see /tmp/krafter-dockerd.log"; exit 1; }
fi
log "docker $(docker version --format '{{.Server.Version}}')"

if [ -x broker-image/build-base-image.sh ]; then
  broker-image/build-base-image.sh
fi

rdkafka_venv=.build/rdkafka-venv
rdkafka_version=2.16.1
if ! "$rdkafka_venv/bin/python" -c "import confluent_kafka, sys; sys.exit(confluent_kafka.version()[0] != '$rdkafka_version')" \
    >/dev/null 2>&1; then
  log "installing confluent-kafka $rdkafka_version (librdkafka) into $rdkafka_venv"
  rm -rf "$rdkafka_venv"
  python3 -m venv "$rdkafka_venv"
  "$rdkafka_venv/bin/pip" install -q "confluent-kafka==$rdkafka_version"
fi

if [ -x helm-chart/install-helm.sh ]; then
  helm-chart/install-helm.sh "$PWD/.build/tools"
fi
log "ready"
