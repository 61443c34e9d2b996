#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# `make demo`: boot a guest (Debian's stock kernel) with a virtio-net standby
# and an e1000e passthrough stand-in, team them with vfteam, ping the team
# from the peer, and move traffic to the standby and back with the migration
# hooks, printing what happens.
#
#   peer 198.18.0.1 --- br0 --- tap0 --- virtio-net (standby) --+
#                          \--- tap1 --- e1000e (primary) ------+- vfteam0 198.18.0.2
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/lib/common.sh
. "$here/lib/common.sh"
# shellcheck source=scripts/lib/build.sh
. "$here/lib/build.sh"

step_begin "dependencies"
"$here/deps.sh"
step_end

kver=$(vfteam_stock_kver)
step_begin "vfteam for $kver"
build_modules stock "/lib/modules/$kver/build"
mapfile -t kos < <(built_modules stock)
"$here/build-initramfs.sh" -k "$kver" -m / -o "$VFTEAM_OUT/stock.cpio.gz" "${kos[@]}"
step_end

export GUEST_LABEL=demo GUEST_KERNEL=/boot/vmlinuz-$kver
export GUEST_INITRD=$VFTEAM_OUT/stock.cpio.gz
# shellcheck source=scripts/lib/integration.sh
. "$here/lib/integration.sh"

MAC=52:54:00:00:00:40
# this demo teams Linux's own e1000e driver; the plugin has its own scenario
export GUEST_APPEND="${GUEST_APPEND:-} modprobe.blacklist=vfteam_e1000e"
t0=$(date +%s.%N)
event() {
	printf '%7.2fs  %-28s active=%-6s state=%-11s %s\n' \
		"$(echo "$(date +%s.%N) - $t0" | bc)" "$1" \
		"$(team_attr demo active_port 2>/dev/null || echo -)" \
		"$(team_attr demo migration 2>/dev/null || echo -)" "${2:-}"
}

step_begin "boot guest (QEMU $(vm_accel))"
netbed_up 2
vm_start_pair demo "$MAC" "$MAC"
vm_wait_ready demo
step_end
sb=$(guest_ifname demo "$MAC" virtio_net)
pt=$(guest_ifname demo "$MAC" e1000e)
echo "guest NICs: standby $sb (virtio-net), primary $pt (e1000e)"

vm_exec demo "modprobe vfteam && ip link add vfteam0 type vfteam &&
	ip link set $sb master vfteam0 && ip link set $pt master vfteam0 &&
	ip addr add $NETBED_GUEST_IP/$NETBED_PREFIX dev vfteam0 &&
	ip link set vfteam0 up"
wait_for 60 team_attr_is demo active_port "$pt" || die "primary never became active"
event "team up"
vm_exec demo "ip -br link; cat /sys/class/net/vfteam0/vfteam/ports"

ping_start
sleep 2
event "pinging every 10 ms"
vm_exec demo "echo prepare > /sys/class/net/vfteam0/vfteam/migration"
event "prepare written"
sleep 2
vm_exec demo "echo abort > /sys/class/net/vfteam0/vfteam/migration"
event "abort written"
wait_for 30 team_attr_is demo active_port "$pt"
event "primary back"
sleep 1
ping_stop
event "done" "ping: $PING_SENT sent, $PING_RECV received, $PING_LOST lost"
echo "switches: $(team_attr demo switches), lost in switches: $(team_attr demo lost_packets)"
vm_stop demo
vm_console_clean demo
echo "demo: ok"
