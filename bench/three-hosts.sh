#!/usr/bin/env bash
# Three "hosts" on one Linux machine: network namespaces ckh1, ckh2 and ckh3 with the addresses
# 10.213.0.1-3/24, joined by veth pairs to the bridge ckh-br (10.213.0.254 on this side), each
# running a launcher of one cluster with 2 workers of the hello example on its port 8080.
# Needs root (ip netns). Traffic stays on 10.213.0.0/24, a private range; pick another with
# CK_NET=10.214.0 if that one is in use here.
#
#   bash bench/three-hosts.sh up      # make the namespaces and start the three launchers
#   curl 10.213.0.2:8080/             # a worker of host 2
#   bash bench/three-hosts.sh status  # every host's workers, asked of host 1 (status -all)
#   bash bench/three-hosts.sh down    # stop the launchers (TERM) and remove everything
set -euo pipefail
cd "$(dirname "$0")/.."
NET=${CK_NET:-10.213.0}
BRIDGE=ckh-br
JAR=launcher/target/launcher.jar
APP=examples/target/examples.jar
RUN=${CK_RUN:-/tmp/ckh-run}
VERTICLE=${CK_VERTICLE:-io.clusterkit.examples.hello.HelloVerticle}

up_net() {
  if ip link show "$BRIDGE" >/dev/null 2>&1; then return; fi
  if ip -4 route | grep -q "^$NET\."; then
    echo "$NET.0/24 is already routed here: set CK_NET to a free private range" >&2; exit 1
  fi
  ip link add "$BRIDGE" type bridge
  ip addr add "$NET.254/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  for i in 1 2 3; do
    ip netns add "ckh$i"
    ip link add "ckh$i-v" type veth peer name eth0 netns "ckh$i"
    ip link set "ckh$i-v" master "$BRIDGE" up
    ip -n "ckh$i" addr add "$NET.$i/24" dev eth0
    ip -n "ckh$i" link set eth0 up
    ip -n "ckh$i" link set lo up
  done
}

start() {
  local i=$1
  mkdir -p "$RUN/h$i"
  # every launcher lists all three: each may start first (it names itself: a seed)
  CLUSTERKIT_RUN_DIR="$RUN/h$i" setsid ip netns exec "ckh$i" java -Xmx256m -jar "$JAR" \
    -workers 2 -port 8080 -name "host$i" -cluster-name ckh-demo \
    -cluster-host "$NET.$i" -members "$NET.1,$NET.2,$NET.3" \
    -worker-opts "-Xmx128m" -cp "$APP" "$VERTICLE" >"$RUN/h$i/launcher.out" 2>&1 &
  echo $! >"$RUN/h$i/pid"
}

case "${1:-}" in
  up)
    up_net
    for i in 1 2 3; do start "$i"; done
    for i in 1 2 3; do
      for _ in $(seq 1 120); do
        grep -q "ClusterKit ready" "$RUN/h$i/launcher.out" && break
        if ! kill -0 "$(cat "$RUN/h$i/pid")" 2>/dev/null; then
          echo "host $i ended:"; tail -5 "$RUN/h$i/launcher.out"; exit 1
        fi
        sleep 1
      done
      echo "host $i: $(grep -m1 'ClusterKit ready' "$RUN/h$i/launcher.out" || echo 'not ready')"
    done ;;
  start)
    up_net; start "${2:?host number}" ;;
  status)
    CLUSTERKIT_RUN_DIR="$RUN/h1" ip netns exec ckh1 java -jar "$JAR" status -all -name host1 ;;
  down)
    for i in 1 2 3; do
      if [ -f "$RUN/h$i/pid" ] && kill -0 "$(cat "$RUN/h$i/pid")" 2>/dev/null; then
        kill -TERM "$(cat "$RUN/h$i/pid")"
      fi
    done
    for i in 1 2 3; do
      if [ -f "$RUN/h$i/pid" ]; then
        while kill -0 "$(cat "$RUN/h$i/pid")" 2>/dev/null; do sleep 0.2; done
        rm -f "$RUN/h$i/pid"
      fi
    done
    for i in 1 2 3; do ip netns del "ckh$i" 2>/dev/null || true; done
    ip link del "$BRIDGE" 2>/dev/null || true ;;
  *)
    echo "usage: $0 up|start N|status|down" >&2; exit 2 ;;
esac
